/**
 * Pull camera payloads back out of a sample MCAP: decode the Foxglove protobuf message with the schema stored in the
 * file (protobufFromBinaryDescriptor) and return its `data` bytes (H.264 access units or JPEG files).
 */
import { protobufFromBinaryDescriptor } from "@mcap/support";
import type { McapIndexedReader } from "@mcap/core";

/** A camera message's decoded fields; `timestampNs` from the protobuf Timestamp, `logTimeNs` from the MCAP record. */
export interface DecodedFrame {
  logTimeNs: bigint;
  timestampNs: bigint;
  frameId: string;
  format: string;
  data: Uint8Array;
}

/** Decode every message of a protobuf Foxglove camera `topic`, in log-time order. */
export async function readCameraFrames(reader: McapIndexedReader, topic: string): Promise<DecodedFrame[]> {
  const channel = [...reader.channelsById.values()].find((c) => c.topic === topic);
  if (!channel) throw new Error(`no channel ${topic}`);
  const schema = reader.schemasById.get(channel.schemaId);
  if (!schema || schema.encoding !== "protobuf") throw new Error(`${topic} has no protobuf schema`);
  const type = protobufFromBinaryDescriptor(schema.data).lookupType(schema.name);
  const frames: DecodedFrame[] = [];
  for await (const message of reader.readMessages({ topics: [topic] })) {
    const decoded = type.toObject(type.decode(message.data), { longs: String }) as {
      timestamp?: { seconds?: string; nanos?: number };
      frame_id?: string;
      format?: string;
      data?: Uint8Array;
    };
    frames.push({
      logTimeNs: message.logTime,
      timestampNs: BigInt(decoded.timestamp?.seconds ?? "0") * 1_000_000_000n + BigInt(decoded.timestamp?.nanos ?? 0),
      frameId: decoded.frame_id ?? "",
      format: decoded.format ?? "",
      data: decoded.data ?? new Uint8Array(),
    });
  }
  return frames;
}
