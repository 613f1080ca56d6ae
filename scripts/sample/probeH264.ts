/**
 * Check that the H.264 stored in a sample MCAP decodes: concatenate a topic's access units into a temp .h264 file and
 * run `ffprobe -count_frames` on it.
 *
 *   npx tsx scripts/sample/probeH264.ts assets/sample/pick_cube_001.mcap [/cam_high]
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readCameraFrames } from "./extract.ts";
import { openIndexedMcap } from "./readMcap.ts";

/** Result of probing one topic: frames stored in the MCAP vs frames ffprobe decoded, plus ffprobe's stream info. */
export interface ProbeResult {
  messages: number;
  decodedFrames: number;
  codec: string;
  profile: string;
  width: number;
  height: number;
}

/** Extract `topic` from `mcapPath` and count decodable frames with ffprobe (needs `ffprobe` on PATH). */
export async function probeH264Topic(mcapPath: string, topic: string): Promise<ProbeResult> {
  const { reader, close } = await openIndexedMcap(mcapPath);
  const frames = await readCameraFrames(reader, topic).finally(close);
  const dir = await mkdtemp(join(tmpdir(), "episcope-probe-"));
  try {
    const file = join(dir, "stream.h264");
    await writeFile(file, Buffer.concat(frames.map((f) => f.data)));
    const out = spawnSync(
      process.env.FFPROBE ?? "ffprobe",
      ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
        "stream=codec_name,profile,width,height,nb_read_frames", "-of", "json", file],
      { encoding: "utf8" },
    );
    if (out.error || out.status !== 0) throw new Error(`ffprobe failed: ${out.error?.message ?? out.stderr}`);
    if (out.stderr.trim()) throw new Error(`ffprobe reported decode errors: ${out.stderr.trim()}`);
    const stream = (JSON.parse(out.stdout) as { streams: Array<Record<string, string | number>> }).streams[0] ?? {};
    return {
      messages: frames.length,
      decodedFrames: Number(stream.nb_read_frames ?? 0),
      codec: String(stream.codec_name ?? ""),
      profile: String(stream.profile ?? ""),
      width: Number(stream.width ?? 0),
      height: Number(stream.height ?? 0),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*[\\/]/, ""))) {
  const [path, topic = "/cam_high"] = process.argv.slice(2);
  if (!path) {
    console.error("usage: tsx scripts/sample/probeH264.ts <file.mcap> [topic]");
    process.exit(2);
  }
  probeH264Topic(path, topic).then(
    (r) => console.log(`${path} ${topic}: ${r.messages} messages, ffprobe decoded ${r.decodedFrames} frames (${r.codec} ${r.profile} ${r.width}x${r.height})`),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
