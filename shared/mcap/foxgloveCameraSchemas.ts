/**
 * Foxglove protobuf camera schemas for MCAP (https://mcap.dev/spec/registry#protobuf): `foxglove.CompressedVideo`
 * and `foxglove.CompressedImage` as schema records (binary google.protobuf.FileDescriptorSet) plus a message encoder.
 *
 * The .proto text comes from @foxglove/schemas' own generator (`generateProto`), so field numbers match
 * https://github.com/foxglove/foxglove-sdk/tree/main/schemas/proto/foxglove. Pure TypeScript (no Node, no DOM):
 * usable by the importer and by the sample generator alike.
 */
import { protobufToDescriptor, unwrapDefaultExport } from "@mcap/support";
import * as schemasInternalNs from "@foxglove/schemas/internal.js";
import * as protobufNs from "protobufjs";
import * as descriptorNs from "protobufjs/ext/descriptor/index.js";

const protobuf = unwrapDefaultExport<typeof protobufNs>(protobufNs);
const descriptor = unwrapDefaultExport<typeof descriptorNs>(descriptorNs);
const { generateProto, foxgloveMessageSchemas } = unwrapDefaultExport<typeof schemasInternalNs>(schemasInternalNs);

/** The Foxglove camera message types built here. */
export type FoxgloveCameraType = "CompressedVideo" | "CompressedImage";

/** google/protobuf/timestamp.proto, reduced to its fields (the only import of the camera schemas). */
const TIMESTAMP_PROTO = `syntax = "proto3";
package google.protobuf;
message Timestamp {
  int64 seconds = 1;
  int32 nanos = 2;
}
`;
const TIMESTAMP_FILE = "google/protobuf/timestamp.proto";

/** One camera frame as the encoder takes it. */
export interface FoxgloveCameraFrame {
  /** Capture time, nanoseconds (written as google.protobuf.Timestamp seconds + nanos; must be ≥ 0). */
  timestampNs: bigint;
  /** Coordinate frame id (may be empty). */
  frameId: string;
  /** CompressedVideo: one access unit (H.264/H.265 Annex B, or one AV1 temporal unit). CompressedImage: the file bytes. */
  data: Uint8Array;
  /** CompressedVideo: `h264`, `h265`, `vp9`, `av1`. CompressedImage: `jpeg`, `png`, `webp`. */
  format: string;
}

/** Schema record fields plus an encoder for one Foxglove camera type. */
export interface FoxgloveCameraSchema {
  /** Fully qualified name, e.g. `foxglove.CompressedVideo` (the MCAP schema name). */
  name: string;
  /** Always `protobuf`. */
  encoding: "protobuf";
  /** Serialized FileDescriptorSet: google/protobuf/timestamp.proto first, then foxglove/<Type>.proto. */
  data: Uint8Array;
  /** Serialize one frame to protobuf wire format. */
  encode(frame: FoxgloveCameraFrame): Uint8Array;
}

const cache = new Map<FoxgloveCameraType, FoxgloveCameraSchema>();

/**
 * The MCAP schema and encoder of `foxglove.<type>` (built once per type, then cached).
 * @throws Error when @foxglove/schemas lacks the type (a broken install).
 */
export function foxgloveCameraSchema(type: FoxgloveCameraType): FoxgloveCameraSchema {
  const cached = cache.get(type);
  if (cached) return cached;
  const schema = foxgloveMessageSchemas[type];
  if (!schema) throw new Error(`@foxglove/schemas has no ${type}`);
  const root = new protobuf.Root();
  protobuf.parse(TIMESTAMP_PROTO, root, { keepCase: true });
  protobuf.parse(generateProto(schema, []), root, { keepCase: true });
  root.resolveAll();

  const set = protobufToDescriptor(root);
  const files = set.file ?? [];
  for (const file of files) {
    if (file.package === "google.protobuf") file.name = TIMESTAMP_FILE;
    if (file.package === "foxglove") {
      file.name = `foxglove/${type}.proto`;
      file.dependency = [TIMESTAMP_FILE];
    }
  }
  // Dependencies before dependents, as protoc writes a FileDescriptorSet with --include_imports.
  files.sort((a, b) => Number(a.package !== "google.protobuf") - Number(b.package !== "google.protobuf"));
  const data = descriptor.FileDescriptorSet.encode(set).finish();

  const messageType = root.lookupType(`foxglove.${type}`);
  const built: FoxgloveCameraSchema = {
    name: `foxglove.${type}`,
    encoding: "protobuf",
    data,
    encode(frame) {
      const message = messageType.fromObject({
        timestamp: { seconds: Number(frame.timestampNs / 1_000_000_000n), nanos: Number(frame.timestampNs % 1_000_000_000n) },
        frame_id: frame.frameId,
        data: frame.data,
        format: frame.format,
      });
      return messageType.encode(message).finish();
    },
  };
  cache.set(type, built);
  return built;
}
