/**
 * The robot events of an episode that chunk boundaries snap to: every event of every joint series
 * (robotEvents.ts), merged in time order, and their distinct log times (ns).
 */
import type { NumericSeries } from "../episode.ts";
import { detectRobotEvents, type RobotEvent, type RobotEventOptions } from "./robotEvents.ts";

/** The events of all series, in time order. */
export function robotEventsOf(series: readonly NumericSeries[], options: RobotEventOptions = {}): RobotEvent[] {
  return series
    .flatMap((s) => detectRobotEvents(s, options))
    .sort((a, b) => (a.tNs < b.tNs ? -1 : a.tNs > b.tNs ? 1 : 0));
}

/** The distinct times (ns) of `events`, ascending — the input of snapTime. */
export function eventTimes(events: readonly RobotEvent[]): bigint[] {
  const out: bigint[] = [];
  for (const e of events) if (out.length === 0 || out[out.length - 1]! !== e.tNs) out.push(e.tNs);
  return out;
}

/** A tolerance in milliseconds (the dataset config's `snapToleranceMs`) as integer nanoseconds. */
export function toleranceNsOfMs(ms: number): bigint {
  return BigInt(Math.round(Math.max(0, ms) * 1e6));
}
