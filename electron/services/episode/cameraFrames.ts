/**
 * Pull the frame payload out of a decoded camera message:
 * - video (`foxglove.CompressedVideo`: data, format),
 * - image (`foxglove.CompressedImage` / `sensor_msgs/msg/CompressedImage`: data, format),
 * - raw (`foxglove.RawImage` / `sensor_msgs/msg/Image`: width, height, encoding, step, data, is_bigendian).
 * Field names follow the schemas (https://docs.foxglove.dev/docs/visualization/message-schemas/introduction and
 * https://docs.ros2.org/latest/api/sensor_msgs/). JSON-encoded messages carry bytes as base64 strings; those are
 * decoded too.
 */
import type { CameraPayload } from "../../../shared/episode.ts";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";

/** A frame's payload and format, before it is placed in a CameraFrame. */
export interface ExtractedFrame {
  /** See FrameIndex.format. */
  format: string;
  /** May be a view into a larger buffer: copy before sending it anywhere. */
  data: Uint8Array;
  width?: number;
  height?: number;
  step?: number;
  bigEndian?: boolean;
}

function field(message: unknown, name: string): unknown {
  return message !== null && typeof message === "object" ? (message as Record<string, unknown>)[name] : undefined;
}

function bytesField(message: unknown, topic: string, logTimeNs: bigint): Uint8Array {
  const data = field(message, "data");
  if (data instanceof Uint8Array) return data;
  if (typeof data === "string") return new Uint8Array(Buffer.from(data, "base64"));
  if (Array.isArray(data) && data.every((b) => typeof b === "number")) return Uint8Array.from(data as number[]);
  throw new EpiscopeError("decode-failed", `${topic}: the frame at log time ${logTimeNs} ns has no byte field "data"`);
}

function numberField(message: unknown, name: string): number | undefined {
  const value = field(message, name);
  return typeof value === "number" ? value : typeof value === "bigint" ? Number(value) : undefined;
}

/**
 * The image format of compressed image bytes: sniffed from the magic numbers (JPEG FF D8 FF, PNG 89 50 4E 47,
 * WebP RIFF….WEBP), else from the declared `format` string (ROS uses e.g. `rgb8; jpeg compressed bgr8`), else the
 * declared string lower-cased.
 */
export function imageFormat(declared: string, data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return "jpeg";
  if (data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return "png";
  if (
    data.length >= 12 &&
    String.fromCharCode(...data.subarray(0, 4)) === "RIFF" &&
    String.fromCharCode(...data.subarray(8, 12)) === "WEBP"
  ) {
    return "webp";
  }
  const lower = declared.toLowerCase();
  if (lower.includes("png")) return "png";
  if (lower.includes("webp")) return "webp";
  if (lower.includes("jpeg") || lower.includes("jpg")) return "jpeg";
  return lower;
}

/**
 * The frame in a decoded camera message.
 * @throws EpiscopeError `decode-failed` naming the topic and log time when a required field is missing.
 */
export function extractFrame(payload: CameraPayload, message: unknown, topic: string, logTimeNs: bigint): ExtractedFrame {
  const data = bytesField(message, topic, logTimeNs);
  const declared = String(field(message, payload === "raw" ? "encoding" : "format") ?? "");
  switch (payload) {
    case "video":
      return { format: declared.toLowerCase(), data };
    case "image":
      return { format: imageFormat(declared, data), data };
    case "raw": {
      const width = numberField(message, "width");
      const height = numberField(message, "height");
      const step = numberField(message, "step");
      if (width === undefined || height === undefined || step === undefined) {
        throw new EpiscopeError("decode-failed", `${topic}: the raw image at log time ${logTimeNs} ns lacks width/height/step`);
      }
      const bigEndianField = field(message, "is_bigendian");
      return { format: declared, data, width, height, step, bigEndian: bigEndianField === true || bigEndianField === 1 };
    }
  }
}
