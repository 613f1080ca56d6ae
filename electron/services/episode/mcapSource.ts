/**
 * The engine's in-memory view of one opened MCAP file, whichever way it was read: channels with their schemas, and
 * per channel the log times of its messages in order, so message i of a channel can be fetched by position.
 */
import type { EpisodeAttachment, EpisodeMetadata, EpisodeProblem } from "../../../shared/episode.ts";
import type { ChunkScratch } from "./chunkRecordsCache.ts";
import type { EpisodeFile } from "./episodeFile.ts";
import type { MessageRecord } from "./mcapRecords.ts";

/** A Schema record (https://mcap.dev/spec#schema-op0x03). */
export interface McapSchemaInfo {
  id: number;
  /** e.g. `sensor_msgs/msg/JointState`, `foxglove.CompressedVideo`. */
  name: string;
  /** e.g. `ros2msg`, `ros2idl`, `ros1msg`, `protobuf`, `jsonschema`. */
  encoding: string;
  data: Uint8Array;
}

/** A Channel record (https://mcap.dev/spec#channel-op0x04) with its schema resolved (null: schemaless). */
export interface McapChannelInfo {
  id: number;
  topic: string;
  /** e.g. `cdr`, `ros1`, `protobuf`, `json`. */
  messageEncoding: string;
  metadata: ReadonlyMap<string, string>;
  schema: McapSchemaInfo | null;
}

/** A channel and the log times (ns) of its messages, ascending; ties keep file order. */
export interface ChannelMessages {
  channel: McapChannelInfo;
  logTimesNs: BigInt64Array;
  /** How many of the channel's messages have a log time earlier than the channel's previous message in the file. */
  backwardSteps: number;
}

/** Summary numbers from the file's Statistics record (https://mcap.dev/spec#statistics-op0x0b). */
export interface McapStatisticsInfo {
  messageCount: bigint;
  messageStartTime: bigint;
  messageEndTime: bigint;
  channelMessageCounts: ReadonlyMap<number, bigint>;
}

/** An opened MCAP file. */
export interface McapSource {
  readonly file: EpisodeFile;
  /** Name used in messages (the path as given, or relative to the dataset root). */
  readonly displayName: string;
  /** `indexed`: summary + message indexes; `streamed`: one linear pass (message bytes kept in memory). */
  readonly readMode: "indexed" | "streamed";
  /** Every channel declared in the file, including those without messages, by channel id. */
  readonly channels: ReadonlyMap<number, ChannelMessages>;
  /**
   * Key of this file's entries in the episode cache (episodeCache.ts: its message index, whole-episode series); null
   * or absent when what is read from it is not cached (streamed, split or remote files).
   */
  readonly cacheKey?: string | null;
  /** Present when the file has a Statistics record. */
  readonly statistics: McapStatisticsInfo | null;
  /** Notes found while reading (e.g. `no-index`). */
  readonly problems: EpisodeProblem[];
  /** Metadata records (https://mcap.dev/spec#metadata-op0x0c), in file order. */
  readonly metadata: readonly EpisodeMetadata[];
  /** Attachments (https://mcap.dev/spec#attachment-op0x09), described without their bytes, in file order. */
  readonly attachments: readonly EpisodeAttachment[];
  /**
   * Payload of message `index` (position in ChannelMessages.logTimesNs) of channel `channelId`. May be a view into
   * the mapped file or a cached chunk: copy it before keeping it for long.
   * @throws EpiscopeError `corrupt-mcap` when the record cannot be read, `out-of-range` for a bad index.
   */
  messageData(channelId: number, index: number): Uint8Array;
  /**
   * The whole Message record (channel id, sequence, log and publish time, payload) of message `index` of channel
   * `channelId`; `data` may be a view (see messageData).
   * @throws like messageData.
   */
  messageRecord(channelId: number, index: number): MessageRecord;
  /**
   * A reader of channel `channelId`'s payloads for one sequential pass (series, frame indexes) or for reads copied at
   * once (frames): `read(index)` is like messageData, but what it returns is valid only until the next call of that
   * same `read` — or, with a shared `scratch` of n slots, until n other chunks have been read through it (compressed
   * chunks are decompressed into reused buffers instead of the chunk cache). Faster, and keeps the cache for random
   * reads. Default scratch: one slot, private to this reader.
   * @throws (from read) like messageData.
   */
  transientMessageData(channelId: number, scratch?: ChunkScratch): (index: number) => Uint8Array;
  /**
   * A reader of the first bytes of channel `channelId`'s payloads, for one pass that needs only message headers
   * (a video frame index): `read(index)` returns at least the first `bytes` bytes of the payload (all of it when
   * shorter), and `complete` says whether that is the whole payload. Only the wanted bytes are read where chunks are
   * uncompressed; compressed chunks are decompressed whole (as transientMessageData). What `read` returns is valid
   * until its next call. Absent: use transientMessageData.
   * @throws (from read) like messageData.
   */
  prefixMessageData?(channelId: number, bytes: number): (index: number) => { data: Uint8Array; complete: boolean };
  /**
   * Like transientMessageData for one pass over messages `from`..`to − 1` in order, reading them in batches where that
   * is faster (uncompressed chunks of a mapped file: see batchedMessageReader.ts); null when it would not be.
   */
  sequentialMessageData?(channelId: number, from: number, to: number): ((index: number) => Uint8Array) | null;
  /**
   * Every message as (channel id, position in that channel's logTimesNs), in the order the Message records appear in
   * the file (chunks in file order, records in chunk order). Built on first call.
   */
  fileOrder(): readonly MessageRef[];
  /** Release the file and caches. */
  close(): void;
}

/** A message by channel and position in ChannelMessages.logTimesNs. */
export interface MessageRef {
  channelId: number;
  index: number;
}
