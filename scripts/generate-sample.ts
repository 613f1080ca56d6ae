/**
 * Generate the bundled sample dataset: two ALOHA-like bimanual teleop episodes as MCAP files in assets/sample/.
 *
 *   npm run sample            (= tsx scripts/generate-sample.ts)
 *   npm run sample -- <dir>   write somewhere else
 *
 * Needs the system ffmpeg with libx264 (Debian package `ffmpeg`). Deterministic apart from ffmpeg's own output.
 * See assets/sample/README.md for the topics.
 */
import { mkdir, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cameraStream, SAMPLE_CAMERAS } from "./sample/cameras.ts";
import { chunkCompressor } from "./sample/compression.ts";
import { SAMPLE_EPISODES, type EpisodeSpec } from "./sample/episodes.ts";
import { assertFfmpegAvailable, drawtextAvailable, ffmpegVersion } from "./sample/ffmpeg.ts";
import { writeMcapFile } from "./sample/mcapFile.ts";
import { actionStream, jointStateStream } from "./sample/robotStreams.ts";
import type { TopicStream } from "./sample/types.ts";

const REPO_ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "..");
/** Default output folder (committed to git). */
const SAMPLE_DIR = join(REPO_ROOT, "assets", "sample");

/** Per-topic message count and rate of a written episode, for the printed report. */
function describeStreams(streams: readonly TopicStream[], durationSec: number): string[] {
  return streams.map(({ channel, messages }) => {
    const rate = (messages.length / durationSec).toFixed(1);
    return `    ${channel.topic.padEnd(17)} ${String(messages.length).padStart(5)} msgs  ${rate.padStart(5)} Hz  ${channel.schema.name} (${channel.messageEncoding})`;
  });
}

/**
 * Build all topic streams of one episode and write `<dir>/<name>.mcap`; prints a per-topic summary.
 * @param frameCounter burn frame numbers into the camera images (ffmpeg drawtext).
 * @returns the written file's path.
 */
async function generateEpisode(episode: EpisodeSpec, dir: string, frameCounter: boolean): Promise<string> {
  const streams: TopicStream[] = [];
  for (const camera of SAMPLE_CAMERAS) streams.push(await cameraStream(camera, episode, { frameCounter }));
  streams.push(jointStateStream(episode), actionStream(episode));
  const compressChunk = await chunkCompressor(episode.compression);
  const path = join(dir, `${episode.name}.mcap`);
  const count = await writeMcapFile(path, {
    library: "episcope scripts/generate-sample.ts",
    streams,
    metadata: [{ name: "episode", values: episode.metadata }],
    ...(compressChunk ? { compressChunk } : {}),
  });
  const { size } = await stat(path);
  console.log(
    `wrote ${relative(process.cwd(), path) || path}: ${(size / 1024).toFixed(0)} KiB, ${count} messages, ` +
      `${episode.durationSec} s, chunks ${episode.compression}`,
  );
  for (const line of describeStreams(streams, episode.durationSec)) console.log(line);
  return path;
}

async function main(): Promise<void> {
  assertFfmpegAvailable();
  const dir = resolve(process.argv[2] ?? SAMPLE_DIR);
  await mkdir(dir, { recursive: true });
  console.log(`using ${ffmpegVersion()}`);
  const frameCounter = drawtextAvailable();
  if (!frameCounter) console.warn("warning: ffmpeg drawtext has no usable font; frames will not show their frame number");
  for (const episode of SAMPLE_EPISODES) await generateEpisode(episode, dir, frameCounter);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
