/**
 * The episode cache (episodeCache.ts) on real MCAP files: an open served from the cached message index finds every
 * message of every channel exactly as the Message Index records do; series come back from it equal to a fresh read
 * (also through EpisodeMainService); what is stored is really what is used; a file rewritten in place, a damaged
 * entry or a disabled cache never serve stale or wrong data.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { cacheWritesSettled, readKeyframes, readMessageIndex, readSeries, writeKeyframes, writeMessageIndex, writeSeries } from "./episodeCache.ts";
import { EpisodeMainService } from "./episodeMainService.ts";
import { LoadedEpisode } from "./loadedEpisode.ts";
import { evenTimes, writeTestMcap } from "./testMcapWriter.ts";

const SAMPLE = fileURLToPath(new URL("../../../assets/sample/pick_cube_001.mcap", import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-episode-cache-test-"));
const CACHE = path.join(tmp, "cache");
const before = process.env.EPISCOPE_EPISODE_CACHE;
process.env.EPISCOPE_EPISODE_CACHE = CACHE;
afterEach(() => {
  process.env.EPISCOPE_EPISODE_CACHE = CACHE;
});
afterAll(() => {
  if (before === undefined) delete process.env.EPISCOPE_EPISODE_CACHE;
  else process.env.EPISCOPE_EPISODE_CACHE = before;
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A fresh copy of the bundled sample (its own inode: its own cache entries). */
function sampleCopy(name: string): string {
  const file = path.join(tmp, name);
  fs.copyFileSync(SAMPLE, file);
  return file;
}

/** Open `absPath` and wait until what the open stores in the cache (written without blocking) is on disk. */
const open = async (absPath: string) => {
  const episode = await LoadedEpisode.open({ episodeId: "c", absPath, relPath: path.basename(absPath) });
  await cacheWritesSettled();
  return episode;
};

/** Every message of every channel (topic, log time, publish time, sequence, payload bytes), in log-time order. */
function everyMessage(episode: LoadedEpisode): string[] {
  const out: string[] = [];
  for (const channel of episode.summary.channels) {
    if (channel.messageCount === 0) continue;
    for (const m of episode.messagesInRange(channel.topic, -(2n ** 63n), 2n ** 63n - 1n)) {
      const bytes = m.message instanceof Uint8Array ? Buffer.from(m.message).toString("base64") : JSON.stringify(m.message, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString("base64") : v));
      out.push(`${m.topic} ${m.index} ${m.logTimeNs} ${m.publishTimeNs} ${m.sequence} ${bytes}`);
    }
  }
  return out;
}

describe("episode cache", () => {
  it("an open from the cached message index finds every message of every channel, as the Message Index records do", async () => {
    const file = sampleCopy("index.mcap");
    process.env.EPISCOPE_EPISODE_CACHE = "off";
    const reference = await open(file);
    process.env.EPISCOPE_EPISODE_CACHE = CACHE;
    const first = await open(file); // reads the Message Index records and stores them
    const key = first.cacheKey!;
    first.close();
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    const stored = readMessageIndex(key)!;
    expect(stored.total).toBe(BigInt(reference.summary.messageCount));
    const cached = await open(file);
    try {
      expect(cached.cacheKey).toBe(key);
      expect(cached.summary).toEqual(reference.summary);
      const messages = everyMessage(cached);
      expect(messages.length).toBe(reference.summary.messageCount);
      expect(messages).toEqual(everyMessage(reference));
    } finally {
      cached.close();
      reference.close();
    }
  });

  it("what is stored is what an open uses (a doctored index and series show through)", async () => {
    const file = sampleCopy("doctored.mcap");
    const first = await open(file);
    const key = first.cacheKey!;
    const series = first.series("/joint_states");
    first.close();
    const index = readMessageIndex(key)!;
    const joints = index.channels.find((c) => c.logTimesNs.length === series.logTimesNs.length)!;
    await writeMessageIndex(key, index.channels.map((c) => (c === joints ? { ...c, logTimesNs: c.logTimesNs.map((t) => t + 1n) } : c)), index.total);
    writeSeries(key, { ...series, values: series.values.map((v) => v.map((x) => x + 100)) });
    const again = await open(file);
    try {
      const channel = again.summary.channels.find((c) => c.id === joints.channelId)!;
      expect(channel.firstNs).toBe(joints.logTimesNs[0]! + 1n);
      expect(again.series("/joint_states").values[0]![0]).toBe(series.values[0]![0]! + 100);
    } finally {
      again.close();
    }
  });

  it("series come back equal to a fresh read, in process and through EpisodeMainService's workers", async () => {
    const root = path.join(tmp, "served");
    fs.mkdirSync(root);
    const file = path.join(root, "series.mcap");
    fs.copyFileSync(SAMPLE, file);
    process.env.EPISCOPE_EPISODE_CACHE = "off";
    const reference = await open(file);
    process.env.EPISCOPE_EPISODE_CACHE = CACHE;
    const first = await open(file);
    const key = first.cacheKey!;
    try {
      for (const topic of ["/joint_states", "/action"]) {
        expect(readSeries(key, topic)).toBeNull();
        expect(first.series(topic)).toEqual(reference.series(topic));
        expect(readSeries(key, topic)).toEqual(reference.series(topic));
      }
    } finally {
      first.close();
    }
    const service = new EpisodeMainService(root, null);
    try {
      const summary = await service.open("series.mcap");
      for (const topic of ["/joint_states", "/action"]) expect(await service.series(summary.episodeId, topic)).toEqual(reference.series(topic));
    } finally {
      service.close();
      reference.close();
    }
  });

  it("EpisodeMainService stores a series it read in worker parts, and a later service answers from it", async () => {
    const root = path.join(tmp, "long");
    fs.mkdirSync(root);
    const times = evenTimes(1_700_000_000_000_000_000n, 5_000_000n, 25_000);
    await writeTestMcap(path.join(root, "long.mcap"), {
      channels: [{ topic: "/force", schemaName: "demo.Force" }],
      messages: times.map((logTimeNs, i) => ({ topic: "/force", logTimeNs, json: { fz: i * 0.5 } })),
    });
    const read = async () => {
      const service = new EpisodeMainService(root, null);
      try {
        const summary = await service.open("long.mcap");
        return await service.series(summary.episodeId, "/force");
      } finally {
        service.close();
      }
    };
    const first = await read();
    expect(first.logTimesNs.length).toBe(25_000);
    const local = await open(path.join(root, "long.mcap"));
    const key = local.cacheKey!;
    local.close();
    // Written without blocking the main thread: wait for it.
    for (let k = 0; k < 100 && readSeries(key, "/force") === null; k++) await new Promise((r) => setTimeout(r, 20));
    expect(readSeries(key, "/force")).toEqual(first);
    writeSeries(key, { ...first, values: [first.values[0]!.map((x) => -x)] });
    expect((await read()).values[0]![2]).toBe(-1); // the stored series answered
  });

  it("a video camera's keyframe flags, once all read, come back at once with the next open's first frame index", async () => {
    const file = sampleCopy("keyframes.mcap");
    const first = await open(file);
    const video = first.summary.channels.find((c) => c.kind === "camera" && c.cameraPayload === "video")!;
    const key = first.cacheKey!;
    const head = first.frameIndexHead(video.topic);
    expect(head.keyframesKnown).toBeLessThan(video.messageCount); // only the first frames' flags without the cache
    const full = first.frameIndex(video.topic);
    first.close();
    expect(readKeyframes(key, video.topic)).toEqual(full.keyframes);
    const again = await open(file);
    try {
      const index = again.frameIndexHead(video.topic);
      expect(index.keyframesKnown).toBeUndefined();
      expect(index.keyframes).toEqual(full.keyframes);
      expect(index.logTimesNs).toEqual(full.logTimesNs);
    } finally {
      again.close();
    }
    writeKeyframes(key, video.topic, full.keyframes.map((f, i) => (i === 1 ? 1 : f))); // doctored: shows through
    const doctored = await open(file);
    try {
      expect(doctored.frameIndexHead(video.topic).keyframes[1]).toBe(1);
    } finally {
      doctored.close();
    }
  });

  it("a file rewritten in place gets new entries: its new contents are read, never the old ones", async () => {
    const file = path.join(tmp, "rewritten.mcap");
    const write = (offset: number) =>
      writeTestMcap(file, {
        channels: [{ topic: "/force", schemaName: "demo.Force" }],
        messages: evenTimes(1_700_000_000_000_000_000n, 10_000_000n, 500).map((logTimeNs, i) => ({ topic: "/force", logTimeNs, json: { fz: 1000 + ((i + offset) % 9) } })),
      });
    await write(0);
    const inode = fs.statSync(file).ino;
    const first = await open(file);
    const old = first.series("/force");
    first.close();
    await write(1); // same size, same inode
    expect(fs.statSync(file).ino).toBe(inode);
    const second = await open(file);
    try {
      expect(second.series("/force").values[0]![0]).toBe(1001);
      expect(old.values[0]![0]).toBe(1000);
    } finally {
      second.close();
    }
  });

  it("damaged entries are ignored and a disabled cache writes nothing", async () => {
    const file = sampleCopy("damaged.mcap");
    const first = await open(file);
    const expected = everyMessage(first);
    const series = first.series("/joint_states");
    const key = first.cacheKey!;
    first.close();
    const entries = fs.readdirSync(CACHE).filter((n) => n.startsWith(key));
    expect(entries.length).toBe(2); // the index and the series (no keyframe pass was read)
    for (const name of entries) {
      const bytes = fs.readFileSync(path.join(CACHE, name));
      fs.writeFileSync(path.join(CACHE, name), bytes.subarray(0, Math.floor(bytes.length / 2))); // cut short
    }
    const again = await open(file);
    try {
      expect(everyMessage(again)).toEqual(expected);
      expect(again.series("/joint_states")).toEqual(series);
    } finally {
      again.close();
    }
    const entriesBefore = fs.readdirSync(CACHE).length;
    process.env.EPISCOPE_EPISODE_CACHE = "off";
    const disabled = await open(sampleCopy("off.mcap"));
    try {
      expect(disabled.cacheKey).toBeNull();
      disabled.series("/joint_states");
    } finally {
      disabled.close();
    }
    expect(fs.readdirSync(CACHE).length).toBe(entriesBefore);
  });
});
