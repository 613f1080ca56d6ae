/**
 * Streaming fallback: one linear pass over the file with @mcap/core's McapStreamReader (https://mcap.dev/spec) that
 * builds the same per-channel index as the indexed path. Used for files without a usable summary/index, and for
 * damaged files: with `salvage`, a pass that hits a cut or invalid record keeps everything read before it and reports
 * the damage (file and byte offset) as an `error` problem instead of refusing the file.
 *
 * No payload is kept: the pass records where each message lies — the chunk (its records' place in the file and
 * compression) and the offset inside its uncompressed records, or the file offset of a message outside chunks — and
 * reads it again on demand, like the indexed path. A multi-GB recording cut short before its summary opens with RAM
 * for the index only. Offsets: chunks are yielded (`includeChunks`) with the reader's position right after them; the
 * Message records inside a chunk are found by walking its (decompressed) records by their headers, and the reader
 * yields them in that order.
 */
import { McapStreamReader, type DecompressHandlers, type TypedMcapRecord } from "@mcap/core";
import type { EpisodeAttachment, EpisodeMetadata, EpisodeProblem } from "../../../shared/episode.ts";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import { ChunkRecordsCache, ChunkScratch } from "./chunkRecordsCache.ts";
import { guardDecompressHandlers } from "./decompressGuard.ts";
import type { EpisodeFile } from "./episodeFile.ts";
import { CHUNK_FIXED_HEADER_BYTES, messageDataAt, OP_CHUNK, parseMessageAt, readChunkLayout, type ChunkLayout, type MessageRecord } from "./mcapRecords.ts";
import type { ChannelMessages, McapChannelInfo, McapSchemaInfo, McapSource, McapStatisticsInfo, MessageRef } from "./mcapSource.ts";

/** Bytes handed to the stream reader per step. */
const STEP_BYTES = 8 * 1024 * 1024;

/** Bytes of a Message record before its payload: opcode u8, length u64, channel u16, sequence u32, two u64 times. */
const MESSAGE_HEAD_BYTES = 9 + 22;

/** Options of openStreamed. */
export interface StreamOptions {
  /** Allow reading message payloads later (default true). false: only validate the file and index log times. */
  keepData?: boolean;
  /**
   * On a cut or invalid record, keep what was read before it and add an `error` problem (`truncated` or
   * `corrupt-mcap`) naming the offset, instead of throwing. Default false.
   */
  salvage?: boolean;
  /** Check chunk and attachment CRCs while streaming (default false: CRCs are checked on request, see verifyCrcs.ts). */
  validateCrcs?: boolean;
}

/** A message as read from the stream: its fields and where its record lies. */
interface RawMessage {
  logTime: bigint;
  publishTime: bigint;
  sequence: number;
  /** Chunk number (index into the source's chunk layouts), or -1 for a message outside chunks. */
  chunk: number;
  /** Offset of the Message record in the chunk's uncompressed records, or in the file when `chunk` is -1. */
  offset: number;
  /** Payload length (bytes). */
  length: number;
  /** Position in the file among all messages. */
  order: number;
}

/** The chunk whose inner records the reader is yielding now. */
interface CurrentChunk {
  number: number;
  /** File offset right after the chunk: the reader's position while it yields the chunk's records. */
  endOffset: number;
  /** Offsets of the Message records in the chunk's uncompressed records (null until decompressed). */
  messageOffsets: number[] | null;
  /** Messages of the chunk yielded so far. */
  next: number;
}

/** Offsets of the Message records (op 0x05) in uncompressed chunk records, walking the records by their headers. */
function messageRecordOffsets(records: Uint8Array): number[] {
  const offsets: number[] = [];
  const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
  for (let at = 0; at + 9 <= records.length; ) {
    const length = view.getUint32(at + 1, true) + view.getUint32(at + 5, true) * 2 ** 32;
    if (records[at] === 0x05) offsets.push(at);
    at += 9 + length;
  }
  return offsets;
}

/**
 * Read `file` in one pass.
 * @throws EpiscopeError (only without `salvage`) `truncated` when the file ends before the footer and closing magic
 *   or a record's declared length runs past the end (the message gives the record's offset and declared length),
 *   `corrupt-mcap` when a record is invalid (bad CRC, bad length, unknown channel…), naming the offset.
 */
export function openStreamed(
  file: EpisodeFile,
  displayName: string,
  decompressHandlers: DecompressHandlers,
  options: StreamOptions = {},
): McapSource {
  const keepData = options.keepData ?? true;
  const chunks: ChunkLayout[] = [];
  let current: CurrentChunk | null = null;
  // The decompressors' output is the buffer inner messages point into: remember it for the chunk being read.
  const remembering: DecompressHandlers = {};
  for (const [name, decompress] of Object.entries(guardDecompressHandlers(decompressHandlers))) {
    remembering[name] = (buffer, size) => {
      const out = decompress(buffer, size);
      if (current && current.messageOffsets === null) current.messageOffsets = messageRecordOffsets(out);
      return out;
    };
  }
  const reader = new McapStreamReader({
    includeChunks: true,
    decompressHandlers: remembering,
    validateCrcs: options.validateCrcs ?? false,
  });
  const schemas = new Map<number, McapSchemaInfo>();
  const channelRecords = new Map<number, { id: number; topic: string; messageEncoding: string; schemaId: number; metadata: Map<string, string> }>();
  const messages = new Map<number, RawMessage[]>();
  const metadata: EpisodeMetadata[] = [];
  const attachments: EpisodeAttachment[] = [];
  const problems: EpisodeProblem[] = [];
  let statistics: McapStatisticsInfo | null = null;
  let order = 0;

  /**
   * Handle a record; `endOffset` is the file offset right after the top-level record the reader has just consumed
   * (the chunk, for the records inside one).
   */
  const handle = (record: TypedMcapRecord, endOffset: number): void => {
    switch (record.type) {
      case "Chunk": {
        // Layout: https://mcap.dev/spec#chunk-op0x06 — the records are the record's last field, so the chunk starts
        // this far before the reader's position; its header, read back from the file, must say so.
        const compressionBytes = new TextEncoder().encode(record.compression).length;
        const chunkOffset = endOffset - record.records.byteLength - 8 - compressionBytes - CHUNK_FIXED_HEADER_BYTES;
        const layout = readChunkLayout((at, n) => file.read(at, n), chunkOffset, endOffset - chunkOffset);
        if (layout.recordsOffset + layout.recordsLength !== endOffset || layout.compression !== record.compression) {
          throw new Error(`cannot locate the chunk ending at offset ${endOffset} (extra bytes after its records?)`);
        }
        chunks.push(layout);
        const compressed = record.compression !== "" && record.records.byteLength > 0;
        current = { number: chunks.length - 1, endOffset, messageOffsets: compressed ? null : messageRecordOffsets(record.records), next: 0 };
        break;
      }
      case "Schema":
        schemas.set(record.id, { id: record.id, name: record.name, encoding: record.encoding, data: record.data.slice() });
        break;
      case "Channel":
        channelRecords.set(record.id, record);
        break;
      case "Message": {
        let slot = messages.get(record.channelId);
        if (!slot) messages.set(record.channelId, (slot = []));
        const data = record.data;
        let chunk = -1;
        let offset = endOffset - MESSAGE_HEAD_BYTES - data.byteLength;
        const inChunk = current !== null && current.endOffset === endOffset && current.messageOffsets !== null;
        if (inChunk && current!.next < current!.messageOffsets!.length) {
          chunk = current!.number;
          offset = current!.messageOffsets![current!.next++]!;
        } else if (inChunk) {
          throw new Error(`the chunk ending at offset ${endOffset} yields more messages than its records hold`);
        } else {
          current = null; // a top-level record: the chunk is behind us
        }
        slot.push({ logTime: record.logTime, publishTime: record.publishTime, sequence: record.sequence, chunk, offset, length: data.byteLength, order: order++ });
        break;
      }
      case "Metadata":
        metadata.push({ name: record.name, entries: Object.fromEntries(record.metadata) });
        break;
      case "Attachment":
        attachments.push({ name: record.name, mediaType: record.mediaType, sizeBytes: record.data.byteLength, logTimeNs: record.logTime });
        break;
      case "Statistics":
        statistics = {
          messageCount: record.messageCount,
          messageStartTime: record.messageStartTime,
          messageEndTime: record.messageEndTime,
          channelMessageCounts: record.channelMessageCounts,
        };
        break;
      default:
        break;
    }
  };

  let fed = 0;
  let damage: EpiscopeError | null = null;
  const walker = topLevelWalker(file, displayName);
  try {
    while (fed < file.size && !reader.done()) {
      const length = Math.min(STEP_BYTES, file.size - fed);
      const step = file.read(fed, length);
      walker(step, fed);
      reader.append(step);
      fed += length;
      for (let record = reader.nextRecord(); record; record = reader.nextRecord()) handle(record, fed - reader.bytesRemaining());
    }
  } catch (error) {
    if (error instanceof EpiscopeError) throw error;
    const near = fed - reader.bytesRemaining();
    damage = new EpiscopeError(
      "corrupt-mcap",
      `${displayName}: invalid MCAP data at offset ${near}: ${(error as Error).message}`,
    );
  }
  if (!damage && !reader.done()) {
    const cut = file.size - reader.bytesRemaining();
    damage = new EpiscopeError("truncated", `${displayName}: truncated MCAP: ${describeCut(file, cut)}`);
    // The complete records at the start of a cut uncompressed chunk are still good.
    if (options.salvage) {
      current = null;
      salvageCutChunk(file, cut, handle);
    }
  }
  if (damage) {
    if (!options.salvage) throw damage;
    problems.push({
      severity: "error",
      code: damage.code,
      message: `${damage.message}; showing the ${order} messages read before it`,
    });
  }

  const channels = new Map<number, StreamedChannel>();
  for (const [id, record] of channelRecords) {
    const info: McapChannelInfo = {
      id,
      topic: record.topic,
      messageEncoding: record.messageEncoding,
      metadata: record.metadata,
      schema: record.schemaId === 0 ? null : (schemas.get(record.schemaId) ?? null),
    };
    channels.set(id, sortChannel(info, messages.get(id) ?? []));
  }
  for (const [channelId, list] of messages) {
    if (channels.has(channelId)) continue;
    const error = new EpiscopeError("corrupt-mcap", `${displayName}: ${list.length} messages on channel ${channelId}, which no Channel record defines`);
    if (!options.salvage) throw error;
    problems.push({ severity: "error", code: error.code, message: `${error.message}; they are left out` });
  }
  return new StreamedSource(file, displayName, channels, statistics, keepData, chunks, decompressHandlers, metadata, attachments, problems);
}

/**
 * A walk over the top-level record headers (opcode u8, length u64) of the data fed to the stream reader, which itself
 * skips records with unknown opcodes, including 0x00 — reserved, never a valid opcode (https://mcap.dev/spec#opcodes):
 * a file of zeros after the header would be skipped 9 bytes at a time through gigabytes. The walk refuses it at once.
 * @returns feed(bytes, offset) to call with every step read, in order
 * @throws (from feed) EpiscopeError `corrupt-mcap` naming the file and the offset of the first opcode-0x00 record
 */
function topLevelWalker(file: EpisodeFile, displayName: string): (bytes: Uint8Array, offset: number) => void {
  let next = 8; // after the leading magic
  let stopped = false;
  return (bytes, offset) => {
    const end = offset + bytes.length;
    while (!stopped && next + 9 <= end) {
      const head = next >= offset ? bytes.subarray(next - offset, next - offset + 9) : file.read(next, 9);
      const opcode = head[0]!;
      if (opcode === 0x00) {
        throw new EpiscopeError(
          "corrupt-mcap",
          `${displayName}: invalid MCAP data at offset ${next}: record opcode 0x00 (reserved, not a record; ` +
            `${hexRun(head)}…: zero bytes where a record should start)`,
        );
      }
      if (opcode === 0x02) stopped = true; // the footer: the closing magic follows
      next += 9 + declaredLength(head);
    }
  };
}

function declaredLength(head: Uint8Array): number {
  const dv = new DataView(head.buffer, head.byteOffset, 9);
  return dv.getUint32(1, true) + dv.getUint32(5, true) * 2 ** 32;
}

function hexRun(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
}

/**
 * Where and how a file stops making sense at `offset` (the start of the first record that could not be read):
 * the record's opcode and declared length when its 9-byte header is there.
 */
function describeCut(file: EpisodeFile, offset: number): string {
  if (offset + 9 <= file.size) {
    const header = file.read(offset, 9);
    const declared = new DataView(header.buffer, header.byteOffset, 9).getBigUint64(1, true);
    return (
      `the record at offset ${offset} (opcode 0x${header[0]!.toString(16).padStart(2, "0")}) declares a length of ` +
      `${declared} bytes, which runs past the end of the file at offset ${file.size} ` +
      `(no footer and closing magic; the recording was probably cut short or the length is damaged)`
    );
  }
  return (
    `the file ends at offset ${file.size} inside a record that starts at offset ${offset} ` +
    `(no footer and closing magic; the recording was probably cut short)`
  );
}

/**
 * When the record cut at `offset` is an uncompressed Chunk (https://mcap.dev/spec#chunk-op0x06), hand the complete
 * records it still holds to `handle` (parsed by @mcap/core without the magic prefix), each with the file offset right
 * after it — so its messages are located in the file like messages outside chunks. Compressed chunks cannot be read
 * in part.
 */
function salvageCutChunk(file: EpisodeFile, offset: number, handle: (record: TypedMcapRecord, endOffset: number) => void): void {
  if (offset + CHUNK_FIXED_HEADER_BYTES > file.size) return;
  const fixed = file.read(offset, CHUNK_FIXED_HEADER_BYTES);
  const dv = new DataView(fixed.buffer, fixed.byteOffset, fixed.byteLength);
  if (fixed[0] !== OP_CHUNK || dv.getUint32(CHUNK_FIXED_HEADER_BYTES - 4, true) !== 0) return;
  const recordsStart = offset + CHUNK_FIXED_HEADER_BYTES + 8; // empty compression name, then the records length
  if (recordsStart >= file.size) return;
  const reader = new McapStreamReader({ noMagicPrefix: true, validateCrcs: false });
  const length = file.size - recordsStart;
  reader.append(file.read(recordsStart, length));
  try {
    for (let record = reader.nextRecord(); record; record = reader.nextRecord()) handle(record, recordsStart + length - reader.bytesRemaining());
  } catch {
    // Stop at the first unreadable record: what came before it was handled.
  }
}

interface StreamedChannel extends ChannelMessages {
  records: RawMessage[];
}

/** Stable sort by log time (file order among equal times). */
function sortChannel(channel: McapChannelInfo, raw: RawMessage[]): StreamedChannel {
  const records = raw.slice().sort((a, b) => (a.logTime < b.logTime ? -1 : a.logTime > b.logTime ? 1 : a.order - b.order));
  const logTimesNs = new BigInt64Array(records.length);
  records.forEach((r, i) => (logTimesNs[i] = BigInt.asIntN(64, r.logTime)));
  let backwardSteps = 0;
  for (let i = 1; i < raw.length; i++) if (raw[i]!.logTime < raw[i - 1]!.logTime) backwardSteps++;
  return { channel, logTimesNs, records, backwardSteps };
}

class StreamedSource implements McapSource {
  readonly readMode = "streamed" as const;
  #fileOrder: MessageRef[] | null = null;
  readonly #chunkCache: ChunkRecordsCache;

  constructor(
    readonly file: EpisodeFile,
    readonly displayName: string,
    readonly channels: ReadonlyMap<number, StreamedChannel>,
    readonly statistics: McapStatisticsInfo | null,
    private readonly hasData: boolean,
    private readonly chunks: readonly ChunkLayout[],
    decompressHandlers: DecompressHandlers,
    readonly metadata: readonly EpisodeMetadata[],
    readonly attachments: readonly EpisodeAttachment[],
    readonly problems: EpisodeProblem[],
  ) {
    this.#chunkCache = new ChunkRecordsCache(file, displayName, decompressHandlers);
  }

  messageData(channelId: number, index: number): Uint8Array {
    const { bytes, offset } = this.#locate(channelId, index);
    try {
      return messageDataAt(bytes, offset, channelId);
    } catch (error) {
      throw this.#rereadError(error, channelId, index, this.channels.get(channelId)!.records[index]!.logTime);
    }
  }

  messageRecord(channelId: number, index: number): MessageRecord {
    const { bytes, offset } = this.#locate(channelId, index);
    let record: MessageRecord;
    try {
      record = parseMessageAt(bytes, offset);
    } catch (error) {
      throw this.#rereadError(error, channelId, index, this.channels.get(channelId)!.records[index]!.logTime);
    }
    if (record.channelId !== channelId) throw new EpiscopeError("corrupt-mcap", `${this.displayName}: message ${index} of channel ${channelId} is on channel ${record.channelId} on reread`);
    return record;
  }

  transientMessageData(channelId: number, scratch = new ChunkScratch()): (index: number) => Uint8Array {
    return (index) => {
      const record = this.channels.get(channelId)?.records[index];
      const layout = record && this.hasData && record.chunk >= 0 ? this.chunks[record.chunk]! : null;
      if (!record || !layout || layout.compression === "") return this.messageData(channelId, index);
      try {
        const records = this.#chunkCache.transientRecordsHolding(record.chunk, layout, scratch, record.offset);
        return messageDataAt(records, record.offset, channelId);
      } catch (error) {
        throw this.#rereadError(error, channelId, index, record.logTime);
      }
    };
  }

  /** Bytes holding message `index` of the channel and the offset of its record in them. */
  #locate(channelId: number, index: number): { bytes: Uint8Array; offset: number } {
    const record = this.channels.get(channelId)?.records[index];
    if (!record || !this.hasData) {
      throw new EpiscopeError("out-of-range", `${this.displayName}: no message ${index} on channel ${channelId}`);
    }
    try {
      if (record.chunk < 0) return { bytes: this.file.read(record.offset, MESSAGE_HEAD_BYTES + record.length), offset: 0 };
      const layout = this.chunks[record.chunk]!;
      if (layout.compression !== "") return { bytes: this.#chunkCache.records(record.chunk, layout), offset: record.offset };
      return { bytes: this.file.read(layout.recordsOffset + record.offset, MESSAGE_HEAD_BYTES + record.length), offset: 0 };
    } catch (error) {
      throw this.#rereadError(error, channelId, index, record.logTime);
    }
  }

  #rereadError(error: unknown, channelId: number, index: number, logTime: bigint): EpiscopeError {
    if (error instanceof EpiscopeError) return error;
    return new EpiscopeError(
      "corrupt-mcap",
      `${this.displayName}: cannot read message ${index} of ${this.channels.get(channelId)?.channel.topic ?? `channel ${channelId}`} ` +
        `again (log time ${logTime} ns): ${(error as Error).message}`,
    );
  }

  fileOrder(): readonly MessageRef[] {
    if (!this.#fileOrder) {
      const refs: { ref: MessageRef; order: number }[] = [];
      for (const [channelId, channel] of this.channels) {
        channel.records.forEach((r, index) => refs.push({ ref: { channelId, index }, order: r.order }));
      }
      this.#fileOrder = refs.sort((a, b) => a.order - b.order).map((r) => r.ref);
    }
    return this.#fileOrder;
  }

  close(): void {
    for (const channel of this.channels.values()) channel.records.length = 0;
    this.#chunkCache.clear();
    this.file.close();
  }
}
