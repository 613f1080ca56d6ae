/**
 * Import a ROS 1 bag (format 2.0, http://wiki.ros.org/Bags/Format/2.0; chunks uncompressed, lz4 or bz2) with
 * @foxglove/rosbag into one MCAP episode, keeping every message as it is: message encoding `ros1`, schema encoding
 * `ros1msg` with the connection's own message definition (https://mcap.dev/spec/registry#ros1). The engine decodes
 * these, shows `sensor_msgs/Image` as raw cameras and `sensor_msgs/CompressedImage` as image cameras, and plots
 * numeric messages. A connection whose message definition cannot be parsed (an unknown type) is skipped and reported;
 * the rest imports. Log time = the bag's receive time of each message.
 */
import { mkdir, open, stat } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import path from "node:path";
import type { Filelike } from "@foxglove/rosbag";
import { parse as parseRosMsg } from "@foxglove/rosmsg";
import { unwrapDefaultExport } from "@mcap/support";
import { EpisodeWriter, type SchemaSpec } from "../episodeWriter.ts";
import { addImportMetadata, IMPORT_LIBRARY } from "../importMetadata.ts";
import { errorMessage, statusOf, type ImportOptions, type ImportProblem, type ImportReport } from "../types.ts";

/** Positional reads of an open file (the bag reader reads the index, then chunk by chunk). */
class FileReader implements Filelike {
  constructor(
    readonly handle: FileHandle,
    readonly bytes: number,
  ) {}
  async read(offset: number, length: number): Promise<Uint8Array> {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await this.handle.read(buffer, 0, length, offset);
    if (bytesRead !== length) throw new Error(`short read: ${bytesRead} of ${length} bytes at offset ${offset} (file truncated?)`);
    return buffer;
  }
  size(): number {
    return this.bytes;
  }
}

type Lz4 = ((buffer: Uint8Array, size: number) => Uint8Array) & { isLoaded: Promise<boolean> };

/** lz4 and bz2 chunk decompressors (loaded on demand, so CLI commands other than import start fast). */
async function decompressors(): Promise<Record<string, (buffer: Uint8Array, size: number) => Uint8Array>> {
  const lz4 = unwrapDefaultExport<Lz4>((await import("@foxglove/wasm-lz4")) as unknown as Lz4);
  const { default: Bzip2 } = await import("@foxglove/wasm-bz2");
  await lz4.isLoaded;
  const bzip2 = await Bzip2.init();
  return { lz4: (buffer, size) => lz4(buffer, size), bz2: (buffer, size) => bzip2.decompress(buffer, size, { small: false }) };
}

/** True for a file whose first bytes are the ROS bag 2.0 magic `#ROSBAG V2.0\n`. */
export async function isRosbagFile(file: string): Promise<boolean> {
  const handle = await open(file, "r").catch(() => null);
  if (!handle) return false;
  try {
    const head = new Uint8Array(13);
    await handle.read(head, 0, 13, 0);
    return new TextDecoder().decode(head) === "#ROSBAG V2.0\n";
  } finally {
    await handle.close();
  }
}

/**
 * Import one bag as one episode named after the bag.
 * @throws Error naming the file when it cannot be opened as a bag (bad magic, truncated index)
 */
export async function importRosbag(file: string, options: ImportOptions): Promise<ImportReport> {
  await mkdir(options.outDir, { recursive: true });
  const size = (await stat(file)).size;
  const report: ImportReport = { source: file, format: "rosbag1", outDir: options.outDir, episodes: [], sourceBytes: size, problems: [] };
  const handle = await open(file, "r");
  const problems: ImportProblem[] = [];
  const source = path.basename(file);
  const output = path.join(options.outDir, `${path.basename(file, path.extname(file))}.mcap`);
  try {
    const { Bag } = await import("@foxglove/rosbag");
    const bag = new Bag(new FileReader(handle, size), { parse: false, decompress: await decompressors() });
    try {
      await bag.open();
    } catch (error) {
      throw new Error(`${file}: not a readable ROS 1 bag (${errorMessage(error)})`);
    }
    const writer = new EpisodeWriter();
    const channelOf = new Map<number, number | null>();
    const topicChannels = new Map<string, { channel: number; type: string }>();
    const schemas = new Map<string, SchemaSpec>();
    const encoder = new TextEncoder();
    for (const [id, connection] of bag.connections) {
      const type = connection.type ?? "";
      try {
        if (!type) throw new Error("the connection has no type");
        parseRosMsg(connection.messageDefinition);
      } catch (error) {
        problems.push({ severity: "warning", code: "unknown-message-type", message: `${file}: topic ${connection.topic} (connection ${id}, type ${type || "?"}): cannot parse its message definition (${errorMessage(error)}); topic not imported` });
        channelOf.set(id, null);
        continue;
      }
      const existing = topicChannels.get(connection.topic);
      if (existing) {
        if (existing.type !== type) {
          problems.push({ severity: "warning", code: "mixed-types", message: `${file}: topic ${connection.topic} has connections of types ${existing.type} and ${type}; connection ${id} not imported` });
          channelOf.set(id, null);
        } else channelOf.set(id, existing.channel);
        continue;
      }
      const key = `${type}\n${connection.messageDefinition}`;
      let schema = schemas.get(key);
      if (!schema) schemas.set(key, (schema = { name: type, encoding: "ros1msg", data: encoder.encode(connection.messageDefinition) }));
      const metadata: Record<string, string> = {};
      if (connection.md5sum) metadata.md5sum = connection.md5sum;
      if (connection.callerid) metadata.callerid = connection.callerid;
      if (connection.latching) metadata.latching = "1";
      const channel = writer.addChannel({ topic: connection.topic, messageEncoding: "ros1", schema, metadata });
      topicChannels.set(connection.topic, { channel, type });
      channelOf.set(id, channel);
    }
    let read = 0;
    try {
      for await (const event of bag.messageIterator()) {
        read++;
        const channel = channelOf.get(event.connectionId);
        if (channel === null || channel === undefined) continue;
        writer.addMessage(channel, BigInt(event.timestamp.sec) * 1_000_000_000n + BigInt(event.timestamp.nsec), event.data);
      }
    } catch (error) {
      problems.push({ severity: "error", code: "bad-chunk", message: `${file}: reading stopped after ${read} messages (${errorMessage(error)}); the messages before it are imported` });
    }
    const start = bag.startTime ? `${bag.startTime.sec}.${String(bag.startTime.nsec).padStart(9, "0")}` : "";
    addImportMetadata(writer, {
      episode: { dataset: path.basename(path.dirname(path.resolve(file))) },
      import: { format: "rosbag1", source: file, source_episode: source, timestamps: "source", bag_start: start, connections: String(bag.connections.size), chunks: String(bag.chunkInfos.length) },
      labels: { layer: `rosbag1:${source}`, step_label_topics: "" },
      problems,
    });
    if (writer.messageCount === 0) {
      report.episodes.push({ source, output: null, status: "failed", steps: read, messages: 0, bytes: 0, problems: [...problems, { severity: "error", code: "empty-episode", message: `${file}: no message could be imported` }] });
    } else {
      const bytes = await writer.write(output, IMPORT_LIBRARY);
      const failedStreams = problems.some((p) => p.severity === "error");
      report.episodes.push({ source, output, status: failedStreams ? "partial" : statusOf(problems), steps: read, messages: writer.messageCount, bytes, problems });
    }
    options.onEpisode?.(report.episodes.at(-1)!);
    return report;
  } finally {
    await handle.close();
  }
}
