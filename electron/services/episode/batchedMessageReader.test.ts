import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchedMessageReader } from "./batchedMessageReader.ts";
import { openEpisodeFile } from "./episodeFile.ts";
import { openMcap } from "./openMcap.ts";
import { evenTimes, writeTestMcap } from "./testMcapWriter.ts";

// An uncompressed file: a numeric channel whose payloads grow from ~30 bytes to ~3 KB (past the reader's first guess
// of a record's length, and back), interleaved with a camera of incompressible frames, in small chunks.
let dir: string;
let file: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-batched-"));
  file = path.join(dir, "batched.mcap");
  let seed = 5;
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24)).toString("base64");
  await writeTestMcap(file, {
    channels: [
      { topic: "/value", schemaName: "demo.Value" },
      { topic: "/cam", schemaName: "foxglove.CompressedImage" },
    ],
    messages: evenTimes(1_000_000_000n, 5_000_000n, 5000).flatMap((t, i) => [
      { topic: "/value", logTimeNs: t, json: { value: i, note: i % 1000 > 900 ? bytes(2000) : "" } },
      ...(i % 2 === 0 ? [{ topic: "/cam", logTimeNs: t, json: { format: "jpeg", data: bytes(700) } }] : []),
    ]),
    chunkSize: 64 * 1024,
  });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("sequentialMessageData (batched preads)", () => {
  it("returns every payload equal to messageData, in order, across long records, and out of order too", async () => {
    const source = await openMcap(file);
    try {
      if (!openEpisodeFile(file).readRanges) throw new Error("the native addon (readRanges) is not built: run scripts/build-native.mjs");
      const channel = [...source.channels.values()].find((c) => c.channel.topic === "/value")!;
      const id = channel.channel.id;
      const n = channel.logTimesNs.length;
      expect(n).toBe(5000);
      const read = source.sequentialMessageData!(id, 0, n)!;
      expect(read).not.toBeNull();
      for (let i = 0; i < n; i++) expect(Buffer.from(read(i)).equals(Buffer.from(source.messageData(id, i))), `message ${i}`).toBe(true);
      // A part of the channel, read backwards (each read starts a batch there).
      const part = source.sequentialMessageData!(id, 1000, 3000)!;
      for (let i = 2999; i >= 1000; i -= 97) expect(Buffer.from(part(i)).equals(Buffer.from(source.messageData(id, i)))).toBe(true);
    } finally {
      source.close();
    }
  });
});

describe("batchedMessageReader", () => {
  it("reads a batch again with a longer guess when its records are longer than the first guess (none read on its own)", () => {
    // 3000 Message records of 700-byte payloads (longer than the first guess of 512 bytes), back to back in one chunk.
    const payload = 700;
    const recordLength = 9 + 22 + payload;
    const records = new Uint8Array(3000 * recordLength);
    const dv = new DataView(records.buffer);
    for (let i = 0; i < 3000; i++) {
      const at = i * recordLength;
      records[at] = 0x05;
      dv.setUint32(at + 1, 22 + payload, true);
      dv.setUint16(at + 9, 7, true); // channel id
      records.fill(i % 251, at + 31, at + recordLength);
    }
    let batches = 0;
    const singles: number[] = [];
    /** Prefetched ranges as "first message+count". */
    const prefetched: string[] = [];
    const read = batchedMessageReader(
      7,
      0,
      3000,
      (i) => ({ recordsOffset: 0, recordsLength: records.length, offset: i * recordLength }),
      (starts, lengths, out) => {
        batches++;
        let at = 0;
        for (let k = 0; k < starts.length; k++) {
          out.set(records.subarray(starts[k]!, starts[k]! + lengths[k]!), at);
          at += lengths[k]!;
        }
      },
      (i) => {
        singles.push(i);
        return records.subarray(i * recordLength + 31, (i + 1) * recordLength);
      },
      (starts) => prefetched.push(`${(starts[0]! / recordLength).toFixed(0)}+${starts.length}`),
    );
    for (let i = 0; i < 3000; i++) {
      const data = read(i);
      expect(data.length).toBe(payload);
      expect(data[0]).toBe(i % 251);
    }
    expect(singles).toEqual([]);
    // Each batch's ranges and the next batch's, once: the batch read again with a longer guess (from message 0) and
    // the batch after it (from 2048, asked for ahead) are not asked for twice.
    expect(prefetched).toEqual(["0+2048", "2048+952"]);
    // The first batch read twice (short guess, then one that fits), then one more for the rest.
    expect(batches).toBe(3);
  });
});
