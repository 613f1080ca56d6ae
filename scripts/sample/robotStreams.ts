/**
 * The robot topics of a sample episode:
 * - `/joint_states`: sensor_msgs/msg/JointState (ROS 2 CDR) at 100 Hz, measured = command delayed by 40 ms + noise.
 * - `/action`: commanded 14-D joint positions (rad) at 50 Hz as JSON `{ "positions": number[] }`.
 */
import type { EpisodeSpec } from "./episodes.ts";
import { JOINT_STATE_DEFINITION, JOINT_STATE_SCHEMA_NAME, encodeJointState } from "./jointState.ts";
import { mulberry32, noise } from "./prng.ts";
import { periodicTimeNs, sampleCount } from "./timing.ts";
import { ALOHA_JOINT_NAMES, cubeTransferTrajectory, jointEfforts } from "./trajectory.ts";
import type { OutMessage, SchemaDef, TopicStream } from "./types.ts";

/** Joint state rate (Hz). */
export const JOINT_STATE_HZ = 100;
/** Action (command) rate (Hz). */
export const ACTION_HZ = 50;
/** How far the measured joints lag the command (s). */
export const TRACKING_LAG_SEC = 0.04;

const utf8 = new TextEncoder();

/** JSON Schema of the /action messages. */
export const ACTION_SCHEMA: SchemaDef = {
  name: "aloha.JointCommand",
  encoding: "jsonschema",
  data: utf8.encode(
    JSON.stringify({
      title: "aloha.JointCommand",
      description: "Commanded joint positions of both arms (rad), in the /joint_states name order",
      type: "object",
      properties: {
        positions: { type: "array", items: { type: "number" }, minItems: 14, maxItems: 14 },
      },
      required: ["positions"],
    }),
  ),
};

/** Round to 5 decimals (10 µrad), enough for a command and keeps the JSON short. */
const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

/** /joint_states for one episode: 100 Hz, 14 joints, positions (rad), velocities (rad/s), efforts (N·m). */
export function jointStateStream(episode: EpisodeSpec): TopicStream {
  const trajectory = cubeTransferTrajectory(episode.durationSec, episode.variation);
  const random = mulberry32(episode.seed);
  const count = sampleCount(episode.durationSec, JOINT_STATE_HZ);
  const schema: SchemaDef = { name: JOINT_STATE_SCHEMA_NAME, encoding: "ros2msg", data: utf8.encode(JOINT_STATE_DEFINITION) };
  const messages: OutMessage[] = [];
  for (let i = 0; i < count; i++) {
    const logTimeNs = periodicTimeNs(episode.startNs, JOINT_STATE_HZ, i);
    const nominal = trajectory(i / JOINT_STATE_HZ - TRACKING_LAG_SEC);
    const position = nominal.position.map((q) => q + noise(random, 5e-4));
    const velocity = nominal.velocity.map((v) => v + noise(random, 4e-3));
    const effort = jointEfforts(position, velocity).map((e) => e + noise(random, 0.02));
    const data = encodeJointState({ stampNs: logTimeNs, frameId: "", name: ALOHA_JOINT_NAMES, position, velocity, effort });
    messages.push({ topic: "/joint_states", logTimeNs, data });
  }
  return { channel: { topic: "/joint_states", messageEncoding: "cdr", schema }, messages };
}

/** /action for one episode: 50 Hz JSON commands, leading /joint_states by {@link TRACKING_LAG_SEC}. */
export function actionStream(episode: EpisodeSpec): TopicStream {
  const trajectory = cubeTransferTrajectory(episode.durationSec, episode.variation);
  const count = sampleCount(episode.durationSec, ACTION_HZ);
  const messages: OutMessage[] = [];
  for (let i = 0; i < count; i++) {
    const logTimeNs = periodicTimeNs(episode.startNs, ACTION_HZ, i);
    const positions = trajectory(i / ACTION_HZ).position.map(round5);
    messages.push({ topic: "/action", logTimeNs, data: utf8.encode(JSON.stringify({ positions })) });
  }
  return { channel: { topic: "/action", messageEncoding: "json", schema: ACTION_SCHEMA }, messages };
}
