import { describe, expect, it } from "vitest";
import type { NumericSeries } from "../episode.ts";
import { eventTimes, robotEventsOf, toleranceNsOfMs } from "./snapTargets.ts";

/** A gripper that opens at 1 s in series A and closes at 2 s in series B (100 Hz samples). */
function gripperSeries(topic: string, value: (tS: number) => number): NumericSeries {
  const n = 300;
  const logTimesNs = new BigInt64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    logTimesNs[i] = BigInt(i) * 10_000_000n;
    v[i] = value(i / 100);
  }
  return { topic, fields: [{ path: "position[0]", label: "gripper" }], logTimesNs, values: [v] } as NumericSeries;
}

describe("snap targets", () => {
  it("merges the events of several series in time order, with distinct times", () => {
    const a = gripperSeries("/a", (t) => (t < 1 ? 0 : 1));
    const b = gripperSeries("/b", (t) => (t < 2 ? 1 : 0));
    const events = robotEventsOf([b, a]);
    expect(events.map((e) => e.kind)).toEqual(["gripper-open", "gripper-close"]);
    expect(events[0]!.tNs).toBeLessThan(events[1]!.tNs);
    expect(eventTimes([...events, events[1]!])).toEqual(events.map((e) => e.tNs));
    expect(robotEventsOf([])).toEqual([]);
  });

  it("converts a tolerance in ms to ns", () => {
    expect(toleranceNsOfMs(150)).toBe(150_000_000n);
    expect(toleranceNsOfMs(0.5)).toBe(500_000n);
    expect(toleranceNsOfMs(-3)).toBe(0n);
  });
});
