/**
 * Foxglove protobuf camera schemas (`foxglove.CompressedVideo`, `foxglove.CompressedImage`) for MCAP:
 * the schema record (binary google.protobuf.FileDescriptorSet) and a message encoder.
 *
 * The .proto text comes from @foxglove/schemas' own generator (`generateProto`), so field numbers match
 * https://github.com/foxglove/foxglove-sdk/tree/main/schemas/proto/foxglove exactly.
 */
import { protobufToDescriptor, unwrapDefaultExport } from "@mcap/support";
import * as schemasInternalNs from "@foxglove/schemas/internal";
import * as protobufNs from "protobufjs";
import * as descriptorNs from "protobufjs/ext/descriptor/index.js";

const protobuf = unwrapDefaultExport<typeof protobufNs>(protobufNs);
const descriptor = unwrapDefaultExport<typeof descriptorNs>(descriptorNs);
const { generateProto, foxgloveMessageSchemas } = unwrapDefaultExport<typeof schemasInternalNs>(schemasInternalNs);

/** The camera message types the sample uses. */
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

/** A camera frame as the protobuf encoder takes it. `timestampNs` is nanoseconds since the Unix epoch. */
export interface CameraFrame {
  timestampNs: bigint;
  frameId: string;
  data: Uint8Array;
  /** `h264` for CompressedVideo, `jpeg` for CompressedImage. */
  format: string;
}

/** Schema record fields plus an encoder for one Foxglove camera type. */
export interface FoxgloveProtoSchema {
  /** Fully qualified name, e.g. `foxglove.CompressedVideo` (MCAP schema name). */
  name: string;
  /** Always `protobuf`. */
  encoding: "protobuf";
  /** Serialized FileDescriptorSet: google/protobuf/timestamp.proto first, then foxglove/<Type>.proto depending on it. */
  data: Uint8Array;
  /** Serialize one frame to protobuf wire format. */
  encode(frame: CameraFrame): Uint8Array;
}

/** Build the MCAP schema and encoder for `foxglove.<type>`. */
export function foxgloveCameraSchema(type: FoxgloveCameraType): FoxgloveProtoSchema {
  const schema = foxgloveMessageSchemas[type];
  if (!schema) throw new Error(`@foxglove/schemas has no ${type}`);
  const root = new protobuf.Root();
  protobuf.parse(TIMESTAMP_PROTO, root, { keepCase: true });
  protobuf.parse(generateProto(schema, []), root, { keepCase: true });
  root.resolveAll();

  const set = protobufToDescriptor(root);
  const files = set.file ?? [];
  const mainFile = `foxglove/${type}.proto`;
  for (const file of files) {
    if (file.package === "google.protobuf") file.name = TIMESTAMP_FILE;
    if (file.package === "foxglove") {
      file.name = mainFile;
      file.dependency = [TIMESTAMP_FILE];
    }
  }
  // Dependencies before dependents, as protoc writes a FileDescriptorSet with --include_imports.
  files.sort((a, b) => Number(a.package !== "google.protobuf") - Number(b.package !== "google.protobuf"));
  const data = descriptor.FileDescriptorSet.encode(set).finish();

  const messageType = root.lookupType(`foxglove.${type}`);
  return {
    name: `foxglove.${type}`,
    encoding: "protobuf",
    data,
    encode(frame) {
      const seconds = frame.timestampNs / 1_000_000_000n;
      const nanos = frame.timestampNs % 1_000_000_000n;
      const message = messageType.fromObject({
        timestamp: { seconds: Number(seconds), nanos: Number(nanos) },
        frame_id: frame.frameId,
        data: frame.data,
        format: frame.format,
      });
      return messageType.encode(message).finish();
    },
  };
}
