import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChunkScratch } from "./chunkRecordsCache.ts";
import { openEpisodeFile } from "./episodeFile.ts";
import { LoadedEpisode } from "./loadedEpisode.ts";
import type { McapSource } from "./mcapSource.ts";
import { decompressHandlers, openMcap } from "./openMcap.ts";
import { openStreamed } from "./streamedSource.ts";
import { evenTimes, writeTestMcap, type TestMcap } from "./testMcapWriter.ts";

// The same episode with uncompressed and with zstd chunks (small chunks: ~40 of them), a numeric channel and a camera
// whose frames are incompressible bytes (stored raw by zstd), interleaved by log time.
let dir: string;
const files = { none: "", zstd: "" };

function spec(compression?: "zstd"): TestMcap {
  let seed = 11;
  const frame = (n: number) => Buffer.from(Array.from({ length: 900 + (n % 7) * 50 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24)).toString("base64");
  return {
    channels: [
      { topic: "/value", schemaName: "demo.Value" },
      { topic: "/cam", schemaName: "foxglove.CompressedImage" },
    ],
    messages: evenTimes(2_000_000_000n, 5_000_000n, 600).flatMap((t, i) => [
      { topic: "/value", logTimeNs: t, json: { value: i, scaled: i * 0.25 } },
      ...(i % 3 === 0 ? [{ topic: "/cam", logTimeNs: t, json: { format: "jpeg", data: frame(i) } }] : []),
    ]),
    chunkSize: 16 * 1024,
    compression,
  };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-transient-"));
  files.none = path.join(dir, "none.mcap");
  files.zstd = path.join(dir, "zstd.mcap");
  await writeTestMcap(files.none, spec());
  await writeTestMcap(files.zstd, spec("zstd"));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const open = (file: string) => LoadedEpisode.open({ episodeId: path.basename(file), absPath: file, relPath: path.basename(file) });

describe("transient reads (reused decompression buffers)", () => {
  it("give the same series, frame index and frames on zstd chunks as on uncompressed ones, in any order", async () => {
    const [plain, zstd] = await Promise.all([open(files.none), open(files.zstd)]);
    try {
      expect(zstd.summary.messageCount).toBe(800);
      expect(zstd.series("/value")).toEqual(plain.series("/value"));
      expect(zstd.seriesRows("/value", 123, 456)).toEqual(plain.seriesRows("/value", 123, 456));
      expect(zstd.frameIndex("/cam")).toEqual(plain.frameIndex("/cam"));
      const n = plain.frameIndex("/cam").logTimesNs.length;
      expect(zstd.frames("/cam", 0, n - 1)).toEqual(plain.frames("/cam", 0, n - 1));
      // One frame at a time, jumping around: the frame buffers are recycled between chunks; every frame stays right.
      let seed = 3;
      const kept = [];
      for (let k = 0; k < 150; k++) {
        const i = (seed = (seed * 1103515245 + 12345) >>> 0) % n;
        const [got] = zstd.frames("/cam", i, i);
        expect(got, `frame ${i}`).toEqual(plain.frames("/cam", i, i)[0]);
        kept.push({ i, got: got! });
      }
      // Returned frames are copies: later reads did not change them.
      for (const { i, got } of kept) expect(Buffer.compare(got.data, plain.frames("/cam", i, i)[0]!.data), `frame ${i}`).toBe(0);
    } finally {
      plain.close();
      zstd.close();
    }
  });

  it("read every message's exact bytes through the indexed and the streamed source, with private or shared scratch, whole chunks or prefixes", async () => {
    const handlers = await decompressHandlers();
    const reference = await openMcap(files.none);
    const indexed = await openMcap(files.zstd);
    const streamedFile = openEpisodeFile(files.zstd);
    const streamed = openStreamed(streamedFile, "zstd.mcap", handlers);
    const sources: [string, McapSource][] = [
      ["indexed", indexed],
      ["streamed", streamed],
    ];
    try {
      expect(indexed.readMode).toBe("indexed");
      for (const [name, source] of sources) {
        const shared = new ChunkScratch(2);
        // Prefixes grown 100 bytes at a time (zstd-napi and node:zlib stream; wasm decompresses whole chunks).
        const prefixes = new ChunkScratch(2, 100);
        for (const [channelId, channel] of reference.channels) {
          const readers = [
            source.transientMessageData(channelId),
            source.transientMessageData(channelId, shared),
            source.transientMessageData(channelId, prefixes),
          ];
          for (const [r, read] of readers.entries()) {
            for (let i = 0; i < channel.logTimesNs.length; i++) {
              const expected = reference.messageData(channelId, i);
              expect(Buffer.compare(read(i), expected), `${name} reader ${r}: ${channel.channel.topic} #${i}`).toBe(0);
            }
            // Backwards too (every chunk change reuses a buffer).
            for (let i = channel.logTimesNs.length - 1; i >= 0; i--) {
              expect(Buffer.compare(read(i), reference.messageData(channelId, i)), `${name} reader ${r} backwards #${i}`).toBe(0);
            }
          }
        }
      }
    } finally {
      reference.close();
      indexed.close();
      streamed.close();
    }
  });
});
