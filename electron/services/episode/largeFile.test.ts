/**
 * Files past 4 GiB (issue 20): a generated 6 GB 3-camera episode (uncompressed and zstd chunks; sparse, so it is
 * written in about a second) read through the mapped path that the desktop app uses — bytes copied out of the map,
 * no external ArrayBuffer — and through positional reads; a 4.3 GiB file of zeros after a valid header.
 */
import { McapIndexedReader } from "@mcap/core";
import { FileHandleReadable } from "@mcap/nodejs";
import { loadDecompressHandlers } from "@mcap/support";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { open } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRepoRoot } from "./mmapAddon.ts";
import { LoadedEpisode } from "./loadedEpisode.ts";
import { openMcap } from "./openMcap.ts";
import { expectedFrame, LARGE_CAMERAS, LARGE_JOINTS, writeLargeMcap, type LargeMcapWritten } from "./testLargeMcap.ts";

const SIZE = 6e9;
const FOUR_GIB = 2 ** 32;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-large-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Anonymous resident memory (bytes; not the file-backed pages of the page cache). */
function rssAnon(): number {
  const match = /RssAnon:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  return Number(match![1]) * 1024;
}

/** Per-topic counts and the messages in chunks past 4 GiB, read by @mcap/core independently of the engine. */
async function reference(file: string): Promise<{ counts: Map<string, number>; past4GiB: { topic: string; logTime: bigint; sequence: number }[] }> {
  const handle = await open(file, "r");
  try {
    const reader = await McapIndexedReader.Initialize({ readable: new FileHandleReadable(handle), decompressHandlers: await loadDecompressHandlers() });
    const counts = new Map<string, number>();
    for await (const m of reader.readMessages()) {
      const topic = reader.channelsById.get(m.channelId)!.topic;
      counts.set(topic, (counts.get(topic) ?? 0) + 1);
    }
    const far = reader.chunkIndexes.filter((c) => c.chunkStartOffset > BigInt(FOUR_GIB));
    const startTime = far.reduce((min, c) => (c.messageStartTime < min ? c.messageStartTime : min), far[0]!.messageStartTime);
    const past4GiB = [];
    for await (const m of reader.readMessages({ startTime, topics: [...LARGE_CAMERAS] })) {
      past4GiB.push({ topic: reader.channelsById.get(m.channelId)!.topic, logTime: m.logTime, sequence: m.sequence });
    }
    return { counts, past4GiB };
  } finally {
    await handle.close();
  }
}

for (const compression of ["none", "zstd"] as const) {
  describe(`a 6 GB episode, ${compression} chunks`, () => {
    const file = path.join(tmp, `large-${compression}.mcap`);
    let written: LargeMcapWritten;
    beforeAll(async () => {
      written = await writeLargeMcap(file, { sizeBytes: SIZE, compression: compression === "zstd" ? "zstd" : undefined });
      expect(fs.statSync(file).size).toBeGreaterThanOrEqual(SIZE * 0.99);
      expect(written.lastPaddingEnd).toBeGreaterThan(FOUR_GIB);
    });
    afterAll(() => fs.rmSync(file, { force: true }));

    for (const access of ["mmap", "pread"] as const) {
      it(`opens through ${access}: counts equal @mcap/core's, frames past 4 GiB are the written bytes, anonymous memory grows ≤ 300 MB`, async () => {
        const ref = await reference(file);
        expect(ref.past4GiB.length).toBeGreaterThan(100);
        (globalThis as { gc?: () => void }).gc?.();
        const before = rssAnon();
        let peak = before;
        const episode = await LoadedEpisode.open({ episodeId: "large", absPath: file, relPath: path.basename(file) }, { access });
        try {
          expect(episode.summary.access).toBe(access);
          expect(episode.summary.readMode).toBe("indexed");
          const counts = new Map(episode.summary.channels.map((c) => [c.topic, c.messageCount]));
          expect(counts).toEqual(ref.counts);
          expect(counts.get(LARGE_JOINTS)).toBe(written.joints);
          for (const { topic, logTime, sequence } of ref.past4GiB) {
            const camera = LARGE_CAMERAS.indexOf(topic as (typeof LARGE_CAMERAS)[number]);
            const index = episode.frameIndex(topic);
            expect(index.logTimesNs[sequence]).toBe(logTime);
            const [frame] = episode.frames(topic, sequence, sequence);
            expect(Buffer.from(frame!.data).equals(Buffer.from(expectedFrame(camera, sequence)))).toBe(true);
            peak = Math.max(peak, rssAnon());
          }
          const series = episode.series(LARGE_JOINTS);
          expect(series.logTimesNs.length).toBe(written.joints);
          peak = Math.max(peak, rssAnon());
        } finally {
          episode.close();
        }
        expect((peak - before) / 1e6).toBeLessThanOrEqual(300);
      });
    }

    it("cat of the joint topic is complete through a pipe (the built CLI, bin/episcope.mjs)", () => {
      const root = findRepoRoot()!;
      const result = spawnSync(
        "sh",
        ["-c", `node bin/episcope.mjs cat "${file}" --topic ${LARGE_JOINTS} --json | wc -l`],
        { cwd: root, encoding: "utf8" },
      );
      expect(result.stderr).toBe("");
      expect(Number(result.stdout.trim())).toBe(written.joints);
    });
  });
}

describe("a 4.3 GiB file of zeros after a valid header", () => {
  it("is refused naming the file and the offset where the zeros start, without scanning them", async () => {
    const source = path.join(tmp, "header.mcap");
    await writeLargeMcap(source, { sizeBytes: 0, seconds: 1, paddings: 0 });
    const bytes = fs.readFileSync(source);
    const headerEnd = 8 + 9 + Number(bytes.readBigUInt64LE(9)); // magic, then the Header record (op 0x01)
    const zeros = path.join(tmp, "zeros.mcap");
    fs.writeFileSync(zeros, bytes.subarray(0, headerEnd));
    fs.truncateSync(zeros, Math.floor(4.3 * 2 ** 30));
    for (const access of ["mmap", "pread"] as const) {
      const started = performance.now();
      await expect(openMcap(zeros, { access })).rejects.toMatchObject({
        code: "corrupt-mcap",
        message: expect.stringMatching(new RegExp(`^${zeros}: invalid MCAP data at offset ${headerEnd}: record opcode 0x00`)),
      });
      // Not a speed assertion: scanning the zeros took 2–3 minutes before; this only tells a scan from none.
      expect(performance.now() - started).toBeLessThan(20_000);
    }
    fs.rmSync(zeros);
  });
});
