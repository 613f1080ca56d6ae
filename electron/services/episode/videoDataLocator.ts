/**
 * Where the frame bytes (`data`) of a serialized `foxglove.CompressedVideo` message start, found from the message's
 * first bytes without decoding it, so a frame index can read each frame's codec headers only (videoKeyframes.ts).
 * Protobuf messages (https://protobuf.dev/programming-guides/encoding/): the fields are walked (varint, 64-bit,
 * length-delimited, 32-bit wire types) to the `data` field, whose number comes from the channel's schema. Other
 * encodings (JSON carries base64) have no locator: the caller decodes the whole message.
 */
import { protobufFromBinaryDescriptor } from "@mcap/support";
import type { McapChannelInfo } from "./mcapSource.ts";

/**
 * Finds the frame bytes in the first bytes of one serialized message.
 * @returns `{ start, length }` (offsets in the message; `length` is the declared length of the whole data field, which
 *   may run past `prefix`), or null when `prefix` ends before the data starts or the bytes are not as expected.
 */
export type VideoDataLocator = (prefix: Uint8Array) => { start: number; length: number } | null;

/** The locator for a camera channel's messages, or null when its encoding/schema has none (decode instead). */
export function videoDataLocator(channel: McapChannelInfo): VideoDataLocator | null {
  const { schema } = channel;
  if (!schema) return null;
  try {
    if (channel.messageEncoding === "protobuf" && schema.encoding === "protobuf") {
      const field = protobufFromBinaryDescriptor(schema.data).lookupType(schema.name).fields.data;
      if (!field || field.type !== "bytes" || field.repeated) return null;
      const id = field.id;
      return (prefix) => protobufBytesField(prefix, id);
    }
  } catch {
    return null; // an unreadable schema: the decoder reports it; the frame index decodes whole messages
  }
  return null;
}

/** Read a base-128 varint at `at`; null past the end or beyond 2^53. */
function varint(bytes: Uint8Array, at: number): { value: number; next: number } | null {
  let value = 0;
  for (let shift = 0, i = at; i < bytes.length && shift < 53; shift += 7, i++) {
    const b = bytes[i]!;
    value += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return { value, next: i + 1 };
  }
  return null;
}

/** The first occurrence of length-delimited field `id` in a protobuf message prefix. */
export function protobufBytesField(bytes: Uint8Array, id: number): { start: number; length: number } | null {
  let at = 0;
  while (at < bytes.length) {
    const tag = varint(bytes, at);
    if (!tag) return null;
    at = tag.next;
    const wireType = tag.value % 8;
    const field = Math.floor(tag.value / 8);
    switch (wireType) {
      case 0: {
        const v = varint(bytes, at);
        if (!v) return null;
        at = v.next;
        break;
      }
      case 1:
        at += 8;
        break;
      case 2: {
        const len = varint(bytes, at);
        if (!len) return null;
        if (field === id) return { start: len.next, length: len.value };
        at = len.next + len.value;
        break;
      }
      case 5:
        at += 4;
        break;
      default:
        return null; // groups (3, 4) are not in these schemas; anything else is not protobuf
    }
  }
  return null;
}
