/**
 * The motion model of the planted-defect audit dataset: joint positions q(t) = f(s(t)) where the "progress" s advances
 * at a rate profile r(t) ∈ [0, 1] — smooth cosine ramps out of the start rest and into the end rest, and down to 0
 * for each planted pause — so a pause is exactly still and a clean episode never stops in the middle. f keeps the
 * first two joints on a circle (A cos ωs, A sin ωs), so ‖dq/ds‖ ≥ Aω: clean motion has no hesitation by construction.
 * A jerky operator adds a tremor (6 Hz, 0.02 rad) to every arm joint.
 */
import type { Random } from "../../shared/random.ts";

/** Arm joints and the gripper, in message order. */
export const JOINT_NAMES = ["waist", "shoulder", "elbow", "forearm_roll", "wrist_angle", "wrist_rotate", "gripper"] as const;

/** Shape of one episode's motion. */
export interface MotionPlan {
  /** Duration (s). */
  durationS: number;
  /** Rest at the start and at the end (s). */
  restS: number;
  /** Planted pauses [start, end) in s from the episode start. */
  pauses: Array<[number, number]>;
  /** Progress per second while moving (1 = normal; a slow run has the same motion stretched over more time). */
  speed: number;
  /** Tremor amplitude (rad) at 6 Hz; 0 for smooth motion. */
  tremorRad: number;
  /** Per-episode phase of the minor joints (rad) and small offset of the start pose (rad). */
  phase: number;
  startJitter: number;
}

const RAMP_S = 0.3;

/** r(t): 0 in rests and pauses, 1 in motion, cosine ramps of RAMP_S at every change. */
function rate(plan: MotionPlan, t: number): number {
  const edges: Array<[number, number]> = [[-1e9, plan.restS], ...plan.pauses, [plan.durationS - plan.restS, 1e9]];
  let r = 1;
  for (const [a, b] of edges) {
    // Going into a still stretch: ramp down over [a − RAMP_S, a]; out of it: ramp up over [b, b + RAMP_S].
    if (t >= a && t < b) return 0;
    if (t >= a - RAMP_S && t < a) r = Math.min(r, 0.5 + 0.5 * Math.cos((Math.PI * (t - (a - RAMP_S))) / RAMP_S));
    if (t >= b && t < b + RAMP_S) r = Math.min(r, 0.5 - 0.5 * Math.cos((Math.PI * (t - b)) / RAMP_S));
  }
  return r;
}

/**
 * Joint positions (rad; gripper 0 closed … 1 open) sampled at `rateHz` from 0 to durationS: positions[k][j].
 * The gripper closes once in the middle third and opens again in the last third of the progress.
 */
export function jointTrajectory(plan: MotionPlan, rateHz: number): number[][] {
  const n = Math.floor(plan.durationS * rateHz) + 1;
  const out: number[][] = [];
  let s = 0;
  const dt = 1 / rateHz;
  // Total progress of a clean run, to place the gripper events by progress.
  let total = 0;
  for (let k = 0; k < n; k++) total += rate(plan, k * dt) * plan.speed * dt;
  for (let k = 0; k < n; k++) {
    const t = k * dt;
    const u = total > 0 ? s / total : 0;
    const tremor = plan.tremorRad === 0 ? 0 : plan.tremorRad * Math.sin(2 * Math.PI * 6 * t + plan.phase);
    const A = 0.6;
    const w = 0.5;
    const q = [
      A * Math.cos(w * s) + plan.startJitter,
      A * Math.sin(w * s) - plan.startJitter,
      0.3 * Math.sin(0.7 * s + plan.phase) - 0.3 * Math.sin(plan.phase),
      0.2 * Math.sin(0.9 * s + 2 * plan.phase) - 0.2 * Math.sin(2 * plan.phase),
      0.25 * Math.sin(0.4 * s),
      0.1 * Math.sin(1.1 * s),
    ].map((x, j) => x + tremor * (j % 2 === 0 ? 1 : -1));
    const grip = u < 0.33 ? 1 : u < 0.4 ? 0.5 + 0.5 * Math.cos((Math.PI * (u - 0.33)) / 0.07) : u < 0.75 ? 0 : u < 0.82 ? 0.5 - 0.5 * Math.cos((Math.PI * (u - 0.75)) / 0.07) : 1;
    out.push([...q, grip]);
    s += rate(plan, t) * plan.speed * dt;
  }
  return out;
}

/** A clean plan of about `baseS` seconds (±5 %). */
export function cleanPlan(random: Random, baseS: number): MotionPlan {
  return { durationS: Math.round(baseS * (0.95 + 0.1 * random()) * 100) / 100, restS: 0.5, pauses: [], speed: 1, tremorRad: 0, phase: random() * 0.2, startJitter: (random() - 0.5) * 0.01 };
}
