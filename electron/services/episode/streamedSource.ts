/**
 * Streaming fallback: one linear pass over the file with @mcap/core's McapStreamReader (https://mcap.dev/spec) that
 * builds the same per-channel index as the indexed path. Used for files without a usable summary/index, and for
 * damaged files: with `salvage`, a pass that hits a cut or invalid record keeps everything read before it and reports
 * the damage (file and byte offset) as an `error` problem instead of refusing the file.
 *
 * Limitation: the payload of every message is copied and kept in memory for the life of the episode
 * (fine for small or unfinished recordings; a later version should record file/chunk offsets instead).
 */
import { McapStreamReader, type DecompressHandlers, type TypedMcapRecord } from "@mcap/core";
import type { EpisodeAttachment, EpisodeMetadata, EpisodeProblem } from "../../../shared/episode.ts";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import { guardDecompressHandlers } from "./decompressGuard.ts";
import type { EpisodeFile } from "./episodeFile.ts";
import { CHUNK_FIXED_HEADER_BYTES, OP_CHUNK, type MessageRecord } from "./mcapRecords.ts";
import type { ChannelMessages, McapChannelInfo, McapSchemaInfo, McapSource, McapStatisticsInfo, MessageRef } from "./mcapSource.ts";

/** Bytes handed to the stream reader per step. */
const STEP_BYTES = 8 * 1024 * 1024;

/** Options of openStreamed. */
export interface StreamOptions {
  /** Keep message payloads (default true). false: only validate the file and index log times. */
  keepData?: boolean;
  /**
   * On a cut or invalid record, keep what was read before it and add an `error` problem (`truncated` or
   * `corrupt-mcap`) naming the offset, instead of throwing. Default false.
   */
  salvage?: boolean;
  /** Check chunk and attachment CRCs while streaming (default false: CRCs are checked on request, see verifyCrcs.ts). */
  validateCrcs?: boolean;
}

/** A message as read from the stream. */
interface RawMessage {
  logTime: bigint;
  publishTime: bigint;
  sequence: number;
  data: Uint8Array | null;
  /** Position in the file among all messages. */
  order: number;
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
  const reader = new McapStreamReader({
    decompressHandlers: guardDecompressHandlers(decompressHandlers),
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

  const handle = (record: TypedMcapRecord): void => {
    switch (record.type) {
      case "Schema":
        schemas.set(record.id, { id: record.id, name: record.name, encoding: record.encoding, data: record.data.slice() });
        break;
      case "Channel":
        channelRecords.set(record.id, record);
        break;
      case "Message": {
        let slot = messages.get(record.channelId);
        if (!slot) messages.set(record.channelId, (slot = []));
        slot.push({
          logTime: record.logTime,
          publishTime: record.publishTime,
          sequence: record.sequence,
          data: keepData ? record.data.slice() : null,
          order: order++,
        });
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
  try {
    while (fed < file.size && !reader.done()) {
      const length = Math.min(STEP_BYTES, file.size - fed);
      reader.append(file.read(fed, length));
      fed += length;
      for (let record = reader.nextRecord(); record; record = reader.nextRecord()) handle(record);
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
    if (options.salvage) salvageCutChunk(file, cut, handle);
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
  return new StreamedSource(file, displayName, channels, statistics, keepData, metadata, attachments, problems);
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
 * records it still holds to `handle` (parsed by @mcap/core without the magic prefix). Compressed chunks cannot be
 * read in part.
 */
function salvageCutChunk(file: EpisodeFile, offset: number, handle: (record: TypedMcapRecord) => void): void {
  if (offset + CHUNK_FIXED_HEADER_BYTES > file.size) return;
  const fixed = file.read(offset, CHUNK_FIXED_HEADER_BYTES);
  const dv = new DataView(fixed.buffer, fixed.byteOffset, fixed.byteLength);
  if (fixed[0] !== OP_CHUNK || dv.getUint32(CHUNK_FIXED_HEADER_BYTES - 4, true) !== 0) return;
  const recordsStart = offset + CHUNK_FIXED_HEADER_BYTES + 8; // empty compression name, then the records length
  if (recordsStart >= file.size) return;
  const reader = new McapStreamReader({ noMagicPrefix: true, validateCrcs: false });
  reader.append(file.read(recordsStart, file.size - recordsStart));
  try {
    for (let record = reader.nextRecord(); record; record = reader.nextRecord()) handle(record);
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

  constructor(
    readonly file: EpisodeFile,
    readonly displayName: string,
    readonly channels: ReadonlyMap<number, StreamedChannel>,
    readonly statistics: McapStatisticsInfo | null,
    private readonly hasData: boolean,
    readonly metadata: readonly EpisodeMetadata[],
    readonly attachments: readonly EpisodeAttachment[],
    readonly problems: EpisodeProblem[],
  ) {}

  messageData(channelId: number, index: number): Uint8Array {
    return this.messageRecord(channelId, index).data;
  }

  messageRecord(channelId: number, index: number): MessageRecord {
    const record = this.channels.get(channelId)?.records[index];
    if (!record || !this.hasData || !record.data) {
      throw new EpiscopeError("out-of-range", `${this.displayName}: no message ${index} on channel ${channelId}`);
    }
    return { channelId, sequence: record.sequence, logTime: record.logTime, publishTime: record.publishTime, data: record.data };
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
    this.file.close();
  }
}
