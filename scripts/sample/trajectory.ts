/**
 * Smooth bimanual "cube transfer" joint trajectories for an ALOHA-like robot (two 6-DoF arms + parallel grippers).
 *
 * Each arm follows waypoints (time as a fraction of the episode, 7 joint values) joined by minimum-jerk segments,
 * so positions and velocities are continuous. Phases: left reaches the cube, grasps (gripper closes), lifts and
 * carries it to the middle; right reaches the middle, grasps; left releases and retreats; right places and releases.
 * Joint angles in rad, gripper in rad of the gripper motor (≈1.2 open, ≈0.3 closed on the cube).
 */

/** Joint order within one arm (ALOHA / Interbotix ViperX naming). */
export const ARM_JOINTS = ["waist", "shoulder", "elbow", "forearm_roll", "wrist_angle", "wrist_rotate", "gripper"] as const;

/** The 14 joint names in message order: left arm then right arm. */
export const ALOHA_JOINT_NAMES: readonly string[] = [
  ...ARM_JOINTS.map((j) => `left_${j}`),
  ...ARM_JOINTS.map((j) => `right_${j}`),
];

/** Index of the gripper within one arm's 7 values. */
const GRIPPER = 6;

/** One arm's 7 joint values in {@link ARM_JOINTS} order (rad). */
type ArmPose = readonly [number, number, number, number, number, number, number];

interface Waypoint {
  /** Fraction of the episode duration in [0, 1]. */
  at: number;
  pose: ArmPose;
}

/** Per-episode variation of the task. */
export interface TaskVariation {
  /** Left waist angle (rad) that points the left arm at the cube; differs per episode. */
  cubeWaist: number;
  /** Waist angle magnitude (rad) at which both arms meet for the hand-over. */
  handoverWaist: number;
  /** Right waist angle (rad) where the cube is put down. */
  placeWaist: number;
}

const OPEN = 1.2;
const CLOSED = 0.32;
const HOME = (gripper: number): ArmPose => [0, -0.96, 1.16, 0, -0.3, 0, gripper];

/** The same arm pose with a different gripper value. */
function withGripper(pose: ArmPose, gripper: number): ArmPose {
  return [pose[0], pose[1], pose[2], pose[3], pose[4], pose[5], gripper];
}

function leftWaypoints(v: TaskVariation): Waypoint[] {
  const over: ArmPose = [v.cubeWaist, 0.1, 0.45, 0, 0.95, 0, OPEN];
  const down: ArmPose = [v.cubeWaist, 0.28, 0.38, 0, 0.92, 0, OPEN];
  const lifted: ArmPose = [v.cubeWaist * 0.6, 0.0, 0.3, 0.1, 0.8, 0.2, CLOSED];
  const handover: ArmPose = [-v.handoverWaist, -0.15, 0.55, 0.4, 0.35, 0.6, CLOSED];
  return [
    { at: 0.0, pose: HOME(0.6) },
    { at: 0.04, pose: HOME(0.6) },
    { at: 0.1, pose: HOME(OPEN) },
    { at: 0.26, pose: over },
    { at: 0.32, pose: down },
    { at: 0.4, pose: withGripper(down, CLOSED) },
    { at: 0.5, pose: lifted },
    { at: 0.62, pose: handover },
    { at: 0.7, pose: handover },
    { at: 0.76, pose: withGripper(handover, OPEN) },
    { at: 0.86, pose: [-0.2, -0.5, 0.9, 0.1, 0.0, 0.2, OPEN] },
    { at: 0.98, pose: HOME(0.6) },
  ];
}

function rightWaypoints(v: TaskVariation): Waypoint[] {
  const approach: ArmPose = [v.handoverWaist, -0.1, 0.5, -0.4, 0.4, -0.6, OPEN];
  const atCube: ArmPose = [v.handoverWaist, -0.05, 0.52, -0.4, 0.38, -0.6, OPEN];
  const place: ArmPose = [v.placeWaist, 0.25, 0.35, 0, 0.9, 0, CLOSED];
  return [
    { at: 0.0, pose: HOME(0.6) },
    { at: 0.4, pose: HOME(0.6) },
    { at: 0.46, pose: HOME(OPEN) },
    { at: 0.6, pose: approach },
    { at: 0.66, pose: atCube },
    { at: 0.72, pose: withGripper(atCube, CLOSED) },
    { at: 0.78, pose: withGripper(atCube, CLOSED) },
    { at: 0.88, pose: place },
    { at: 0.93, pose: withGripper(place, OPEN) },
    { at: 1.0, pose: [v.placeWaist, -0.3, 0.8, 0, 0.3, 0, OPEN] },
  ];
}

/** Minimum-jerk blend s(τ) = 10τ³ − 15τ⁴ + 6τ⁵ and its derivative ds/dτ, for τ in [0, 1]. */
function minJerk(tau: number): { s: number; ds: number } {
  const t2 = tau * tau;
  return { s: t2 * tau * (10 - 15 * tau + 6 * t2), ds: 30 * t2 * (1 - 2 * tau + t2) };
}

/** Position (rad) and velocity (rad/s) of one arm at fraction `u` of an episode lasting `durationSec`. */
function sampleArm(waypoints: readonly Waypoint[], u: number, durationSec: number): { q: number[]; dq: number[] } {
  const first = waypoints[0]!;
  const last = waypoints[waypoints.length - 1]!;
  if (u <= first.at) return { q: [...first.pose], dq: first.pose.map(() => 0) };
  if (u >= last.at) return { q: [...last.pose], dq: last.pose.map(() => 0) };
  let k = 0;
  while (waypoints[k + 1]!.at < u) k++;
  const a = waypoints[k]!;
  const b = waypoints[k + 1]!;
  const span = b.at - a.at;
  const { s, ds } = minJerk((u - a.at) / span);
  const dsdt = ds / (span * durationSec);
  return {
    q: a.pose.map((qa, j) => qa + (b.pose[j]! - qa) * s),
    dq: a.pose.map((qa, j) => (b.pose[j]! - qa) * dsdt),
  };
}

/** Commanded positions (rad, 14 values) and velocities (rad/s) of both arms at `tSec` into the episode. */
export interface BimanualState {
  position: number[];
  velocity: number[];
}

/**
 * Build the nominal (noise-free) trajectory of one episode.
 * @returns a function of time since episode start (s) giving 14 positions and velocities in {@link ALOHA_JOINT_NAMES} order.
 */
export function cubeTransferTrajectory(durationSec: number, variation: TaskVariation): (tSec: number) => BimanualState {
  const left = leftWaypoints(variation);
  const right = rightWaypoints(variation);
  return (tSec) => {
    const u = tSec / durationSec;
    const l = sampleArm(left, u, durationSec);
    const r = sampleArm(right, u, durationSec);
    return { position: [...l.q, ...r.q], velocity: [...l.dq, ...r.dq] };
  };
}

/**
 * Plausible joint efforts (N·m) for 14 positions/velocities: gravity load on shoulder/elbow/wrist, viscous friction
 * elsewhere, and a squeezing torque on a gripper that is closed on the cube.
 */
export function jointEfforts(position: readonly number[], velocity: readonly number[]): number[] {
  const effort: number[] = [];
  for (let arm = 0; arm < 2; arm++) {
    const o = arm * 7;
    const q = (j: number) => position[o + j]!;
    const dq = (j: number) => velocity[o + j]!;
    const shoulderElbow = q(1) + q(2);
    effort.push(
      0.35 * dq(0),
      2.1 * Math.sin(q(1)) + 1.2 * Math.sin(shoulderElbow) + 0.4 * dq(1),
      1.2 * Math.sin(shoulderElbow) + 0.3 * dq(2),
      0.15 * dq(3),
      0.25 * Math.sin(shoulderElbow + q(4)) + 0.1 * dq(4),
      0.05 * dq(5),
      // Fingers touch the cube below ≈0.5 rad; squeeze torque ramps up to −0.9 N·m as the motor closes further.
      -0.9 * Math.min(1, Math.max(0, (0.5 - q(GRIPPER)) / 0.18)) + 0.08 * dq(GRIPPER),
    );
  }
  return effort;
}
