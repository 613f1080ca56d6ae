/**
 * The two bundled sample episodes: names, lengths, start times, per-episode task variation and MCAP metadata.
 * Everything that differs between episodes lives here; the rest of the generator is shared.
 */
import type { TaskVariation } from "./trajectory.ts";

/** Chunk compression of an episode file. */
export type ChunkCompression = "none" | "zstd";

/** Definition of one sample episode. */
export interface EpisodeSpec {
  /** File name without `.mcap`, e.g. `pick_cube_001`. */
  name: string;
  /** Length in seconds; every stream covers [0, durationSec) from `startNs`. */
  durationSec: number;
  /** Log time of the first message: nanoseconds since the Unix epoch (2025-06). */
  startNs: bigint;
  /** Seed of the sensor-noise generator. */
  seed: number;
  /** How the MCAP chunks are compressed (episode 2 exercises the zstd path). */
  compression: ChunkCompression;
  variation: TaskVariation;
  /** Key/values of the MCAP metadata record named `episode`. */
  metadata: Record<"operator" | "task" | "robot" | "session", string>;
}

const TASK = "transfer the cube from the left gripper to the right";
/** 2025-06-15T15:06:40Z, the start of the (fictional) recording session. */
const SESSION_START_NS = 1_750_000_000n * 1_000_000_000n;

/** The episodes written to assets/sample/, in order. */
export const SAMPLE_EPISODES: readonly EpisodeSpec[] = [
  {
    name: "pick_cube_001",
    durationSec: 12,
    startNs: SESSION_START_NS + 250_000_000n,
    seed: 1,
    compression: "none",
    variation: { cubeWaist: 0.22, handoverWaist: 0.42, placeWaist: 0.25 },
    metadata: { operator: "operator_a", task: TASK, robot: "aloha-sim", session: "2025-06-15_session_01" },
  },
  {
    name: "pick_cube_002",
    durationSec: 16,
    startNs: SESSION_START_NS + 95n * 1_000_000_000n + 500_000_000n,
    seed: 2,
    compression: "zstd",
    variation: { cubeWaist: 0.31, handoverWaist: 0.38, placeWaist: 0.18 },
    metadata: { operator: "operator_a", task: TASK, robot: "aloha-sim", session: "2025-06-15_session_01" },
  },
];
