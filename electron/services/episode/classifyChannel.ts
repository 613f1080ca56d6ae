/**
 * What a channel is for in the review screen: a camera, joints (plotted by default), another numeric signal, or other.
 *
 * - camera: `foxglove.CompressedVideo` (payload `video`); `foxglove.CompressedImage`, `sensor_msgs/(msg/)CompressedImage`
 *   (`image`); `foxglove.RawImage`, `sensor_msgs/(msg/)Image` (`raw`).
 * - joints: `sensor_msgs/(msg/)JointState`, or a channel whose first decoded message has a numeric leaf (see
 *   numericFields.ts) and looks like an arm's state or command: its schema name says joint/arm/gripper/action/command/state,
 *   or a top-level field is position(s), qpos, joint(s), velocity or effort.
 * - signal: any other numeric message (IMU, battery, range, a custom vector): plottable, not joints.
 * - other: NON_SIGNAL_SCHEMAS and everything else, including channels without messages whose schema says nothing.
 */
import type { CameraPayload, ChannelKind } from "../../../shared/episode.ts";
import { hasNumericLeaf } from "./numericFields.ts";

/** A channel's kind, and for cameras how frames are stored. */
export interface ChannelClass {
  kind: ChannelKind;
  cameraPayload?: CameraPayload;
}

/** `pkg/msg/Type` → `pkg/Type`, so ROS 1 and ROS 2 names compare equal; other names unchanged. */
export function normalizeSchemaName(name: string): string {
  return name.replace(/^([^/]+)\/msg\/([^/]+)$/, "$1/$2");
}

const CAMERA_SCHEMAS: ReadonlyMap<string, CameraPayload> = new Map([
  ["foxglove.CompressedVideo", "video"],
  ["foxglove.CompressedImage", "image"],
  ["sensor_msgs/CompressedImage", "image"],
  ["foxglove.RawImage", "raw"],
  ["sensor_msgs/Image", "raw"],
]);

const JOINT_SCHEMAS: ReadonlySet<string> = new Set(["sensor_msgs/JointState"]);

/**
 * Schemas whose numbers are not signals worth plotting (names normalized, see normalizeSchemaName):
 * log records (level, line), camera calibration, point clouds, transforms, markers, diagnostics, parameter events.
 */
export const NON_SIGNAL_SCHEMAS: ReadonlySet<string> = new Set([
  // logs
  "rcl_interfaces/Log",
  "rosgraph_msgs/Log",
  "foxglove.Log",
  // camera calibration
  "sensor_msgs/CameraInfo",
  "foxglove.CameraCalibration",
  // point clouds
  "sensor_msgs/PointCloud2",
  "sensor_msgs/PointCloud",
  "foxglove.PointCloud",
  // transforms
  "tf2_msgs/TFMessage",
  "tf/tfMessage",
  "foxglove.FrameTransform",
  "foxglove.FrameTransforms",
  // markers / scene
  "visualization_msgs/Marker",
  "visualization_msgs/MarkerArray",
  "foxglove.SceneUpdate",
  // diagnostics, parameters
  "diagnostic_msgs/DiagnosticArray",
  "rcl_interfaces/ParameterEvent",
]);

/** The class implied by the schema name alone, or null when the messages must be looked at. */
export function classifyBySchema(schemaName: string): ChannelClass | null {
  const name = normalizeSchemaName(schemaName);
  const cameraPayload = CAMERA_SCHEMAS.get(name);
  if (cameraPayload) return { kind: "camera", cameraPayload };
  if (JOINT_SCHEMAS.has(name)) return { kind: "joints" };
  if (NON_SIGNAL_SCHEMAS.has(name)) return { kind: "other" };
  return null;
}

/** Schema names of arm states/commands: these words anywhere, or `state`/`qpos` as a whole dotted/slashed segment (an imported `episcope.import.observation.state`; not `BatteryState`). */
const JOINT_SCHEMA_WORDS = /joint|arm|gripper|action|command|(^|[./_])(state|qpos)($|[./_])/i;
const JOINT_FIELDS = /^(positions?|qpos|joints?|joint_positions|velocity|velocities|effort)$/i;

/** True when a numeric message is an arm's state or command (see the module comment), not some other sensor. */
function looksLikeJoints(schemaName: string, message: unknown): boolean {
  if (JOINT_SCHEMA_WORDS.test(schemaName)) return true;
  if (ArrayBuffer.isView(message) || Array.isArray(message)) return !schemaName; // a bare schemaless vector
  return !!message && typeof message === "object" && Object.keys(message).some((k) => JOINT_FIELDS.test(k));
}

/**
 * Classify a channel.
 * @param schemaName schema name ("" for schemaless channels)
 * @param firstMessage the channel's first decoded message, or undefined when it has none (or it could not be decoded)
 */
export function classifyChannel(schemaName: string, firstMessage: unknown): ChannelClass {
  const bySchema = classifyBySchema(schemaName);
  if (bySchema) return bySchema;
  if (firstMessage !== undefined && !(firstMessage instanceof Uint8Array) && hasNumericLeaf(firstMessage)) {
    return { kind: looksLikeJoints(schemaName, firstMessage) ? "joints" : "signal" };
  }
  return { kind: "other" };
}
