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
    expect(clock.getState().tNs).toBe(0n);
    clock.getState().togglePlay();
    expect(clock.getState().playing).toBe(false);
    expect(sched.pending).toBe(0);
  });

  it("steps to the next/previous frame of any camera and pauses", () => {
    const clock = createClockStore(manualScheduler());
    clock.getState().reset(0n, 100n);
    clock.getState().setCameraTimes([BigInt64Array.from([0n, 30n, 60n]), BigInt64Array.from([10n, 50n])]);
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
