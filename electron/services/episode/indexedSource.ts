/**
 * Indexed reading (https://mcap.dev/spec#summary-section): @mcap/core's McapIndexedReader reads the footer and the
 * summary (schemas, channels, statistics, chunk indexes); this module then reads every chunk's Message Index records
 * (op 0x07) to learn, without decompressing any chunk, the log time and position of every message. Message payloads
 * are fetched on demand by (chunk, offset): in uncompressed chunks only the wanted Message record's bytes are read;
 * compressed chunks are decompressed whole, with a small LRU cache of decompressed chunks. CRCs are not checked here
 * (see verifyCrcs.ts, on request).
 *
 * When the summary cannot serve every message (no summary, chunks without indexes, message indexes missing, counts
 * that disagree with the Statistics record, channels missing from the summary), `openIndexed` returns the reason
 * and the caller streams the file instead.
 */
import { McapIndexedReader, type DecompressHandlers, type McapTypes } from "@mcap/core";
import type { EpisodeAttachment, EpisodeMetadata, EpisodeProblem } from "../../../shared/episode.ts";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import { batchedMessageReader, batchedPrefixReader } from "./batchedMessageReader.ts";
import { ChunkRecordsCache, ChunkScratch } from "./chunkRecordsCache.ts";
import type { EpisodeFile } from "./episodeFile.ts";
import { ChannelIndexBuilder } from "./channelIndexBuilder.ts";
import { episodeCacheKey, readMessageIndex, writeMessageIndex, type CachedChannelIndex } from "./episodeCache.ts";
import { scanTopLevelRecords } from "./scanTopLevelRecords.ts";
import {
  declaredRecordLength,
  messageDataAt,
  OP_MESSAGE_INDEX,
  parseMessageAt,
  readChunkLayout,
  uncompressedLayoutFromIndex,
  type ChunkLayout,
  type MessageRecord,
} from "./mcapRecords.ts";
import type { ChannelMessages, McapChannelInfo, McapSchemaInfo, McapSource, McapStatisticsInfo, MessageRef } from "./mcapSource.ts";

/** Why the file cannot be read through its index; `severity` says whether that is normal or a sign of damage. */
export interface IndexFallback {
  fallback: string;
  severity: "info" | "warning";
}

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

  // Message indexes → (channel, log time, chunk, offset) for every message: from the episode cache when this file's
  // were read before (episodeCache.ts), else from the Message Index records.
  const cacheKey = localCacheKey(file, reader.footer.summaryStart);
  const cached = cacheKey === null ? null : readMessageIndex(cacheKey);
  const walked = cached ?? walkMessageIndexes(file, chunkIndexes);
  if ("fallback" in walked) return walked;
  const { total } = walked;
  const perChannel = new Map(walked.channels.map((c) => [c.channelId, c]));
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
  if (cacheKey !== null && !cached) void writeMessageIndex(cacheKey, walked.channels, total);

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
    const index = perChannel.get(id);
    channels.set(id, index ? { channel: info, logTimesNs: index.logTimesNs, chunks: index.chunks, offsets: index.offsets, backwardSteps: index.backwardSteps } : emptyChannel(info));
  }
  const problems: EpisodeProblem[] = [];
  let metadata: EpisodeMetadata[] = [];
  let attachments: EpisodeAttachment[] = [...reader.attachmentIndexes]
    .sort((a, b) => compareBig(a.offset, b.offset))
    .map((a) => ({ name: a.name, mediaType: a.mediaType, sizeBytes: Number(a.dataSize), logTimeNs: a.logTime }));
  const listed =
    reader.statistics !== undefined &&
    reader.statistics.metadataCount === reader.metadataIndexes.length &&
    reader.statistics.attachmentCount === reader.attachmentIndexes.length;
  try {
    if (listed) {
      for await (const record of reader.readMetadata()) {
        metadata.push({ name: record.name, entries: Object.fromEntries(record.metadata) });
      }
    } else {
      // The summary may not list them all (no statistics, or no metadata/attachment indexes): walk the data section.
      const end = reader.footer.summaryStart !== 0n ? Number(reader.footer.summaryStart) : file.size - 8 - 29;
      const extras = scanTopLevelRecords((at, n) => file.read(at, n), 8, end);
      ({ metadata, attachments } = extras);
      if (extras.stoppedAt) {
        problems.push({ severity: "warning", code: "bad-record", message: `${displayName}: ${extras.stoppedAt}; metadata and attachments after it are not listed` });
      }
    }
  } catch (error) {
    problems.push({ severity: "warning", code: "bad-metadata", message: `${displayName}: a metadata or attachment record is unreadable: ${(error as Error).message}` });
  }
  return new IndexedSource(file, displayName, channels, statistics, chunkIndexes, decompressHandlers, metadata, attachments, problems, cacheKey);
}

interface IndexedChannel extends ChannelMessages {
  chunks: Uint32Array;
  offsets: Float64Array;
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Each MCAP chunk's Message Index records (from the lowest message-index offset to the end of the chunk's index) and
 * where they start: all in one scattered read where the file can (EpisodeFile.readScattered), else one read each.
 * @throws EpiscopeError from the reads (a range outside the file: `read-out-of-range`)
 */
function readIndexRegions(file: EpisodeFile, chunkIndexes: readonly McapTypes.ChunkIndex[]): { start: bigint; region: Uint8Array }[] {
  const places = chunkIndexes.map((chunkIndex) => {
    const offsets = [...chunkIndex.messageIndexOffsets.values()];
    const start = offsets.reduce((min, o) => (o < min ? o : min), offsets[0]!);
    const end = chunkIndex.chunkStartOffset + chunkIndex.chunkLength + chunkIndex.messageIndexLength;
    return { start, length: end > start ? Number(end - start) : 0 };
  });
  if (!file.readScattered) return places.map(({ start, length }) => ({ start, region: length > 0 ? file.read(start, length) : new Uint8Array() }));
  const out = new Uint8Array(places.reduce((sum, p) => sum + p.length, 0));
  const starts = Float64Array.from(places, (p) => Number(p.start));
  const lengths = Uint32Array.from(places, (p) => p.length);
  // A file not in the page cache: every region's read in flight at once, not one after the other.
  file.prefetch?.(starts, lengths);
  file.readScattered(starts, lengths, out);
  let at = 0;
  return places.map(({ start, length }) => ({ start, region: out.subarray(at, (at += length)) }));
}

/** The episode-cache key of a local file whose summary section starts at `summaryStart` (null: not cached). */
function localCacheKey(file: EpisodeFile, summaryStart: bigint): string | null {
  if (file.access === "range" || summaryStart <= 0n || summaryStart >= BigInt(file.size)) return null;
  return episodeCacheKey(file.path, file.read(summaryStart, file.size - Number(summaryStart)));
}

/** A channel without messages. */
function emptyChannel(channel: McapChannelInfo): IndexedChannel {
  return { channel, ...new ChannelIndexBuilder().finish() };
}

/**
 * Every channel's message index (log-time order) from the Message Index records of every MCAP chunk, and the number
 * of messages; or why they cannot be used. A chunk's Message Index records follow it back to back
 * (https://mcap.dev/spec#message-index-op0x07): one read per chunk, then walk the records.
 */
function walkMessageIndexes(file: EpisodeFile, chunkIndexes: readonly McapTypes.ChunkIndex[]): { channels: CachedChannelIndex[]; total: bigint } | IndexFallback {
  const perChannel = new Map<number, ChannelIndexBuilder>();
  let total = 0n;
  try {
    const regions = readIndexRegions(file, chunkIndexes);
    chunkIndexes.forEach((chunkIndex, chunkNumber) => {
      const wanted = new Map(chunkIndex.messageIndexOffsets);
      const { start, region } = regions[chunkNumber]!;
      const dv = new DataView(region.buffer, region.byteOffset, region.byteLength);
      let seen = 0;
      for (let at = 0; at + 9 <= region.length; ) {
        const opcode = region[at]!;
        const length = dv.getUint32(at + 1, true) + dv.getUint32(at + 5, true) * 2 ** 32;
        if (at + 9 + length > region.length) throw new Error(`record at offset ${start + BigInt(at)} runs past the chunk's message indexes`);
        if (opcode === OP_MESSAGE_INDEX) {
          if (length < 6) throw new Error(`message index at offset ${start + BigInt(at)} is too short`);
          const channelId = dv.getUint16(at + 9, true);
          const arrayLength = dv.getUint32(at + 11, true);
          if (arrayLength % 16 !== 0 || 6 + arrayLength > length) {
            throw new Error(`message index at offset ${start + BigInt(at)} has a bad array length ${arrayLength}`);
          }
          if (wanted.get(channelId) === start + BigInt(at)) {
            let builder = perChannel.get(channelId);
            if (!builder) perChannel.set(channelId, (builder = new ChannelIndexBuilder()));
            builder.addEntries(region.subarray(at + 15, at + 15 + arrayLength), chunkNumber);
            total += BigInt(arrayLength / 16);
            seen++;
          }
        }
        at += 9 + length;
      }
      if (seen !== wanted.size) throw new Error(`the chunk at offset ${chunkIndex.chunkStartOffset} lists ${wanted.size} message indexes, ${seen} found`);
    });
  } catch (error) {
    return { fallback: `its message indexes are unreadable (${(error as Error).message})`, severity: "warning" };
  }
  return { channels: [...perChannel].map(([channelId, builder]) => ({ channelId, ...builder.finish() })), total };
}

class IndexedSource implements McapSource {
  readonly readMode = "indexed" as const;
  /** Decompressed chunk records by chunk number. */
  #chunkCache: ChunkRecordsCache | null = null;
  /** Chunk headers by chunk number, read on first use. */
  #layouts: (ChunkLayout | undefined)[] = [];
  #fileOrder: MessageRef[] | null = null;

  constructor(
    readonly file: EpisodeFile,
    readonly displayName: string,
    readonly channels: ReadonlyMap<number, IndexedChannel>,
    readonly statistics: McapStatisticsInfo | null,
    private readonly chunkIndexes: McapTypes.ChunkIndex[],
    private readonly decompressHandlers: DecompressHandlers,
    readonly metadata: readonly EpisodeMetadata[],
    readonly attachments: readonly EpisodeAttachment[],
    readonly problems: EpisodeProblem[],
    readonly cacheKey: string | null,
  ) {}

  messageData(channelId: number, index: number): Uint8Array {
    const channel = this.#check(channelId, index);
    const chunkNumber = channel.chunks[index]!;
    const offset = channel.offsets[index]!;
    try {
      const layout = this.#layout(chunkNumber);
      if (layout.compression !== "") return messageDataAt(this.#decompressed(chunkNumber, layout), offset, channelId);
      // The 31-byte record header, then exactly the payload.
      if (offset + 31 > layout.recordsLength) throw new Error(`message record at ${offset} cut short`);
      const head = this.file.read(layout.recordsOffset + offset, 31);
      const dv = new DataView(head.buffer, head.byteOffset, 31);
      if (head[0] !== 0x05) throw new Error(`expected a message record (op 0x05) at ${offset}, found op ${head[0]}`);
      const length = declaredRecordLength(head, 0);
      if (length < 22 || offset + 9 + length > layout.recordsLength) {
        throw new Error(`message record at chunk offset ${offset} declares ${length} bytes, past the end of its chunk`);
      }
      const found = dv.getUint16(9, true);
      if (found !== channelId) throw new Error(`message index points at a message of channel ${found}`);
      return this.file.read(layout.recordsOffset + offset + 31, length - 22);
    } catch (error) {
      throw this.#readError(error, channel, index);
    }
  }

  transientMessageData(channelId: number, scratch = new ChunkScratch()): (index: number) => Uint8Array {
    return (index) => {
      const channel = this.#check(channelId, index);
      const chunkNumber = channel.chunks[index]!;
      const offset = channel.offsets[index]!;
      try {
        const layout = this.#layout(chunkNumber);
        if (layout.compression === "") return this.messageData(channelId, index);
        this.#chunkCache ??= new ChunkRecordsCache(this.file, this.displayName, this.decompressHandlers);
        return messageDataAt(this.#chunkCache.transientRecordsHolding(chunkNumber, layout, scratch, offset), offset, channelId);
      } catch (error) {
        throw this.#readError(error, channel, index);
      }
    };
  }

  prefixMessageData(channelId: number, bytes: number): (index: number) => { data: Uint8Array; complete: boolean } {
    const whole = this.transientMessageData(channelId);
    // One pass per camera: positional reads beat faulting the mapping in at every frame.
    const readRanges = (this.file.readScattered ?? this.file.readRanges)?.bind(this.file);
    const indexed = this.channels.get(channelId);
    // Messages in uncompressed chunks: batched reads of the first bytes (chunk headers read as the pass reaches them).
    const batched =
      readRanges && indexed && indexed.logTimesNs.length > 0
        ? batchedPrefixReader(
            channelId,
            bytes,
            indexed.logTimesNs.length,
            (index) => {
              const layout = this.#layout(indexed.chunks[index]!);
              if (layout.compression !== "") return null;
              return { recordsOffset: layout.recordsOffset, recordsLength: layout.recordsLength, offset: indexed.offsets[index]! };
            },
            readRanges,
          )
        : null;
    return (index) => {
      const channel = this.#check(channelId, index);
      try {
        const prefix = batched?.(index);
        if (prefix) return prefix;
        const chunkNumber = channel.chunks[index]!;
        const offset = channel.offsets[index]!;
        const layout = this.#layout(chunkNumber);
        // Compressed: the whole chunk is decompressed anyway.
        if (layout.compression !== "") return { data: whole(index), complete: true };
        // The 31-byte record header and the payload's first bytes, in one read.
        if (offset + 31 > layout.recordsLength) throw new Error(`message record at ${offset} cut short`);
        const head = this.file.read(layout.recordsOffset + offset, Math.min(31 + bytes, layout.recordsLength - offset));
        if (head[0] !== 0x05) throw new Error(`expected a message record (op 0x05) at ${offset}, found op ${head[0]}`);
        const length = declaredRecordLength(head, 0);
        if (length < 22 || offset + 9 + length > layout.recordsLength) {
          throw new Error(`message record at chunk offset ${offset} declares ${length} bytes, past the end of its chunk`);
        }
        const found = head[9]! | (head[10]! << 8);
        if (found !== channelId) throw new Error(`message index points at a message of channel ${found}`);
        const size = length - 22;
        return { data: head.subarray(31, 31 + Math.min(size, bytes)), complete: size <= bytes };
      } catch (error) {
        throw this.#readError(error, channel, index);
      }
    };
  }

  sequentialMessageData(channelId: number, from: number, to: number): ((index: number) => Uint8Array) | null {
    // A pass is read once per open (its result is kept): positional reads beat faulting the mapping in, range by range.
    const readRanges = (this.file.readScattered ?? this.file.readRanges)?.bind(this.file);
    if (!readRanges || to <= from) return null;
    const channel = this.#check(channelId, from);
    to = Math.min(to, channel.logTimesNs.length);
    // Only when every chunk of the pass is uncompressed (compressed ones are read whole anyway).
    let last = -1;
    for (let i = from; i < to; i++) {
      const chunkNumber = channel.chunks[i]!;
      if (chunkNumber === last) continue;
      last = chunkNumber;
      if (this.#layout(chunkNumber).compression !== "") return null;
    }
    const place = (index: number) => {
      const layout = this.#layout(channel.chunks[index]!);
      return { recordsOffset: layout.recordsOffset, recordsLength: layout.recordsLength, offset: channel.offsets[index]! };
    };
    const prefetch = this.file.prefetch?.bind(this.file);
    const read = batchedMessageReader(channelId, from, to, place, readRanges, (index) => this.messageData(channelId, index), prefetch);
    return (index) => {
      try {
        return read(index);
      } catch (error) {
        throw this.#readError(error, channel, index);
      }
    };
  }

  #check(channelId: number, index: number): IndexedChannel {
    const channel = this.channels.get(channelId);
    if (!channel || !Number.isInteger(index) || index < 0 || index >= channel.logTimesNs.length) {
      throw new EpiscopeError("out-of-range", `${this.displayName}: no message ${index} on channel ${channelId}`);
    }
    return channel;
  }

  #readError(error: unknown, channel: IndexedChannel, index: number): EpiscopeError {
    if (error instanceof EpiscopeError) return error;
    const chunkOffset = this.chunkIndexes[channel.chunks[index]!]!.chunkStartOffset;
    return new EpiscopeError(
      "corrupt-mcap",
      `${this.displayName}: cannot read message ${index} of ${channel.channel.topic} (log time ${channel.logTimesNs[index]} ns, ` +
        `chunk at offset ${chunkOffset}, record offset ${channel.offsets[index]}): ${(error as Error).message}`,
    );
  }

  messageRecord(channelId: number, index: number): MessageRecord {
    const channel = this.#check(channelId, index);
    const chunkNumber = channel.chunks[index]!;
    const offset = channel.offsets[index]!;
    try {
      const layout = this.#layout(chunkNumber);
      let message: MessageRecord;
      if (layout.compression === "") {
        // Touch only this record: its 9-byte header, then the record itself.
        if (offset + 9 > layout.recordsLength) throw new Error(`message offset ${offset} is past the chunk's records`);
        const header = this.file.read(layout.recordsOffset + offset, 9);
        const length = new DataView(header.buffer, header.byteOffset, 9).getBigUint64(1, true);
        if (BigInt(offset) + 9n + length > BigInt(layout.recordsLength)) {
          throw new Error(`message record at chunk offset ${offset} declares ${length} bytes, past the end of its chunk`);
        }
        message = parseMessageAt(this.file.read(layout.recordsOffset + offset, 9 + Number(length)), 0);
      } else {
        message = parseMessageAt(this.#decompressed(chunkNumber, layout), offset);
      }
      if (message.channelId !== channelId) {
        throw new Error(`message index points at a message of channel ${message.channelId}`);
      }
      return message;
    } catch (error) {
      throw this.#readError(error, channel, index);
    }
  }

  fileOrder(): readonly MessageRef[] {
    if (!this.#fileOrder) {
      const refs: { ref: MessageRef; chunk: number; offset: number }[] = [];
      for (const [channelId, channel] of this.channels) {
        for (let index = 0; index < channel.logTimesNs.length; index++) {
          refs.push({ ref: { channelId, index }, chunk: channel.chunks[index]!, offset: channel.offsets[index]! });
        }
      }
      this.#fileOrder = refs.sort((a, b) => a.chunk - b.chunk || a.offset - b.offset).map((r) => r.ref);
    }
    return this.#fileOrder;
  }

  #layout(chunkNumber: number): ChunkLayout {
    let layout = this.#layouts[chunkNumber];
    if (!layout) {
      const index = this.chunkIndexes[chunkNumber]!;
      layout =
        uncompressedLayoutFromIndex(index) ??
        readChunkLayout((at, n) => this.file.read(at, n), Number(index.chunkStartOffset), Number(index.chunkLength));
      this.#layouts[chunkNumber] = layout;
    }
    return layout;
  }

  #decompressed(chunkNumber: number, layout: ChunkLayout): Uint8Array {
    this.#chunkCache ??= new ChunkRecordsCache(this.file, this.displayName, this.decompressHandlers);
    return this.#chunkCache.records(chunkNumber, layout);
  }

  close(): void {
    this.#chunkCache?.clear();
    this.file.close();
  }
}
