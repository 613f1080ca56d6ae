import { describe, expect, it } from "vitest";
import { createClockStore } from "../stores/clock.ts";
import { SyncPresenter, tileReadyUntil } from "./syncPresenter.ts";

describe("tileReadyUntil", () => {
  const times = BigInt64Array.from([10n, 20n, 30n, 40n]);
  const tile = (ready: number[]) => ({ times, isReady: (i: number) => i < 0 || ready.includes(i) });
  it("is the latest time before the first frame that is not ready", () => {
    expect(tileReadyUntil(tile([1, 2]), 25n, 100n)).toBe(39n);
    expect(tileReadyUntil(tile([1, 2, 3]), 25n, 100n)).toBe(100n);
    expect(tileReadyUntil(tile([1]), 25n, 28n)).toBe(28n);
  });
  it("is null when the frame for the start is not ready; before the first frame nothing is needed", () => {
    expect(tileReadyUntil(tile([2]), 25n, 100n)).toBeNull();
    expect(tileReadyUntil(tile([]), 0n, 5n)).toBe(5n);
    expect(tileReadyUntil(tile([]), 0n, 15n)).toBe(9n);
  });
});

describe("SyncPresenter", () => {
  it("holds the clock until every expected camera has a tile, then draws all tiles for one time", () => {
    const p = new SyncPresenter(createClockStore({ request: () => 0, cancel: () => undefined }));
    const drawn: Array<[string, number]> = [];
    const tile = (name: string, times: bigint[]) => ({
      times: BigInt64Array.from(times),
      isReady: () => true,
      prepare: () => undefined,
      draw: (i: number) => void drawn.push([name, i]),
    });
    p.expect(["/a", "/b"]);
    const offA = p.register("/a", tile("/a", [0n, 10n]));
    expect(p.readyUntil(5n, 20n)).toBeNull();
    p.register("/b", tile("/b", [3n]));
    expect(p.readyUntil(5n, 20n)).toBe(20n);
    drawn.length = 0;
    p.present(12n);
    expect(drawn).toEqual([["/a", 1], ["/b", 0]]);
    offA();
    expect(p.readyUntil(5n, 20n)).toBeNull();
    p.expect(["/b"]); // /a's index failed: no longer waited for
    expect(p.readyUntil(5n, 20n)).toBe(20n);
    p.dispose();
  });
});
