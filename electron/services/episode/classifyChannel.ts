/**
 * What a channel is for in the review screen: a camera, a numeric signal to plot ("joints"), or other.
 *
 * - camera: `foxglove.CompressedVideo` (payload `video`); `foxglove.CompressedImage`, `sensor_msgs/(msg/)CompressedImage`
 *   (`image`); `foxglove.RawImage`, `sensor_msgs/(msg/)Image` (`raw`).
 * - joints: `sensor_msgs/(msg/)JointState`, or any other channel whose first decoded message has a numeric leaf
 *   (see numericFields.ts) unless its schema is in NON_SIGNAL_SCHEMAS.
 * - other: everything else, including channels without messages whose schema says nothing.
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

/**
 * Classify a channel.
 * @param schemaName schema name ("" for schemaless channels)
 * @param firstMessage the channel's first decoded message, or undefined when it has none (or it could not be decoded)
 */
export function classifyChannel(schemaName: string, firstMessage: unknown): ChannelClass {
  const bySchema = classifyBySchema(schemaName);
  if (bySchema) return bySchema;
  if (firstMessage !== undefined && !(firstMessage instanceof Uint8Array) && hasNumericLeaf(firstMessage)) {
    return { kind: "joints" };
  }
  return { kind: "other" };
}
