/**
 * Small MCAP files for tests, written with @mcap/core's McapWriter (https://mcap.dev/spec): JSON-encoded channels
 * (`json` messages, `jsonschema` schemas) unless a channel says otherwise (then messages carry their bytes), messages
 * in the order given, optional metadata and attachments.
 */
import * as zstdNs from "@foxglove/wasm-zstd";
import { McapWriter, type IWritable } from "@mcap/core";
import { unwrapDefaultExport } from "@mcap/support";
import fs from "node:fs";

/** A channel of a test file. */
export interface TestChannel {
  topic: string;
  /** Schema name, e.g. `foxglove.CompressedImage` (a camera by name) or `demo.Value`. */
  schemaName: string;
  /** Another encoding than JSON (default `json` messages, `jsonschema` schema `{"type":"object"}`), e.g. `cdr` + `ros2msg`. */
  encoding?: { message: string; schema: string; schemaData: Uint8Array };
}

/** One message, written in array order. */
export interface TestMessage {
  topic: string;
  logTimeNs: bigint;
  /** JSON payload (default `{"value": <position in the array>}`). */
  json?: unknown;
  /** The payload's bytes as they are (for channels with another `encoding`); wins over `json`. */
  data?: Uint8Array;
}

/** What to write. */
export interface TestMcap {
  channels: TestChannel[];
  messages: TestMessage[];
  metadata?: { name: string; entries: Record<string, string> }[];
  attachments?: { name: string; mediaType: string; data: Uint8Array; logTimeNs: bigint }[];
  /** Chunked with indexes and a summary (default true); false: messages outside chunks, still with a summary. */
  chunked?: boolean;
  /** Chunk size target in bytes (default 1 MiB). */
  chunkSize?: number;
  /** Chunk compression (default none); zstd via @foxglove/wasm-zstd at level 3. */
  compression?: "zstd";
}

/** Collects written bytes. */
class MemoryWritable implements IWritable {
  readonly parts: Uint8Array[] = [];
  #size = 0n;
  async write(buffer: Uint8Array): Promise<void> {
    this.parts.push(buffer.slice());
    this.#size += BigInt(buffer.byteLength);
  }
  position(): bigint {
    return this.#size;
  }
}

/** The bytes of an MCAP file described by `spec`. */
export async function buildTestMcap(spec: TestMcap): Promise<Uint8Array> {
  const writable = new MemoryWritable();
  const chunked = spec.chunked ?? true;
  let compressChunk: ((chunk: Uint8Array) => { compression: string; compressedData: Uint8Array }) | undefined;
  if (spec.compression === "zstd") {
    const zstd = unwrapDefaultExport<typeof zstdNs>(zstdNs);
    await zstd.isLoaded;
    compressChunk = (chunk) => ({ compression: "zstd", compressedData: new Uint8Array(zstd.compress(chunk, 3)) });
  }
  const writer = new McapWriter({
    writable,
    useChunks: chunked,
    useMessageIndex: chunked,
    useChunkIndex: chunked,
    chunkSize: spec.chunkSize ?? 1 << 20,
    compressChunk,
  });
  await writer.start({ profile: "", library: "episcope tests" });
  const ids = new Map<string, number>();
  for (const channel of spec.channels) {
    const schemaId = await writer.registerSchema({
      name: channel.schemaName,
      encoding: channel.encoding?.schema ?? "jsonschema",
      data: channel.encoding?.schemaData ?? new TextEncoder().encode('{"type":"object"}'),
    });
    const messageEncoding = channel.encoding?.message ?? "json";
    ids.set(channel.topic, await writer.registerChannel({ topic: channel.topic, schemaId, messageEncoding, metadata: new Map() }));
  }
  let sequence = 0;
  for (const [i, m] of spec.messages.entries()) {
    const channelId = ids.get(m.topic);
    if (channelId === undefined) throw new Error(`test message on undeclared topic ${m.topic}`);
    await writer.addMessage({
      channelId,
      sequence: sequence++,
      logTime: m.logTimeNs,
      publishTime: m.logTimeNs,
      data: m.data ?? new TextEncoder().encode(JSON.stringify(m.json ?? { value: i })),
    });
  }
  for (const m of spec.metadata ?? []) await writer.addMetadata({ name: m.name, metadata: new Map(Object.entries(m.entries)) });
  for (const a of spec.attachments ?? []) {
    await writer.addAttachment({ name: a.name, mediaType: a.mediaType, data: a.data, logTime: a.logTimeNs, createTime: a.logTimeNs });
  }
  await writer.end();
  const out = new Uint8Array(Number(writable.position()));
  let at = 0;
  for (const part of writable.parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** Write `spec` to `file`; returns the bytes written. */
export async function writeTestMcap(file: string, spec: TestMcap): Promise<Uint8Array> {
  const bytes = await buildTestMcap(spec);
  fs.writeFileSync(file, bytes);
  return bytes;
}

/** `n` log times (ns) from `startNs` every `periodNs`. */
export function evenTimes(startNs: bigint, periodNs: bigint, n: number): bigint[] {
  return Array.from({ length: n }, (_, i) => startNs + BigInt(i) * periodNs);
}
