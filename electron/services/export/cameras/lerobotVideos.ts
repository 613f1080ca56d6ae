/**
 * The MP4 of every camera of one episode for a LeRobot v3 export, one video frame per step: H.264 whose frames line
 * up with the steps is remuxed without re-encoding (frame k of the MP4 = the camera's frame first + k); every other
 * camera (another rate, dropped frames, JPEG, PNG, raw, H.265, AV1) is decoded at each step by the playback rule and
 * re-encoded with LeRobot's defaults (encodeVideo.ts).
 */
import fs from "node:fs";
import path from "node:path";
import type { LoadedEpisode } from "../../episode/loadedEpisode.ts";
import type { StepTable } from "../episodeStepTable.ts";
import { remuxH264ToMp4 } from "../writers/h264Mp4.ts";
import { videoFramesForSteps } from "./remuxRun.ts";
import type { CameraExport } from "./cameraExport.ts";
import { encodeStepVideo, type VideoCodec } from "./encodeVideo.ts";
import { framesOneByOne, stepPictures, type DecodeCount } from "./stepFrames.ts";

/**
 * Write the video of each camera of `table` to `fileOf(topic)` (absolute paths).
 * @returns one report per camera, in table order
 * @throws Error naming the camera (and removes the files it wrote) when any camera fails
 */
export async function writeEpisodeVideos(episode: LoadedEpisode, table: StepTable, fileOf: (topic: string) => { file: string; key: string }, codec: VideoCodec): Promise<CameraExport[]> {
  const reports: CameraExport[] = [];
  const written: string[] = [];
  const n = table.stepTimesNs.length;
  try {
    for (const camera of table.cameras) {
      const { file, key } = fileOf(camera.topic);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const t0 = performance.now();
      const source = camera.frameIndex.format;
      const run = videoFramesForSteps(camera, table.stepTimesNs);
      written.push(file);
      if ("first" in run) {
        const frames = [...framesOneByOne(episode, camera.topic, run.first, run.first + n - 1)];
        const { mp4, width, height } = remuxH264ToMp4(frames.map((f) => ({ data: f.data, keyframe: f.keyframe })), table.fps);
        fs.writeFileSync(file, mp4);
        reports.push({ topic: camera.topic, key, action: "remuxed", codec: "h264", source, steps: n, decoded: 0, width, height, ms: performance.now() - t0, bytes: mp4.length });
        continue;
      }
      const count: DecodeCount = { decoded: 0 };
      const video = await encodeStepVideo(stepPictures(episode, camera, count), file, table.fps, codec, camera.topic);
      if (video.frames !== n) throw new Error(`${camera.topic}: ${video.frames} video frames written for ${n} steps`);
      reports.push({ topic: camera.topic, key, action: "re-encoded", codec, source, steps: n, decoded: count.decoded, width: video.width, height: video.height, ms: performance.now() - t0, bytes: video.bytes });
    }
    return reports;
  } catch (error) {
    for (const f of written) fs.rmSync(f, { force: true });
    throw error;
  }
}
