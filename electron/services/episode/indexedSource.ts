/**
 * Indexed reading (https://mcap.dev/spec#summary-section): @mcap/core's McapIndexedReader reads the footer and the
 * summary (schemas, channels, statistics, chunk indexes); this module then reads every chunk's Message Index records
 * (op 0x07) to learn, without decompressing any chunk, the log time and position of every message. Message payloads
 * are fetched on demand by (chunk, offset), with a small LRU cache of decompressed chunks.
 *
 * When the summary cannot serve every message (no summary, chunks without indexes, message indexes missing, counts
 * that disagree with the Statistics record, channels missing from the summary), `openIndexed` returns the reason
 * and the caller streams the file instead.
 */
import { McapIndexedReader, type DecompressHandlers, type McapTypes } from "@mcap/core";
import type { EpisodeProblem } from "../../../shared/episode.ts";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import type { EpisodeFile } from "./episodeFile.ts";
import { crc32, parseChunkRecord, parseMessageAt, parseMessageIndexRegion } from "./mcapRecords.ts";
import type { ChannelMessages, McapChannelInfo, McapSchemaInfo, McapSource, McapStatisticsInfo } from "./mcapSource.ts";

/** Why the file cannot be read through its index; `severity` says whether that is normal or a sign of damage. */
export interface IndexFallback {
  fallback: string;
  severity: "info" | "warning";
}

/** Budget of decompressed chunk bytes kept per opened file. */
const CHUNK_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * Read `file` through its summary and message indexes.
 * @returns the source, or the reason the index cannot be used (then stream the file).
 */
export async function openIndexed(
  file: EpisodeFile,
  displayName: string,
  decompressHandlers: DecompressHandlers,
): Promise<McapSource | IndexFallback> {
  let reader: McapIndexedReader;
  try {
    reader = await McapIndexedReader.Initialize({
      readable: {
        size: async () => BigInt(file.size),
        read: async (offset: bigint, size: bigint) => file.read(offset, Number(size)),
      },
      decompressHandlers,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/not indexed/i.test(message)) return { fallback: "the file has no summary section", severity: "info" };
    return { fallback: `its summary section is unreadable (${message})`, severity: "warning" };
  }

  const statistics: McapStatisticsInfo | null = reader.statistics
    ? {
        messageCount: reader.statistics.messageCount,
        messageStartTime: reader.statistics.messageStartTime,
        messageEndTime: reader.statistics.messageEndTime,
        channelMessageCounts: reader.statistics.channelMessageCounts,
      }
    : null;

  const chunkIndexes = [...reader.chunkIndexes].sort((a, b) => compareBig(a.chunkStartOffset, b.chunkStartOffset));
  if (chunkIndexes.length === 0 && !(statistics && statistics.messageCount === 0n)) {
    return { fallback: "the summary has no chunk indexes", severity: "info" };
  }
  if (chunkIndexes.some((c) => c.messageIndexOffsets.size === 0)) {
    return { fallback: "its chunks have no message indexes", severity: "info" };
  }

  // Message indexes → (channel, log time, chunk, offset) for every message.
  const perChannel = new Map<number, { logTimes: bigint[]; chunks: number[]; offsets: number[] }>();
  let total = 0n;
  try {
    chunkIndexes.forEach((chunkIndex, chunkNumber) => {
      for (const [channelId, offset] of chunkIndex.messageIndexOffsets) {
        const header = file.read(offset, 9);
        const length = new DataView(header.buffer, header.byteOffset, 9).getBigUint64(1, true);
        for (const entries of parseMessageIndexRegion(file.read(offset, 9 + Number(length)))) {
          if (entries.channelId !== channelId) throw new Error(`message index at ${offset} is for channel ${entries.channelId}, not ${channelId}`);
          let slot = perChannel.get(channelId);
          if (!slot) perChannel.set(channelId, (slot = { logTimes: [], chunks: [], offsets: [] }));
          for (let i = 0; i < entries.logTimes.length; i++) {
            slot.logTimes.push(entries.logTimes[i]!);
            slot.chunks.push(chunkNumber);
            slot.offsets.push(entries.offsets[i]!);
          }
          total += BigInt(entries.logTimes.length);
        }
      }
    });
  } catch (error) {
    return { fallback: `its message indexes are unreadable (${(error as Error).message})`, severity: "warning" };
  }
  if (statistics && statistics.messageCount !== total) {
    return {
      fallback: `its message indexes list ${total} messages but the statistics record says ${statistics.messageCount}`,
      severity: "warning",
    };
  }
  for (const channelId of perChannel.keys()) {
    if (!reader.channelsById.has(channelId)) {
      return { fallback: `channel ${channelId} has messages but is missing from the summary`, severity: "info" };
    }
  }

  const channels = new Map<number, IndexedChannel>();
  for (const [id, record] of reader.channelsById) {
    const schemaRecord = record.schemaId === 0 ? undefined : reader.schemasById.get(record.schemaId);
    const schema: McapSchemaInfo | null = schemaRecord
      ? { id: schemaRecord.id, name: schemaRecord.name, encoding: schemaRecord.encoding, data: schemaRecord.data }
      : null;
    const info: McapChannelInfo = {
      id,
      topic: record.topic,
      messageEncoding: record.messageEncoding,
      metadata: record.metadata,
      schema,
    };
    channels.set(id, sortChannel(info, perChannel.get(id)));
  }
  return new IndexedSource(file, displayName, channels, statistics, chunkIndexes, decompressHandlers);
}

interface IndexedChannel extends ChannelMessages {
  chunks: Uint32Array;
  offsets: Float64Array;
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Order a channel's messages by log time, then file position (chunk, offset). */
function sortChannel(
  channel: McapChannelInfo,
  raw: { logTimes: bigint[]; chunks: number[]; offsets: number[] } | undefined,
): IndexedChannel {
  const n = raw?.logTimes.length ?? 0;
  const order = Array.from({ length: n }, (_, i) => i);
  if (raw) {
    order.sort(
      (a, b) =>
        compareBig(raw.logTimes[a]!, raw.logTimes[b]!) || raw.chunks[a]! - raw.chunks[b]! || raw.offsets[a]! - raw.offsets[b]!,
    );
  }
  const logTimesNs = new BigInt64Array(n);
  const chunks = new Uint32Array(n);
  const offsets = new Float64Array(n);
  order.forEach((from, to) => {
    logTimesNs[to] = BigInt.asIntN(64, raw!.logTimes[from]!);
    chunks[to] = raw!.chunks[from]!;
    offsets[to] = raw!.offsets[from]!;
  });
  return { channel, logTimesNs, chunks, offsets };
}

class IndexedSource implements McapSource {
  readonly readMode = "indexed" as const;
  readonly problems: EpisodeProblem[] = [];
  /** Decompressed chunk records by chunk number, least recently used first. */
  #cache = new Map<number, { records: Uint8Array; cost: number }>();
  #cacheBytes = 0;
  /** Chunks whose uncompressed CRC has been checked. */
  #verified = new Set<number>();

  constructor(
    readonly file: EpisodeFile,
    readonly displayName: string,
    readonly channels: ReadonlyMap<number, IndexedChannel>,
    readonly statistics: McapStatisticsInfo | null,
    private readonly chunkIndexes: McapTypes.ChunkIndex[],
    private readonly decompressHandlers: DecompressHandlers,
  ) {}

  messageData(channelId: number, index: number): Uint8Array {
    const channel = this.channels.get(channelId);
    if (!channel || !Number.isInteger(index) || index < 0 || index >= channel.logTimesNs.length) {
      throw new EpiscopeError("out-of-range", `${this.displayName}: no message ${index} on channel ${channelId}`);
    }
    try {
      const records = this.#chunkRecords(channel.chunks[index]!);
      const message = parseMessageAt(records, channel.offsets[index]!);
      if (message.channelId !== channelId) {
        throw new Error(`message index points at a message of channel ${message.channelId}`);
      }
      return message.data;
    } catch (error) {
      if (error instanceof EpiscopeError) throw error;
      throw new EpiscopeError(
        "corrupt-mcap",
        `${this.displayName}: cannot read message ${index} of ${channel.channel.topic} (log time ${channel.logTimesNs[index]} ns): ${(error as Error).message}`,
      );
    }
  }

  #chunkRecords(chunkNumber: number): Uint8Array {
    const hit = this.#cache.get(chunkNumber);
    if (hit) {
      this.#cache.delete(chunkNumber);
      this.#cache.set(chunkNumber, hit);
      return hit.records;
    }
    const index = this.chunkIndexes[chunkNumber]!;
    const chunk = parseChunkRecord(this.file.read(index.chunkStartOffset, Number(index.chunkLength)));
    let records = chunk.records;
    if (chunk.compression !== "") {
      const decompress = this.decompressHandlers[chunk.compression];
      if (!decompress) {
        throw new EpiscopeError("unsupported-compression", `${this.displayName}: chunk compression "${chunk.compression}" is not supported`);
      }
      records = decompress(chunk.records, BigInt(chunk.uncompressedSize));
      if (records.length !== chunk.uncompressedSize) {
        throw new Error(`chunk at ${index.chunkStartOffset} decompressed to ${records.length} bytes, expected ${chunk.uncompressedSize}`);
      }
    }
    if (chunk.uncompressedCrc !== 0 && !this.#verified.has(chunkNumber)) {
      const crc = crc32(records);
      if (crc !== chunk.uncompressedCrc) {
        throw new Error(`chunk at offset ${index.chunkStartOffset} fails its CRC check (stored ${chunk.uncompressedCrc}, computed ${crc})`);
      }
      this.#verified.add(chunkNumber);
    }
    // Uncompressed chunks read through mmap are views of the mapping and cost no memory.
    const cost = chunk.compression === "" && this.file.access === "mmap" ? 0 : records.byteLength;
    this.#cache.set(chunkNumber, { records, cost });
    this.#cacheBytes += cost;
    for (const [key, entry] of this.#cache) {
      if (this.#cacheBytes <= CHUNK_CACHE_BYTES || key === chunkNumber) break;
      this.#cache.delete(key);
      this.#cacheBytes -= entry.cost;
    }
    return records;
  }

  close(): void {
    this.#cache.clear();
    this.#cacheBytes = 0;
    this.file.close();
  }
}
