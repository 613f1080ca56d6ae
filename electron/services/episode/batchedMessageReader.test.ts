import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
