/**
 * Write one episode as an indexed MCAP file with @mcap/core's McapWriter (chunks, message indexes, chunk indexes,
 * statistics, summary offsets: the writer's defaults) via a temp file renamed into place.
 */
import { open, rename, rm } from "node:fs/promises";
import { McapWriter } from "@mcap/core";
import { FileHandleWritable } from "@mcap/nodejs";
import type { CompressChunk } from "./compression.ts";
import type { OutMessage, TopicStream } from "./types.ts";

/** Target uncompressed chunk size (bytes): small enough that a 12–16 s sample has several chunks to seek across. */
export const CHUNK_SIZE = 256 * 1024;


/** Everything that goes into one MCAP file. */
export interface McapContent {
  /** Header `library` field. */
  library: string;
  /** Channels are registered in this order; their messages are merged by log time (ties keep this order). */
  streams: readonly TopicStream[];
  /** MCAP metadata records (name → key/values). */
  metadata: ReadonlyArray<{ name: string; values: Record<string, string> }>;
  compressChunk?: CompressChunk;
}

/** Merge per-topic message lists into one list sorted by log time; stable, so equal times keep stream order. */
export function mergeByLogTime(streams: readonly TopicStream[]): OutMessage[] {
  const all = streams.flatMap((s) => s.messages);
  return all
    .map((m, i) => ({ m, i }))
    .sort((a, b) => (a.m.logTimeNs < b.m.logTimeNs ? -1 : a.m.logTimeNs > b.m.logTimeNs ? 1 : a.i - b.i))
    .map(({ m }) => m);
}

/** Write `content` to `path` (overwriting). Returns the number of messages written. */
export async function writeMcapFile(path: string, content: McapContent): Promise<number> {
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, "w");
  try {
    const writer = new McapWriter({
      writable: new FileHandleWritable(handle),
      chunkSize: CHUNK_SIZE,
      ...(content.compressChunk ? { compressChunk: content.compressChunk } : {}),
    });
    await writer.start({ profile: "", library: content.library });
    const channelIds = new Map<string, number>();
    for (const { channel } of content.streams) {
      const schemaId = await writer.registerSchema(channel.schema);
      const id = await writer.registerChannel({ topic: channel.topic, messageEncoding: channel.messageEncoding, schemaId, metadata: new Map() });
      channelIds.set(channel.topic, id);
    }
    // Metadata first, so a linear reader sees it before the messages.
    for (const { name, values } of content.metadata) {
      await writer.addMetadata({ name, metadata: new Map(Object.entries(values)) });
    }
    const sequences = new Map<string, number>();
    const messages = mergeByLogTime(content.streams);
    for (const message of messages) {
      const sequence = sequences.get(message.topic) ?? 0;
      sequences.set(message.topic, sequence + 1);
      await writer.addMessage({
        channelId: channelIds.get(message.topic)!,
        sequence,
        logTime: message.logTimeNs,
        publishTime: message.logTimeNs,
        data: message.data,
      });
    }
    await writer.end();
    await handle.close();
    await rename(tmp, path);
    return messages.length;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw error;
  }
}
