/**
 * The streamed path (files without a usable index, e.g. a recording cut before its summary) keeps no payloads: a
 * 100 MB unindexed file opens with a small, flat memory cost, and every message reads back exactly on demand.
 */
import { McapWriter } from "@mcap/core";
import { FileHandleWritable } from "@mcap/nodejs";
import { loadDecompressHandlers } from "@mcap/support";
import fs from "node:fs";
import { open } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openEpisodeFile } from "./episodeFile.ts";
import { openStreamed } from "./streamedSource.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-streamed-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const COUNT = 400;
const SIZE = 256 * 1024;

/** Payload i: its index in the first 4 bytes, then a byte pattern of i. */
function payload(i: number): Uint8Array {
  const data = new Uint8Array(SIZE).fill(i & 0xff);
  new DataView(data.buffer).setUint32(0, i, true);
  return data;
}

describe("streamed source memory", () => {
  it("opens a 100 MB file without message indexes keeping no payloads, and reads each message back exactly", async () => {
    const file = path.join(tmp, "unindexed.mcap");
    const handle = await open(file, "w");
    const writer = new McapWriter({
      writable: new FileHandleWritable(handle),
      chunkSize: 4 * 1024 * 1024,
      useMessageIndex: false,
      useChunkIndex: false,
      useStatistics: false,
      useSummaryOffsets: false,
    });
    await writer.start({ profile: "", library: "episcope test" });
    const channelId = await writer.registerChannel({ topic: "/blob", schemaId: 0, messageEncoding: "", metadata: new Map() });
    for (let i = 0; i < COUNT; i++) {
      await writer.addMessage({ channelId, sequence: i, logTime: BigInt(i) * 10_000_000n, publishTime: BigInt(i) * 10_000_000n, data: payload(i) });
    }
    await writer.end();
    await handle.close();
    expect(fs.statSync(file).size).toBeGreaterThan(COUNT * SIZE);

    // Garbage of the pass (the stream reader's buffers and record copies) is collected before measuring what stays.
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, "run with node --expose-gc (vitest.config.ts sets it)").toBeTypeOf("function");
    const handlers = await loadDecompressHandlers();
    // Array buffers are released a collection or two after they die (their backing stores are freed by finalizers):
    // collect until that settles, or a read step of the pass may still be counted.
    const settle = async () => {
      for (let k = 0; k < 3; k++) {
        gc!();
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await settle();
    const before = process.memoryUsage().arrayBuffers;
    const source = openStreamed(openEpisodeFile(file, { access: "pread" }), "unindexed.mcap", handlers);
    try {
      await settle();
      const held = process.memoryUsage().arrayBuffers - before;
      // Keeping the payloads would hold 100 MB for as long as the source is open; a few 8 MB read steps may linger.
      expect(held).toBeLessThan(40 * 1024 * 1024);
      expect(source.readMode).toBe("streamed");
      const channel = [...source.channels.values()][0]!;
      expect(channel.logTimesNs.length).toBe(COUNT);
      for (const i of [0, 1, 17, 200, 399]) {
        const data = source.messageData(channel.channel.id, i);
        expect(data.length).toBe(SIZE);
        expect(new DataView(data.buffer, data.byteOffset).getUint32(0, true)).toBe(i);
        expect(data[SIZE - 1]).toBe(i & 0xff);
        expect(source.messageRecord(channel.channel.id, i).sequence).toBe(i);
      }
    } finally {
      source.close();
    }
  });
});
