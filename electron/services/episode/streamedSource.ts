/**
 * Streaming fallback: one linear pass over the file with @mcap/core's McapStreamReader (https://mcap.dev/spec) that
 * builds the same per-channel index as the indexed path. Used for files without a usable summary/index.
 *
 * Skeleton limitation: the payload of every message is copied and kept in memory for the life of the episode
 * (fine for small or unfinished recordings; a later version should record file/chunk offsets instead).
 */
import { McapStreamReader, type DecompressHandlers } from "@mcap/core";
import type { EpisodeProblem } from "../../../shared/episode.ts";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import type { EpisodeFile } from "./episodeFile.ts";
import type { ChannelMessages, McapChannelInfo, McapSchemaInfo, McapSource, McapStatisticsInfo } from "./mcapSource.ts";

/** Bytes handed to the stream reader per step. */
const STEP_BYTES = 8 * 1024 * 1024;

/** Options of openStreamed. */
export interface StreamOptions {
  /** Keep message payloads (default true). false: only validate the file and index log times. */
  keepData?: boolean;
}

/**
 * Read `file` in one pass.
 * @throws EpiscopeError `truncated` when the file ends before the footer and closing magic (the message gives the
 *   offset where the last complete record ends), `corrupt-mcap` when a record is invalid (bad CRC, bad length…).
 */
export function openStreamed(
  file: EpisodeFile,
  displayName: string,
  decompressHandlers: DecompressHandlers,
  options: StreamOptions = {},
): McapSource {
  const keepData = options.keepData ?? true;
  const reader = new McapStreamReader({ decompressHandlers, validateCrcs: true });
  const schemas = new Map<number, McapSchemaInfo>();
  const channelRecords = new Map<number, { id: number; topic: string; messageEncoding: string; schemaId: number; metadata: Map<string, string> }>();
  const messages = new Map<number, { logTimes: bigint[]; data: Uint8Array[] }>();
  let statistics: McapStatisticsInfo | null = null;

  let fed = 0;
  try {
    while (fed < file.size && !reader.done()) {
      const length = Math.min(STEP_BYTES, file.size - fed);
      reader.append(file.read(fed, length));
      fed += length;
      for (let record = reader.nextRecord(); record; record = reader.nextRecord()) {
        switch (record.type) {
          case "Schema":
            schemas.set(record.id, { id: record.id, name: record.name, encoding: record.encoding, data: record.data.slice() });
            break;
          case "Channel":
            channelRecords.set(record.id, record);
            break;
          case "Message": {
            let slot = messages.get(record.channelId);
            if (!slot) messages.set(record.channelId, (slot = { logTimes: [], data: [] }));
            slot.logTimes.push(record.logTime);
            if (keepData) slot.data.push(record.data.slice());
            break;
          }
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
      }
    }
  } catch (error) {
    if (error instanceof EpiscopeError) throw error;
    const near = fed - reader.bytesRemaining();
    throw new EpiscopeError(
      "corrupt-mcap",
      `${displayName}: invalid MCAP data near offset ${near}: ${(error as Error).message}`,
    );
  }
  if (!reader.done()) {
    const end = file.size - reader.bytesRemaining();
    throw new EpiscopeError(
      "truncated",
      `${displayName}: truncated MCAP: the file ends at offset ${file.size} inside a record that starts at offset ${end} ` +
        `(no footer and closing magic; the recording was probably cut short)`,
    );
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
    channels.set(id, sortChannel(info, messages.get(id)));
  }
  for (const channelId of messages.keys()) {
    if (!channels.has(channelId)) {
      throw new EpiscopeError("corrupt-mcap", `${displayName}: messages on channel ${channelId}, which no Channel record defines`);
    }
  }
  return new StreamedSource(file, displayName, channels, statistics, keepData);
}

interface StreamedChannel extends ChannelMessages {
  data: Uint8Array[];
}

/** Stable sort by log time (file order among equal times). */
function sortChannel(channel: McapChannelInfo, raw: { logTimes: bigint[]; data: Uint8Array[] } | undefined): StreamedChannel {
  const n = raw?.logTimes.length ?? 0;
  const order = Array.from({ length: n }, (_, i) => i);
  if (raw) order.sort((a, b) => (raw.logTimes[a]! < raw.logTimes[b]! ? -1 : raw.logTimes[a]! > raw.logTimes[b]! ? 1 : a - b));
  const logTimesNs = new BigInt64Array(n);
  const data: Uint8Array[] = [];
  order.forEach((from, to) => {
    logTimesNs[to] = BigInt.asIntN(64, raw!.logTimes[from]!);
    const bytes = raw!.data[from];
    if (bytes) data.push(bytes);
  });
  return { channel, logTimesNs, data };
}

class StreamedSource implements McapSource {
  readonly readMode = "streamed" as const;
  readonly problems: EpisodeProblem[] = [];

  constructor(
    readonly file: EpisodeFile,
    readonly displayName: string,
    readonly channels: ReadonlyMap<number, StreamedChannel>,
    readonly statistics: McapStatisticsInfo | null,
    private readonly hasData: boolean,
  ) {}

  messageData(channelId: number, index: number): Uint8Array {
    const channel = this.channels.get(channelId);
    const data = this.hasData ? channel?.data[index] : undefined;
    if (!channel || !data) {
      throw new EpiscopeError("out-of-range", `${this.displayName}: no message ${index} on channel ${channelId}`);
    }
    return data;
  }

  close(): void {
    for (const channel of this.channels.values()) channel.data.length = 0;
    this.file.close();
  }
}
