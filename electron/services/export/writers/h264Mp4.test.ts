import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LoadedEpisode } from "../../episode/loadedEpisode.ts";
import { remuxH264ToMp4, spsSize } from "./h264Mp4.ts";

const SAMPLE = path.resolve(import.meta.dirname, "../../../../assets/sample/pick_cube_001.mcap");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-h264mp4-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("spsSize", () => {
  it("reads 320×240 from the sample's baseline SPS (20 × 15 macroblocks, no cropping)", () => {
    // nal header 0x67, profile 66 (baseline), constraints 0xc0, level 13, then the Exp-Golomb fields
    const sps = Uint8Array.from([103, 66, 192, 13, 217, 1, 65, 251, 1, 16, 0, 0, 3, 0, 16, 0, 0, 3, 3, 192, 241, 66, 164, 128]);
    expect(spsSize(sps)).toEqual({ width: 320, height: 240 });
  });
});

describe("remuxH264ToMp4", () => {
  it("remuxes the sample camera's access units into an MP4 that ffprobe decodes frame for frame", async () => {
    const episode = await LoadedEpisode.open({ episodeId: "t", absPath: SAMPLE, relPath: "pick_cube_001.mcap" });
    try {
      const frames = episode.frames("/cam_high", 0, 59);
      const { mp4, width, height } = remuxH264ToMp4(frames.map((f) => ({ data: f.data, keyframe: f.keyframe })), 30);
      expect({ width, height }).toEqual({ width: 320, height: 240 });
      const file = path.join(tmp, "cam.mp4");
      fs.writeFileSync(file, mp4);
      const probe = JSON.parse(
        execFileSync("ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=codec_name,nb_read_frames,r_frame_rate,duration", "-of", "json", file], { encoding: "utf8" }),
      );
      expect(probe.streams[0]).toMatchObject({ codec_name: "h264", nb_read_frames: "60", r_frame_rate: "30/1", duration: "2.000000" });
      expect(() => remuxH264ToMp4(frames.slice(1).map((f) => ({ data: f.data, keyframe: f.keyframe })), 30)).toThrow(/not a keyframe/);
    } finally {
      episode.close();
    }
  });
});
