/**
 * What the panes render from: a view of a store that follows it at once, except while the panes are held
 * (`holdPanes`) — then it keeps the state it had and catches up in one step when the last hold is released.
 *
 * Why: on `n` with the next episode loaded ahead, the Player shows the new episode's pictures in the key's own task;
 * re-rendering every other pane (inspector, timeline, plots, episode list) in that task would double the time to the
 * first painted picture. The Player holds the panes for that one paint and releases them right after it (or at the
 * first input, whichever comes first), so the panes follow one frame later. An episode not loaded ahead is held the
 * same way from its "loading" state until its first pictures are painted (at most a second): the panes' render of
 * the new episode would otherwise take the main thread between its frame indexes and its first frames' decode. Only rendering lags: actions and
 * `getState()` always read the store itself, so a key pressed meanwhile acts on the episode now open.
 */
import { createStore, type StoreApi } from "zustand/vanilla";

/** Views that follow their store, to bring up to date when the last hold is released. */
const views: Array<() => void> = [];
let holds = 0;

/** A view of `source` for React panes (see the module doc); it never writes back. */
export function paneView<S>(source: StoreApi<S>): StoreApi<S> {
  const view = createStore<S>()(() => source.getState());
  const sync = () => {
    if (view.getState() !== source.getState()) view.setState(source.getState(), true);
  };
  source.subscribe(() => {
    if (holds === 0) sync();
  });
  views.push(sync);
  return view;
}

/** Whether the panes are held now. */
export function panesHeld(): boolean {
  return holds > 0;
}

/**
 * Hold every pane view at its present state until the returned release is called (idempotent). Holds nest; the
 * views catch up when the last is released. Any key press or pointer press releases it first (capture phase), so
 * the panes a reviewer acts on are never behind.
 */
export function holdPanes(): () => void {
  holds++;
  let released = false;
  const onInput = () => release();
  const release = () => {
    if (released) return;
    released = true;
    if (typeof window !== "undefined") {
      window.removeEventListener("keydown", onInput, true);
      window.removeEventListener("pointerdown", onInput, true);
    }
    holds--;
    if (holds === 0) for (const sync of views) sync();
  };
  if (typeof window !== "undefined") {
    window.addEventListener("keydown", onInput, true);
    window.addEventListener("pointerdown", onInput, true);
  }
  return release;
}
