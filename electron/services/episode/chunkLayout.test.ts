/**
 * A chunk's layout from its Chunk Index record (uncompressedLayoutFromIndex) is the one its header gives
 * (readChunkLayout) for every uncompressed chunk of a real file, and none is made up for compressed chunks or an index
 * whose lengths do not add up (those are read from the header).
 */
import { McapIndexedReader, type TypedMcapRecords } from "@mcap/core";
import { loadDecompressHandlers } from "@mcap/support";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openEpisodeFile } from "./episodeFile.ts";
import { readChunkLayout, uncompressedLayoutFromIndex } from "./mcapRecords.ts";
import { evenTimes, writeTestMcap } from "./testMcapWriter.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-chunk-layout-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A file of 3,000 JSON messages in chunks of 64 KiB, and its chunk indexes. */
async function chunkedFile(name: string, compression?: "zstd"): Promise<{ file: string; chunks: TypedMcapRecords["ChunkIndex"][] }> {
  const file = path.join(tmp, name);
  const times = evenTimes(1_700_000_000_000_000_000n, 10_000_000n, 3_000);
  await writeTestMcap(file, {
    channels: [{ topic: "/value", schemaName: "demo.Value" }],
    messages: times.map((logTimeNs, i) => ({ topic: "/value", logTimeNs, json: { value: i, note: "x".repeat(i % 300) } })),
    chunkSize: 64 * 1024,
    compression,
  });
  const handle = openEpisodeFile(file, { access: "pread" });
  try {
    const reader = await McapIndexedReader.Initialize({
      readable: { size: async () => BigInt(handle.size), read: async (at, n) => handle.read(at, Number(n)) },
      decompressHandlers: await loadDecompressHandlers(),
    });
    return { file, chunks: [...reader.chunkIndexes] };
  } finally {
    handle.close();
  }
}

describe("chunk layout from the Chunk Index", () => {
  it("equals the header's layout for every uncompressed chunk (but the CRC, 0: not checked)", async () => {
    const { file, chunks } = await chunkedFile("plain.mcap");
    expect(chunks.length).toBeGreaterThan(5);
    const handle = openEpisodeFile(file, { access: "pread" });
    try {
      for (const index of chunks) {
        const fromHeader = readChunkLayout((at, n) => handle.read(at, n), Number(index.chunkStartOffset), Number(index.chunkLength));
        expect(uncompressedLayoutFromIndex(index)).toEqual({ ...fromHeader, uncompressedCrc: 0 });
      }
    } finally {
      handle.close();
    }
  });

  it("gives none for a compressed chunk or an index whose lengths do not add up", async () => {
    const { chunks } = await chunkedFile("zstd.mcap", "zstd");
    expect(chunks.every((c) => c.compression === "zstd")).toBe(true);
    for (const index of chunks) expect(uncompressedLayoutFromIndex(index)).toBeNull();
    const { chunks: plain } = await chunkedFile("plain2.mcap");
    const index = plain[0]!;
    expect(uncompressedLayoutFromIndex({ ...index, chunkLength: index.chunkLength + 1n })).toBeNull();
    expect(uncompressedLayoutFromIndex({ ...index, compressedSize: index.compressedSize - 8n })).toBeNull();
  });
});
