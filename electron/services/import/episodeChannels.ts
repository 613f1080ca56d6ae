/**
 * Helpers that register the channel kinds every importer writes: Foxglove cameras (protobuf), named numeric vectors
 * and per-step text (JSON with a JSON Schema). See shared/mcap/ for the schemas and encoders.
 */
import { foxgloveCameraSchema, type FoxgloveCameraType } from "../../../shared/mcap/foxgloveCameraSchemas.ts";
import { encodeNumericVector, encodeText, numericVectorSchema, textSchema } from "../../../shared/mcap/jsonChannels.ts";
import type { EpisodeWriter } from "./episodeWriter.ts";

/** Adds one frame (ns log time = capture time; `format` e.g. `jpeg`, `h264`, `av1`). */
export type FrameSink = (timeNs: bigint, data: Uint8Array, format: string) => void;
/** Adds one vector sample (ns log time). */
export type VectorSink = (timeNs: bigint, values: ArrayLike<number>) => void;
/** Adds one text sample (ns log time). */
export type TextSink = (timeNs: bigint, text: string) => void;

/** Register a `foxglove.<type>` camera channel on `topic`; frames are written with frame_id = topic without its slash. */
export function cameraChannel(writer: EpisodeWriter, topic: string, type: FoxgloveCameraType): FrameSink {
  const schema = foxgloveCameraSchema(type);
  const channel = writer.addChannel({ topic, messageEncoding: "protobuf", schema });
  const frameId = topic.replace(/^\//, "");
  return (timeNs, data, format) => writer.addMessage(channel, timeNs, schema.encode({ timestampNs: timeNs, frameId, data, format }));
}

/** Register a JSON channel of named numbers `{ name: value, … }` on `topic` (schema `episcope.import.<topic>`). */
export function vectorChannel(writer: EpisodeWriter, topic: string, fieldNames: readonly string[], units?: readonly (string | undefined)[]): VectorSink {
  const schema = numericVectorSchema(schemaNameOf(topic), fieldNames, units);
  const channel = writer.addChannel({ topic, messageEncoding: "json", schema });
  return (timeNs, values) => writer.addMessage(channel, timeNs, encodeNumericVector(fieldNames, values));
}

/** Register a JSON channel `{ text }` on `topic`. */
export function textChannel(writer: EpisodeWriter, topic: string): TextSink {
  const schema = textSchema(schemaNameOf(topic));
  const channel = writer.addChannel({ topic, messageEncoding: "json", schema });
  return (timeNs, text) => writer.addMessage(channel, timeNs, encodeText(text));
}

function schemaNameOf(topic: string): string {
  return `episcope.import${topic.replace(/[^A-Za-z0-9_]+/g, ".")}`;
}

/** `names` when it has exactly `length` unique entries, else `<prefix>_0 … <prefix>_<length-1>`. */
export function fieldNamesOr(names: readonly string[] | null | undefined, length: number, prefix: string): string[] {
  if (names && names.length === length && new Set(names).size === length) return [...names];
  return Array.from({ length }, (_, i) => `${prefix}_${i}`);
}
