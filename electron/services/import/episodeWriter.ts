/**
 * Collect one episode's channels, messages and metadata records, then write them as one indexed MCAP file
 * (https://mcap.dev/spec) with @mcap/core's McapWriter: zstd chunks, message and chunk indexes, statistics, summary
 * offsets. Written to `<path>.tmp-<pid>` and renamed into place, so a reader never sees a half-written episode.
 */
import { open, rename, rm, stat } from "node:fs/promises";
import { McapWriter } from "@mcap/core";
import { FileHandleWritable } from "@mcap/nodejs";
import * as zstdNs from "@foxglove/wasm-zstd";
import { unwrapDefaultExport } from "@mcap/support";

/** Target uncompressed chunk size in bytes. */
const CHUNK_SIZE = 1024 * 1024;
/** zstd level: fast; camera payloads are already compressed. */
const ZSTD_LEVEL = 3;

/** Schema record fields (https://mcap.dev/spec#schema-op0x03). */
export interface SchemaSpec {
  name: string;
  encoding: string;
  data: Uint8Array;
}

/** A channel of the episode being built. */
export interface ChannelSpec {
  topic: string;
  /** e.g. `protobuf`, `json`, `ros1`. */
  messageEncoding: string;
  schema: SchemaSpec;
  metadata?: Record<string, string>;
}

interface PendingMessage {
  channel: number;
  logTimeNs: bigint;
  publishTimeNs: bigint;
  data: Uint8Array;
  order: number;
}


type Zstd = typeof zstdNs;
let zstdReady: Promise<Zstd> | null = null;
function loadZstd(): Promise<Zstd> {
  zstdReady ??= (async () => {
    const zstd = unwrapDefaultExport<Zstd>(zstdNs);
    await zstd.isLoaded;
    return zstd;
  })();
  return zstdReady;
}

/** Builds one episode in memory; `write` sorts messages by log time (stable) and writes the file. */
export class EpisodeWriter {
  readonly #channels: ChannelSpec[] = [];
  readonly #topics = new Map<string, number>();
  readonly #messages: PendingMessage[] = [];
  readonly #metadata: { name: string; values: Record<string, string> }[] = [];

  /**
   * Register a channel (once per topic) and return its handle for addMessage.
   * @throws Error when the topic is already registered
   */
  addChannel(spec: ChannelSpec): number {
    if (this.#topics.has(spec.topic)) throw new Error(`topic ${spec.topic} registered twice`);
    this.#channels.push(spec);
    this.#topics.set(spec.topic, this.#channels.length - 1);
    return this.#channels.length - 1;
  }

  /** Add one message; `logTimeNs` must be ≥ 0. publishTimeNs defaults to the log time. */
  addMessage(channel: number, logTimeNs: bigint, data: Uint8Array, publishTimeNs: bigint = logTimeNs): void {
    if (logTimeNs < 0n) throw new Error(`${this.#channels[channel]?.topic}: negative log time ${logTimeNs} ns`);
    this.#messages.push({ channel, logTimeNs, publishTimeNs, data, order: this.#messages.length });
  }

  /** Add an MCAP metadata record (https://mcap.dev/spec#metadata-op0x0c). */
  addMetadata(name: string, values: Record<string, string>): void {
    this.#metadata.push({ name, values });
  }

  /** Number of messages added so far. */
  get messageCount(): number {
    return this.#messages.length;
  }

  /**
   * Write the episode to `path` (overwriting) through a temp file and a rename.
   * @returns the file size in bytes
   */
  async write(path: string, library: string): Promise<number> {
    const zstd = await loadZstd();
    const tmp = `${path}.tmp-${process.pid}`;
    const handle = await open(tmp, "w");
    try {
      const writer = new McapWriter({
        writable: new FileHandleWritable(handle),
        chunkSize: CHUNK_SIZE,
        compressChunk: (chunk) => ({ compression: "zstd", compressedData: new Uint8Array(zstd.compress(chunk, ZSTD_LEVEL)) }),
      });
      await writer.start({ profile: "", library });
      const ids: number[] = [];
      const schemaIds = new Map<SchemaSpec, number>();
      for (const c of this.#channels) {
        let schemaId = schemaIds.get(c.schema);
        if (schemaId === undefined) {
          schemaId = await writer.registerSchema(c.schema);
          schemaIds.set(c.schema, schemaId);
        }
        ids.push(await writer.registerChannel({ topic: c.topic, messageEncoding: c.messageEncoding, schemaId, metadata: new Map(Object.entries(c.metadata ?? {})) }));
      }
      for (const { name, values } of this.#metadata) await writer.addMetadata({ name, metadata: new Map(Object.entries(values)) });
      const sorted = [...this.#messages].sort((a, b) => (a.logTimeNs < b.logTimeNs ? -1 : a.logTimeNs > b.logTimeNs ? 1 : a.order - b.order));
      const sequences = new Array<number>(this.#channels.length).fill(0);
      for (const m of sorted) {
        await writer.addMessage({ channelId: ids[m.channel]!, sequence: sequences[m.channel]!++, logTime: m.logTimeNs, publishTime: m.publishTimeNs, data: m.data });
      }
      await writer.end();
      await handle.sync();
      await handle.close();
      await rename(tmp, path);
      return (await stat(path)).size;
    } catch (error) {
      await handle.close().catch(() => undefined);
      await rm(tmp, { force: true });
      throw error;
    }
  }
}
