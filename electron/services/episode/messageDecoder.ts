/**
 * Message decoding by channel message encoding (https://mcap.dev/spec/registry#message-encodings):
 * - `cdr` with a `ros2msg` schema (ROS 2): @foxglove/rosmsg `parse(text, { ros2: true })` + @foxglove/rosmsg2-serialization.
 *   `ros2idl` schemas are tried with the same parser; @foxglove/rosmsg cannot read OMG IDL, so they end up raw.
 * - `ros1` with a `ros1msg` schema: @foxglove/rosmsg `parse(text)` + @foxglove/rosmsg-serialization.
 * - `protobuf` with a `protobuf` schema (binary FileDescriptorSet): protobufjs via @mcap/support, decoded to a plain
 *   object with default values filled in; bytes stay Uint8Array, 64-bit integers become numbers (exact to 2^53),
 *   enums numbers.
 * - `json`: UTF-8 JSON text.
 * Anything else (unknown encodings, schemaless channels, unparsable schemas) decodes to the raw payload bytes, and
 * `rawReason` says why.
 */
import { parse as parseRosMsg } from "@foxglove/rosmsg";
import { MessageReader as Ros1MessageReader } from "@foxglove/rosmsg-serialization";
import { MessageReader as Ros2MessageReader } from "@foxglove/rosmsg2-serialization";
import { protobufFromBinaryDescriptor } from "@mcap/support";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import type { McapChannelInfo } from "./mcapSource.ts";

/** Which decoder a channel uses. */
export type DecoderKind = "cdr" | "ros1" | "protobuf" | "json" | "raw";

/** Decodes the payloads of one channel. */
export interface MessageDecoder {
  readonly kind: DecoderKind;
  /** Why payloads are returned as raw bytes (null when they are decoded). */
  readonly rawReason: string | null;
  /** Payload → plain JavaScript value (raw decoders return the bytes). Throws on malformed payloads. */
  decode(data: Uint8Array): unknown;
}

const textDecoder = new TextDecoder("utf-8", { fatal: true });

function raw(reason: string | null): MessageDecoder {
  return { kind: "raw", rawReason: reason, decode: (data) => data };
}

/**
 * Build the decoder for `channel` from its message encoding and schema. Never throws: a schema that cannot be
 * parsed gives a raw decoder whose `rawReason` names the channel and the problem.
 */
export function createMessageDecoder(channel: McapChannelInfo): MessageDecoder {
  const { messageEncoding, schema, topic } = channel;
  const schemaLabel = schema ? `${schema.name} (${schema.encoding})` : "no schema";
  try {
    switch (messageEncoding) {
      case "cdr": {
        if (!schema || (schema.encoding !== "ros2msg" && schema.encoding !== "ros2idl")) {
          return raw(`${topic}: cdr messages need a ros2msg schema, found ${schemaLabel}`);
        }
        const reader = new Ros2MessageReader(parseRosMsg(textDecoder.decode(schema.data), { ros2: true }));
        return { kind: "cdr", rawReason: null, decode: (data) => reader.readMessage(data) };
      }
      case "ros1": {
        if (!schema || schema.encoding !== "ros1msg") {
          return raw(`${topic}: ros1 messages need a ros1msg schema, found ${schemaLabel}`);
        }
        const reader = new Ros1MessageReader(parseRosMsg(textDecoder.decode(schema.data)));
        return { kind: "ros1", rawReason: null, decode: (data) => reader.readMessage(data) };
      }
      case "protobuf": {
        if (!schema || schema.encoding !== "protobuf") {
          return raw(`${topic}: protobuf messages need a protobuf schema, found ${schemaLabel}`);
        }
        const type = protobufFromBinaryDescriptor(schema.data).lookupType(schema.name);
        return {
          kind: "protobuf",
          rawReason: null,
          decode: (data) =>
            type.toObject(type.decode(data), { longs: Number, enums: Number, defaults: true, arrays: true, objects: true }),
        };
      }
      case "json":
        return { kind: "json", rawReason: null, decode: (data) => JSON.parse(textDecoder.decode(data)) as unknown };
      default:
        return raw(schema || messageEncoding ? `${topic}: message encoding "${messageEncoding}" is not supported` : null);
    }
  } catch (error) {
    if (schema?.encoding === "ros2idl") {
      return raw(`${topic}: ros2idl schema ${schema.name} is not supported (@foxglove/rosmsg reads .msg definitions only)`);
    }
    return raw(`${topic}: cannot parse schema ${schemaLabel}: ${(error as Error).message}`);
  }
}

/**
 * Decode one message.
 * @throws EpiscopeError `decode-failed` naming the topic, the log time (ns) and the problem.
 */
export function decodeMessage(decoder: MessageDecoder, channel: McapChannelInfo, logTimeNs: bigint, data: Uint8Array): unknown {
  try {
    return decoder.decode(data);
  } catch (error) {
    throw new EpiscopeError(
      "decode-failed",
      `${channel.topic}: cannot decode the ${decoder.kind} message at log time ${logTimeNs} ns ` +
        `(${data.byteLength} bytes, schema ${channel.schema?.name || "none"}): ${(error as Error).message}`,
    );
  }
}
