/** A pane view follows its store, except while held; it catches up in one step when the last hold is released. */
import { describe, expect, it } from "vitest";
import { createStore } from "zustand/vanilla";
import { holdPanes, paneView, panesHeld } from "./paneView.ts";

describe("paneView", () => {
  it("follows the store at once, keeps its state while held (nested holds), and catches up on the last release", () => {
    const store = createStore<{ n: number }>()(() => ({ n: 0 }));
    const view = paneView(store);
    const seen: number[] = [];
    view.subscribe((s) => seen.push(s.n));
    store.setState({ n: 1 });
    expect(view.getState().n).toBe(1);
    const outer = holdPanes();
    const inner = holdPanes();
    expect(panesHeld()).toBe(true);
    store.setState({ n: 2 });
    store.setState({ n: 3 });
    expect(view.getState().n).toBe(1);
    inner();
    inner();
    expect(view.getState().n).toBe(1);
    outer();
    expect(panesHeld()).toBe(false);
    expect(view.getState().n).toBe(3);
    // One update for the two changes made while held.
    expect(seen).toEqual([1, 3]);
    store.setState({ n: 4 });
    expect(view.getState().n).toBe(4);
  });
});
