/**
 * Gripper open/close cycles of an episode: the number of gripper closings detected by the robot-event detector
 * (shared/annotation/robotEvents.ts: midpoint crossing with 10 % hysteresis), i.e. grasp attempts. A regrasp shows up
 * as an extra cycle.
 */
import type { NumericSeries } from "../episode.ts";
import { detectRobotEvents } from "../annotation/robotEvents.ts";

/** Fields whose label or path names a gripper. */
export const GRIPPER_PATTERN = /gripper/i;

/**
 * Closings of the first gripper position field of `series` (JointState `position[...]`, else any field).
 * @returns null when the series has no gripper field
 */
export function gripperCycles(series: NumericSeries): number | null {
  const isGripper = (f: { path: string; label: string }) => GRIPPER_PATTERN.test(f.label) || GRIPPER_PATTERN.test(f.path);
  const candidates = series.fields.map((f, i) => ({ f, i })).filter(({ f }) => isGripper(f) && !f.path.startsWith("velocity[") && !f.path.startsWith("effort["));
  const pick = candidates.find(({ f }) => f.path.startsWith("position[")) ?? candidates[0];
  if (!pick) return null;
  const only: NumericSeries = { topic: series.topic, fields: [pick.f], logTimesNs: series.logTimesNs, values: [series.values[pick.i]!] };
  return detectRobotEvents(only).filter((e) => e.kind === "gripper-close").length;
}
