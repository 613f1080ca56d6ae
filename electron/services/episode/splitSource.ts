/**
 * One McapSource over the parts of a split recording (see rosbag2Folder.ts): channels with the same topic, message
 * encoding and schema (name, encoding, bytes) in different parts are one channel; their messages are merged by log
 * time (part order among equal times). Channel ids are renumbered 1, 2, … in order of first appearance.
 */
import type { EpisodeAttachment, EpisodeMetadata, EpisodeProblem } from "../../../shared/episode.ts";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import type { ChunkScratch } from "./chunkRecordsCache.ts";
import type { EpisodeFile } from "./episodeFile.ts";
import type { MessageRecord } from "./mcapRecords.ts";
import type { ChannelMessages, McapChannelInfo, McapSource, McapStatisticsInfo, MessageRef } from "./mcapSource.ts";

interface SplitChannel extends ChannelMessages {
  /** Per message: which part, and its position in that part's channel. */
  parts: Uint16Array;
  indexes: Uint32Array;
  /** Per part: the part's channel id for this channel (or -1). */
  partChannelIds: number[];
}

/** Stands for the folder: its size is the sum of the parts; reading goes through the parts. */
class FolderFile implements EpisodeFile {
  constructor(
    readonly path: string,
    readonly size: number,
    readonly access: EpisodeFile["access"],
    private readonly parts: readonly McapSource[],
  ) {}
  read(): Uint8Array {
    throw new EpiscopeError("not-a-file", `${this.path}: a split recording is read through its parts`);
  }
  readInto(): void {
    this.read();
  }
  check(): void {
    for (const part of this.parts) part.file.check();
  }
  close(): void {}
}

function channelKey(c: McapChannelInfo): string {
  const schema = c.schema ? `${c.schema.name}\u0000${c.schema.encoding}\u0000${Buffer.from(c.schema.data).toString("base64")}` : "";
  return `${c.topic}\u0000${c.messageEncoding}\u0000${schema}`;
}

/**
 * Combine `parts` (opened sources, in recording order) into one source named `displayName` for the folder `dir`.
 * Takes ownership: close() closes every part.
 */
export function combineParts(dir: string, displayName: string, parts: McapSource[]): McapSource {
  if (parts.length > 0xffff) throw new EpiscopeError("too-many-parts", `${displayName}: ${parts.length} parts (at most 65535)`);
  const byKey = new Map<string, { info: McapChannelInfo; partChannelIds: number[] }>();
  parts.forEach((part, p) => {
    for (const { channel } of part.channels.values()) {
      const key = channelKey(channel);
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, (entry = { info: { ...channel, id: byKey.size + 1 }, partChannelIds: parts.map(() => -1) }));
      entry.partChannelIds[p] = channel.id;
    }
  });

  const channels = new Map<number, SplitChannel>();
  for (const { info, partChannelIds } of byKey.values()) {
    const lists = partChannelIds.map((id, p) => (id < 0 ? null : parts[p]!.channels.get(id)!));
    const n = lists.reduce((sum, l) => sum + (l?.logTimesNs.length ?? 0), 0);
    const logTimesNs = new BigInt64Array(n);
    const partOf = new Uint16Array(n);
    const indexes = new Uint32Array(n);
    const cursor = lists.map(() => 0);
    for (let k = 0; k < n; k++) {
      let best = -1;
      for (let p = 0; p < lists.length; p++) {
        const list = lists[p];
        if (!list || cursor[p]! >= list.logTimesNs.length) continue;
        if (best < 0 || list.logTimesNs[cursor[p]!]! < lists[best]!.logTimesNs[cursor[best]!]!) best = p;
      }
      logTimesNs[k] = lists[best]!.logTimesNs[cursor[best]!]!;
      partOf[k] = best;
      indexes[k] = cursor[best]!++;
    }
    const backwardSteps = lists.reduce((sum, l) => sum + (l?.backwardSteps ?? 0), 0);
    channels.set(info.id, { channel: info, logTimesNs, parts: partOf, indexes, partChannelIds, backwardSteps });
  }

  const problems: EpisodeProblem[] = parts.flatMap((part) => part.problems);
  const size = parts.reduce((sum, part) => sum + part.file.size, 0);
  return new SplitSource(new FolderFile(dir, size, parts[0]?.file.access ?? "pread", parts), displayName, parts, channels, problems);
}

class SplitSource implements McapSource {
  readonly readMode: McapSource["readMode"];
  readonly statistics: McapStatisticsInfo | null = null;
  readonly metadata: readonly EpisodeMetadata[];
  readonly attachments: readonly EpisodeAttachment[];
  #fileOrder: MessageRef[] | null = null;

  constructor(
    readonly file: EpisodeFile,
    readonly displayName: string,
    private readonly parts: McapSource[],
    readonly channels: ReadonlyMap<number, SplitChannel>,
    readonly problems: EpisodeProblem[],
  ) {
    this.readMode = parts.every((p) => p.readMode === "indexed") ? "indexed" : "streamed";
    this.metadata = parts.flatMap((p) => p.metadata);
    this.attachments = parts.flatMap((p) => p.attachments);
  }

  #locate(channelId: number, index: number): { part: McapSource; partChannelId: number; partIndex: number } {
    const channel = this.channels.get(channelId);
    if (!channel || !Number.isInteger(index) || index < 0 || index >= channel.logTimesNs.length) {
      throw new EpiscopeError("out-of-range", `${this.displayName}: no message ${index} on channel ${channelId}`);
    }
    const p = channel.parts[index]!;
    return { part: this.parts[p]!, partChannelId: channel.partChannelIds[p]!, partIndex: channel.indexes[index]! };
  }

  messageData(channelId: number, index: number): Uint8Array {
    const { part, partChannelId, partIndex } = this.#locate(channelId, index);
    return part.messageData(partChannelId, partIndex);
  }

  transientMessageData(channelId: number, scratch?: ChunkScratch): (index: number) => Uint8Array {
    const readers = new Map<McapSource, (index: number) => Uint8Array>();
    return (index) => {
      const { part, partChannelId, partIndex } = this.#locate(channelId, index);
      let read = readers.get(part);
      if (!read) readers.set(part, (read = part.transientMessageData(partChannelId, scratch)));
      return read(partIndex);
    };
  }

  messageRecord(channelId: number, index: number): MessageRecord {
    const { part, partChannelId, partIndex } = this.#locate(channelId, index);
    return { ...part.messageRecord(partChannelId, partIndex), channelId };
  }

  fileOrder(): readonly MessageRef[] {
    if (!this.#fileOrder) {
      // Position of (part, part channel id, part index) in the combined channels.
      const back = this.parts.map(() => new Map<number, { channelId: number; positions: Uint32Array }>());
      for (const [channelId, channel] of this.channels) {
        channel.partChannelIds.forEach((partChannelId, p) => {
          if (partChannelId < 0) return;
          const positions = new Uint32Array(this.parts[p]!.channels.get(partChannelId)!.logTimesNs.length);
          back[p]!.set(partChannelId, { channelId, positions });
        });
        for (let k = 0; k < channel.logTimesNs.length; k++) {
          back[channel.parts[k]!]!.get(channel.partChannelIds[channel.parts[k]!]!)!.positions[channel.indexes[k]!] = k;
        }
      }
      this.#fileOrder = this.parts.flatMap((part, p) =>
        part.fileOrder().map(({ channelId, index }) => {
          const entry = back[p]!.get(channelId)!;
          return { channelId: entry.channelId, index: entry.positions[index]! };
        }),
      );
    }
    return this.#fileOrder;
  }

  close(): void {
    for (const part of this.parts) part.close();
  }
}
