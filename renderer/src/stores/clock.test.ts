import { describe, expect, it } from "vitest";
import { createClockStore } from "./clock.ts";

/** A manual scheduler: the test decides when animation frames run and at what time. */
function manualScheduler() {
  let queued: Array<{ id: number; cb: (now: number) => void }> = [];
  let nextId = 1;
  return {
    request(cb: (now: number) => void) {
      const id = nextId++;
      queued.push({ id, cb });
      return id;
    },
    cancel(id: number) {
      queued = queued.filter((q) => q.id !== id);
    },
    run(now: number) {
      const q = queued;
      queued = [];
      q.forEach((f) => f.cb(now));
    },
    get pending() {
      return queued.length;
    },
  };
}

const MS = 1_000_000n;

describe("clock store", () => {
  it("clamps seeks and resets into the range", () => {
    const clock = createClockStore(manualScheduler());
    clock.getState().reset(1000n * MS, 2000n * MS, 5000n * MS);
    expect(clock.getState().tNs).toBe(2000n * MS);
    clock.getState().seek(0n);
    expect(clock.getState().tNs).toBe(1000n * MS);
    clock.getState().seekBy(1500n * MS);
    expect(clock.getState().tNs).toBe(2000n * MS);
    clock.getState().toStart();
    expect(clock.getState().tNs).toBe(1000n * MS);
  });

  it("plays with animation frames at the chosen speed and stops at the end", () => {
    const sched = manualScheduler();
    const clock = createClockStore(sched);
    clock.getState().reset(0n, 100n * MS);
    clock.getState().setSpeed(2);
    clock.getState().play();
    sched.run(1000); // first frame only sets the reference time
    expect(clock.getState().tNs).toBe(0n);
    sched.run(1010);
    expect(clock.getState().tNs).toBe(20n * MS);
    sched.run(1100);
    expect(clock.getState().tNs).toBe(100n * MS);
    expect(clock.getState().playing).toBe(false);
    expect(sched.pending).toBe(0);
    // Play at the end restarts from the start.
    clock.getState().play();
    sched.run(2000);
    expect(clock.getState().tNs).toBe(0n);
    clock.getState().togglePlay();
    expect(clock.getState().playing).toBe(false);
    expect(sched.pending).toBe(0);
  });

  it("steps to the next/previous frame of any camera and pauses", () => {
    const clock = createClockStore(manualScheduler());
    clock.getState().reset(0n, 100n);
    clock.getState().setCameraTimes({ a: BigInt64Array.from([0n, 30n, 60n]), b: BigInt64Array.from([10n, 50n]) });
    clock.getState().play();
    clock.getState().stepFrame(1);
    expect(clock.getState()).toMatchObject({ tNs: 10n, playing: false });
    clock.getState().stepFrame(1);
    expect(clock.getState().tNs).toBe(30n);
    clock.getState().stepFrame(-1);
    expect(clock.getState().tNs).toBe(10n);
    clock.getState().seek(60n);
    clock.getState().stepFrame(1);
    expect(clock.getState().tNs).toBe(100n);
    clock.getState().toStart();
    clock.getState().stepFrame(-1);
    expect(clock.getState().tNs).toBe(0n);
  });

  it("keeps the speed within 0.25–4 and does not play an empty range", () => {
    const clock = createClockStore(manualScheduler());
    clock.getState().setSpeed(10);
    expect(clock.getState().speed).toBe(4);
    clock.getState().play();
    expect(clock.getState().playing).toBe(false);
  });
});

describe("clock with a present gate (atomic presentation)", () => {
  /** A gate whose tiles are ready up to `readyNs`; records what was drawn. */
  function fakeGate() {
    const g = {
      readyNs: -1n,
      drawn: [] as bigint[],
      want() {},
      readyUntil(from: bigint, to: bigint) {
        if (from > g.readyNs) return null;
        return to < g.readyNs ? to : g.readyNs;
      },
      present(t: bigint) {
        g.drawn.push(t);
      },
    };
    return g;
  }

  it("publishes a seek only when every tile is ready, drawing the tiles first", () => {
    const sched = manualScheduler();
    const clock = createClockStore(sched);
    clock.getState().reset(0n, 1000n * MS);
    const gate = fakeGate();
    gate.readyNs = 0n;
    clock.getState().setGate(gate);
    const seen: Array<[bigint, number]> = [];
    clock.subscribe((s) => seen.push([s.tNs, gate.drawn.length]));
    clock.getState().seek(500n * MS);
    expect(clock.getState()).toMatchObject({ tNs: 0n, requestNs: 500n * MS });
    sched.run(16);
    expect(clock.getState().tNs).toBe(0n); // frames not ready: the clock holds
    gate.readyNs = 500n * MS;
    sched.run(32);
    expect(clock.getState().tNs).toBe(500n * MS);
    expect(gate.drawn.at(-1)).toBe(500n * MS);
    // When the new time was published, the tiles had already been drawn for it.
    const published = seen.find(([t]) => t === 500n * MS)!;
    expect(published[1]).toBe(gate.drawn.length);
  });

  it("never runs ahead of the decoded frames; catches up with wall time by skipping, resyncs after a long stall", () => {
    const sched = manualScheduler();
    const clock = createClockStore(sched);
    clock.getState().reset(0n, 5000n * MS);
    const gate = fakeGate();
    gate.readyNs = 30n * MS;
    clock.getState().setGate(gate);
    clock.getState().play();
    sched.run(1000);
    sched.run(1100); // wants 100 ms, only 30 ms is ready
    expect(clock.getState().tNs).toBe(30n * MS);
    gate.readyNs = 5000n * MS;
    sched.run(1110); // everything ready: back on wall time (110 ms), the frames in between are skipped
    expect(clock.getState().tNs).toBe(110n * MS);
    // A stall longer than a second: play on from what is shown instead of jumping a second ahead.
    gate.readyNs = 120n * MS;
    for (let now = 1200; now <= 2200; now += 200) sched.run(now); // 1.08 s behind at 2200: resync there
    expect(clock.getState().tNs).toBe(120n * MS);
    gate.readyNs = 5000n * MS;
    sched.run(2210);
    expect(clock.getState().tNs).toBe(130n * MS);
  });

  it("while playing, publishes a time that changes no camera's frame only 1/30 s after the last publish", () => {
    const sched = manualScheduler();
    const clock = createClockStore(sched);
    clock.getState().reset(0n, 5000n * MS);
    // One camera at 10 fps: frames at 0, 100, 200, … ms.
    const gate = Object.assign(fakeGate(), { changes: (a: bigint, b: bigint) => a / (100n * MS) !== b / (100n * MS) });
    gate.readyNs = 5000n * MS;
    clock.getState().setGate(gate);
    clock.getState().play();
    sched.run(1000);
    const published: bigint[] = [];
    clock.subscribe((st, prev) => st.tNs !== prev.tNs && published.push(st.tNs));
    for (let now = 1016; now <= 1250; now += 16) sched.run(now);
    // Display frames every 16 ms: the first display frames showing camera frame 1 (100 ms) and 2 (200 ms) are
    // published at once (112, 208), other times ≥ 33 ms after the last publish (64 after 16, 160 after 112).
    expect(published).toEqual([16n, 64n, 112n, 160n, 208n].map((ms) => ms * MS));
  });

  it("loops inside the selection", () => {
    const sched = manualScheduler();
    const clock = createClockStore(sched);
    clock.getState().reset(0n, 1000n * MS);
    clock.getState().setLoop(100n * MS, 200n * MS);
    clock.getState().play();
    sched.run(0);
    expect(clock.getState().tNs).toBe(100n * MS);
    sched.run(1);
    sched.run(150);
    expect(clock.getState().tNs).toBe(200n * MS);
    sched.run(160);
    expect(clock.getState().tNs).toBe(100n * MS);
  });
});
