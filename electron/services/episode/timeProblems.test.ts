import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LoadedEpisode } from "./loadedEpisode.ts";
import { evenTimes, writeTestMcap, type TestMessage } from "./testMcapWriter.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-times-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** 2025-09-10T11:00:00Z in ns. */
const T0 = 1_757_502_000_000_000_000n;
const MS = 1_000_000n;

async function open(name: string, messages: TestMessage[], chunked: boolean, extra = {}) {
  const file = path.join(tmp, name);
  await writeTestMcap(file, {
    channels: [
      { topic: "/cam", schemaName: "foxglove.CompressedImage" },
      { topic: "/joints", schemaName: "demo.Joints" },
    ],
    messages,
    chunked,
    chunkSize: 4096,
    ...extra,
  });
  return LoadedEpisode.open({ episodeId: "t", absPath: file, relPath: name });
}

/** A 10 s recording: /cam at 30 Hz, /joints at 100 Hz, interleaved by time. */
function cleanMessages(): TestMessage[] {
  const cam = evenTimes(T0, 33_333_333n, 300).map((logTimeNs) => ({ topic: "/cam", logTimeNs }));
  const joints = evenTimes(T0, 10n * MS, 1000).map((logTimeNs) => ({ topic: "/joints", logTimeNs }));
  return [...cam, ...joints].sort((a, b) => (a.logTimeNs < b.logTimeNs ? -1 : a.logTimeNs > b.logTimeNs ? 1 : 0));
}

const TIME_CODES = ["log-time-outliers", "timestamp-gap", "frame-drops", "non-monotonic-time"];

for (const chunked of [true, false]) {
  describe(`episode time problems (${chunked ? "chunked, indexed" : "unchunked, streamed"})`, () => {
    it("a clean recording has none, and its axis is its first..last message", async () => {
      const episode = await open(`clean-${chunked}.mcap`, cleanMessages(), chunked);
      try {
        expect(episode.summary.readMode).toBe(chunked ? "indexed" : "streamed");
        expect(episode.summary.problems.filter((p) => TIME_CODES.includes(p.code))).toEqual([]);
        expect(episode.summary.startNs).toBe(T0);
        expect(episode.summary.endNs).toBe(T0 + 999n * 10n * MS);
      } finally {
        episode.close();
      }
    });

    it("outliers at t = 0 do not stretch the axis; gaps, frame drops and backward steps are reported", async () => {
      let messages = cleanMessages();
      // 5 dropped camera frames (100..104), a 2 s hole in /joints (5 s..7 s).
      messages = messages.filter((m) => {
        if (m.topic === "/cam") {
          const frame = Number((m.logTimeNs - T0) / 33_333_333n);
          return frame < 100 || frame > 104;
        }
        return m.logTimeNs < T0 + 5000n * MS || m.logTimeNs >= T0 + 7000n * MS;
      });
      // Two /joints messages swapped in the file.
      const a = messages.findIndex((m) => m.topic === "/joints" && m.logTimeNs === T0 + 1000n * MS);
      const b = messages.findIndex((m) => m.topic === "/joints" && m.logTimeNs === T0 + 1010n * MS);
      [messages[a], messages[b]] = [messages[b]!, messages[a]!];
      // Three messages stamped t = 0 at the start of the file.
      messages.unshift(...[0n, 0n, 1n].map((logTimeNs) => ({ topic: "/joints", logTimeNs })));

      const episode = await open(`damaged-${chunked}.mcap`, messages, chunked);
      try {
        const { summary } = episode;
        expect(summary.startNs).toBe(T0);
        expect(summary.endNs).toBe(T0 + 9990n * MS);
        const byCode = (code: string) => summary.problems.filter((p) => p.code === code);
        expect(byCode("log-time-outliers")).toEqual([
          expect.objectContaining({ topic: "/joints", message: expect.stringMatching(/^\/joints: 3 messages with log times far outside/) }),
        ]);
        expect(byCode("frame-drops")).toEqual([
          expect.objectContaining({ topic: "/cam", message: expect.stringMatching(/^\/cam: about 5 frames missing in 1 place /) }),
        ]);
        expect(byCode("timestamp-gap")).toEqual([
          expect.objectContaining({ topic: "/joints", message: expect.stringMatching(/1 gap in log time; the longest, 2\.010 s, starts 4\.990 s into/) }),
        ]);
        expect(byCode("non-monotonic-time")).toEqual([
          expect.objectContaining({ topic: "/joints", message: expect.stringMatching(/^\/joints: 1 message has a log time earlier/) }),
        ]);
        // The rate comes from the bulk of the data, not the 55-year span.
        const joints = summary.channels.find((c) => c.topic === "/joints")!;
        expect(joints.messageCount).toBe(1000 - 200 + 3);
        expect(joints.rateHz).toBeGreaterThan(70);
      } finally {
        episode.close();
      }
    });

    it("lists metadata records and attachments", async () => {
      const urdf = new TextEncoder().encode("<robot name='arm'/>");
      const episode = await open(`meta-${chunked}.mcap`, cleanMessages().slice(0, 20), chunked, {
        metadata: [{ name: "episode", entries: { operator: "alice", task: "pick cube", robot: "so101" } }],
        attachments: [{ name: "robot.urdf", mediaType: "application/xml", data: urdf, logTimeNs: T0 }],
      });
      try {
        expect(episode.summary.metadata).toEqual([{ name: "episode", entries: { operator: "alice", task: "pick cube", robot: "so101" } }]);
        expect(episode.summary.attachments).toEqual([{ name: "robot.urdf", mediaType: "application/xml", sizeBytes: urdf.length, logTimeNs: T0 }]);
      } finally {
        episode.close();
      }
    });
  });
}
