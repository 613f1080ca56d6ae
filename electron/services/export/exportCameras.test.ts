/**
 * Cameras in every format, exported with defaults, checked frame by frame: a ROS 2 episode holding only the
 * pixel-coded sync fixture's cameras (H.264 30 fps; JPEG 15 fps offset 13 ms; H.264 25 fps with dropped frames —
 * every frame shows its own index) and `/joint_states` (sensor_msgs/msg/JointState, CDR, 100 Hz). No action topic:
 * the action is the next step's state. Each export is read back with an independent reader (ffmpeg/ffprobe for the
 * MP4s, DuckDB for Parquet, h5py for HDF5, Python protobuf for TFRecord, sharp for the JPEG bytes) and the picture at
 * every step must carry exactly the index of the camera's latest frame with log time ≤ the step time.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TopicStream } from "../../../scripts/sample/types.ts";
import { jointStateStream } from "../../../scripts/sample/robotStreams.ts";
import { ALOHA_JOINT_NAMES } from "../../../scripts/sample/trajectory.ts";
import { readPattern } from "../../../scripts/sync-fixture/framePattern.ts";
import { DEFAULT_SYNC_CAMERAS, ensureSyncFixture, FIXTURE_START_NS, type SyncFixture } from "../../../scripts/sync-fixture/syncFixture.ts";
import { LoadedEpisode } from "../episode/loadedEpisode.ts";
import { exportDataset, MANIFEST_FILE } from "./exportDataset.ts";
import type { ExportFormat, ExportSummary } from "./exportTypes.ts";

const PYTHON = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const READERS = path.join(import.meta.dirname, "readers");
const SECONDS = 4;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-export-cameras-"));
const dataset = path.join(tmp, "ros2_cameras");
let fixture: SyncFixture;
let joints: TopicStream;
const summaries = new Map<ExportFormat, ExportSummary>();
const outOf = (format: ExportFormat) => path.join(tmp, `out-${format}`);

beforeAll(async () => {
  joints = jointStateStream({
    name: "ros2_cameras",
    durationSec: SECONDS,
    startNs: FIXTURE_START_NS,
    seed: 3,
    compression: "none",
    variation: { cubeWaist: 0.22, handoverWaist: 0.42, placeWaist: 0.25 },
    metadata: { operator: "op_x", task: "t", robot: "aloha", session: "s" },
  });
  fixture = await ensureSyncFixture(dataset, DEFAULT_SYNC_CAMERAS, SECONDS, "episode_0", [joints]);
  for (const format of ["lerobot", "robomimic", "rlds"] as const) summaries.set(format, await exportDataset({ dataset, format, out: outOf(format) }));
}, 300_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The steps, computed here: /joint_states messages from the time every stream has begun, the last dropped. */
function expectedSteps(): bigint[] {
  const times = joints.messages.map((m) => m.logTimeNs);
  const start = [times[0]!, ...fixture.cameras.map((c) => c.logTimesNs[0]!)].reduce((a, b) => (b > a ? b : a));
  return times.filter((t) => t >= start).slice(0, -1);
}
/** Index of the camera's latest frame with log time ≤ t (the playback rule), by a plain scan. */
function frameAt(logTimesNs: readonly bigint[], t: bigint): number {
  let k = -1;
  while (k + 1 < logTimesNs.length && logTimesNs[k + 1]! <= t) k++;
  return k;
}
const rgbToRgba = (rgb: Uint8Array) => {
  const out = new Uint8Array((rgb.length / 3) * 4);
  for (let i = 0, o = 0; i < rgb.length; i += 3, o += 4) [out[o], out[o + 1], out[o + 2], out[o + 3]] = [rgb[i]!, rgb[i + 1]!, rgb[i + 2]!, 255];
  return out;
};
/** Per camera topic, the frame index each step must show. */
function expectedIndices(): Map<string, number[]> {
  const steps = expectedSteps();
  return new Map(fixture.cameras.map((c) => [c.topic, steps.map((t) => frameAt(c.logTimesNs, t))]));
}

describe("a ROS 2 episode with cameras and /joint_states only, exported with defaults", () => {
  it("exports in every training format, the action being the next state (stated in the manifest)", () => {
    const n = expectedSteps().length;
    for (const format of ["lerobot", "robomimic", "rlds"] as const) {
      const s = summaries.get(format)!;
      expect(s.exported, `${format}: ${JSON.stringify(s.episodes)}`).toBe(1);
      expect(s.episodes[0]!.steps).toBe(n);
      expect(s.notes.some((x) => x.startsWith("action = the next step's state, action[t] = state[t+1], in 1 episodes: /joint_states (last step dropped)")), format).toBe(true);
      const manifest = JSON.parse(fs.readFileSync(path.join(outOf(format), MANIFEST_FILE), "utf8"));
      expect(manifest.episodes[0].action).toEqual({ kind: "next-state", topics: ["/joint_states"], lastStep: "drop" });
      expect(manifest.episodes[0].cameras.map((c: { topic: string }) => c.topic).sort()).toEqual(["/cam_scene", "/cam_side", "/cam_wrist"]);
    }
  });

  it("LeRobot: action[t] == state[t+1] with the joint names (DuckDB)", async () => {
    const out = outOf("lerobot");
    const info = JSON.parse(fs.readFileSync(path.join(out, "meta/info.json"), "utf8"));
    expect(info.features["observation.state"].names).toEqual(ALOHA_JOINT_NAMES);
    expect(info.features.action.names).toEqual(ALOHA_JOINT_NAMES);
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    const rows = (await c.runAndReadAll(`select "observation.state" as s, action as a from '${out}/data/chunk-000/file-000.parquet' order by index`)).getRowObjectsJson() as { s: number[]; a: number[] }[];
    c.closeSync();
    expect(rows).toHaveLength(expectedSteps().length);
    for (let t = 0; t + 1 < rows.length; t++) expect(rows[t]!.a, `step ${t}`).toEqual(rows[t + 1]!.s);
    // the state moves: the action is not a copy of the same step's state
    expect(rows.some((r) => r.a.some((x, k) => x !== r.s[k]))).toBe(true);
  });

  it("LeRobot: one AV1 MP4 per camera, frames = steps (ffprobe), frame k shows the frame the playback rule gives step k", () => {
    const expected = expectedIndices();
    const info = JSON.parse(fs.readFileSync(path.join(outOf("lerobot"), "meta/info.json"), "utf8"));
    for (const camera of fixture.cameras) {
      const key = `observation.images.${camera.topic.slice(1)}`;
      expect(info.features[key].info["video.codec"]).toBe("av1");
      const mp4 = path.join(outOf("lerobot"), `videos/${key}/chunk-000/file-000.mp4`);
      const probe = JSON.parse(execFileSync("ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=codec_name,pix_fmt,nb_read_frames,width,height", "-of", "json", mp4], { encoding: "utf8" }));
      const want = expected.get(camera.topic)!;
      expect(probe.streams[0]).toMatchObject({ codec_name: "av1", pix_fmt: "yuv420p", nb_read_frames: String(want.length), width: 320, height: 240 });
      const raw = execFileSync("ffmpeg", ["-v", "error", "-i", mp4, "-f", "rawvideo", "-pix_fmt", "rgba", "pipe:1"], { maxBuffer: 1 << 30 });
      const size = 320 * 240 * 4;
      const got = want.map((_, k) => readPattern(raw.subarray(k * size, (k + 1) * size), 320, 240));
      expect(got, camera.topic).toEqual(want);
    }
  });

  it("robomimic: obs/<camera>_image uint8 (N, 84, 84, 3) read with h5py, picture k shows the frame of step k", () => {
    const expected = expectedIndices();
    const bin = fs.mkdtempSync(path.join(tmp, "h5-"));
    const shapes = JSON.parse(execFileSync(PYTHON, [path.join(READERS, "dump_hdf5_images.py"), path.join(outOf("robomimic"), "dataset.hdf5"), bin], { encoding: "utf8" }));
    for (const camera of fixture.cameras) {
      const key = `${camera.topic.slice(1)}_image`;
      const want = expected.get(camera.topic)!;
      expect(shapes.demo_0[key]).toEqual({ shape: [want.length, 84, 84, 3], dtype: "uint8" });
      const data = fs.readFileSync(path.join(bin, `demo_0__${key}.bin`));
      const size = 84 * 84 * 3;
      const got = want.map((_, k) => readPattern(rgbToRgba(data.subarray(k * size, (k + 1) * size)), 84, 84));
      expect(got, camera.topic).toEqual(want);
    }
  });

  it("RLDS: JPEG bytes per step under the source camera name (Python protobuf), picture k shows the frame of step k", async () => {
    const expected = expectedIndices();
    const bin = fs.mkdtempSync(path.join(tmp, "tfr-"));
    const records = JSON.parse(execFileSync(PYTHON, [path.join(READERS, "read_tfrecord.py"), path.join(outOf("rlds"), "ros2_cameras-train.tfrecord-00000-of-00001"), bin], { encoding: "utf8", maxBuffer: 1 << 28 }));
    expect(records).toHaveLength(1);
    for (const camera of fixture.cameras) {
      const name = camera.topic.slice(1);
      const want = expected.get(camera.topic)!;
      expect(records[0][`steps/observation/${name}`].values).toHaveLength(want.length);
      const got: number[] = [];
      for (let k = 0; k < want.length; k++) {
        const jpeg = fs.readFileSync(path.join(bin, `0__steps_observation_${name}__${k}.bin`));
        const { data, info } = await sharp(jpeg).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
        got.push(readPattern(data, info.width, info.height));
      }
      expect(got, camera.topic).toEqual(want);
    }
    const state = records[0]["steps/observation/state"].values as number[];
    const action = records[0]["steps/action"].values as number[];
    const n = expectedSteps().length;
    expect(state).toHaveLength(n * 14);
    for (let t = 0; t + 1 < n; t++) expect(action.slice(t * 14, t * 14 + 14)).toEqual(state.slice((t + 1) * 14, (t + 2) * 14));
  });
});

describe("bad input", () => {
  it("ffmpeg missing: the episode fails naming the camera and how to install ffmpeg; nothing is written", async () => {
    const before = process.env.EPISCOPE_FFMPEG;
    process.env.EPISCOPE_FFMPEG = path.join(tmp, "no-such-ffmpeg");
    try {
      const out = path.join(tmp, "no-ffmpeg");
      const s = await exportDataset({ dataset, format: "lerobot", out });
      expect(s.exported).toBe(0);
      expect(s.episodes[0]!.reason).toMatch(/^ffmpeg not found \(tried .*\): (decoding|re-encoding) \/cam_\w+.* needs it; install it with `apt-get install ffmpeg`/);
      expect(fs.existsSync(out)).toBe(false);
      expect(fs.readdirSync(tmp).filter((f) => f.includes(".tmp-"))).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.EPISCOPE_FFMPEG;
      else process.env.EPISCOPE_FFMPEG = before;
    }
  });

  it("a corrupt frame in the middle of a video: that episode fails naming the camera and quoting ffmpeg; the others are exported", async () => {
    const bad = path.join(tmp, "corrupt");
    fs.mkdirSync(bad);
    fs.copyFileSync(fixture.path, path.join(bad, "a_good.mcap"));
    const bytes = fs.readFileSync(fixture.path);
    // overwrite the middle of a large /cam_side access unit (an IDR: its slice data) with garbage
    const episode = await LoadedEpisode.open({ episodeId: "corrupt", absPath: fixture.path, relPath: "x.mcap" });
    const frame = episode.frames("/cam_side", 30, 30)[0]!;
    episode.close();
    const at = bytes.indexOf(Buffer.from(frame.data));
    expect(at).toBeGreaterThan(0);
    bytes.fill(0xff, at + Math.floor(frame.data.length / 3), at + Math.floor(frame.data.length / 3) + 64);
    fs.writeFileSync(path.join(bad, "b_corrupt.mcap"), bytes);
    const s = await exportDataset({ dataset: bad, format: "robomimic", out: path.join(tmp, "corrupt-out"), cameras: ["/cam_side"] });
    expect(s.episodes.map((e) => [e.path, e.status])).toEqual([
      ["a_good.mcap", "exported"],
      ["b_corrupt.mcap", "failed"],
    ]);
    expect(s.episodes[1]!.reason).toMatch(/^decoding \/cam_side: ffmpeg failed/);
    expect(fs.existsSync(path.join(tmp, "corrupt-out", "dataset.hdf5"))).toBe(true);
  });
});
