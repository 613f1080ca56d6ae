/**
 * The three synthetic cameras of the sample and how their frames become MCAP messages.
 *
 * | topic            | schema                   | rate  | content                                            |
 * | /cam_high        | foxglove.CompressedVideo | 30 Hz | H.264 of ffmpeg `testsrc` (colour bars, seconds)    |
 * | /cam_left_wrist  | foxglove.CompressedImage | 15 Hz | JPEG of ffmpeg `gradients` with a sliding box       |
 * | /cam_right_wrist | foxglove.CompressedVideo | 30 Hz | H.264 of `smptehdbars` with a sliding box, +3 ms    |
 *
 * When ffmpeg's drawtext works, every camera also shows its own frame number in the top-left corner.
 */
import type { EpisodeSpec } from "./episodes.ts";
import { foxgloveCameraSchema, type FoxgloveCameraType } from "./foxgloveProto.ts";
import { periodicTimeNs, sampleCount } from "./timing.ts";
import type { TopicStream } from "./types.ts";
import { encodeH264, encodeJpegs } from "./video.ts";

/** Frame size of every sample camera (px). */
export const CAMERA_WIDTH = 320;
export const CAMERA_HEIGHT = 240;

/** One synthetic camera. */
export interface CameraSpec {
  topic: string;
  frameId: string;
  type: FoxgloveCameraType;
  /** Frames per second; must divide evenly into the stream clock (30 or 15). */
  fps: number;
  /** Constant offset (ns) of this camera's clock from the episode start, like an independently clocked camera. */
  clockOffsetNs: bigint;
  /** ffmpeg lavfi source graph (without size/rate, which are appended). */
  pattern: (episode: EpisodeSpec) => string;
}

const SIZE = `${CAMERA_WIDTH}x${CAMERA_HEIGHT}`;

/** The cameras in the order their channels are registered. */
export const SAMPLE_CAMERAS: readonly CameraSpec[] = [
  {
    topic: "/cam_high",
    frameId: "cam_high",
    type: "CompressedVideo",
    fps: 30,
    clockOffsetNs: 0n,
    pattern: () => "testsrc",
  },
  {
    topic: "/cam_left_wrist",
    frameId: "cam_left_wrist",
    type: "CompressedImage",
    fps: 15,
    clockOffsetNs: 0n,
    // Seed, colours and end points all explicit: `gradients` picks random ones otherwise (ffmpeg 5.1 needs all three).
    pattern: (e) =>
      `gradients=seed=${e.seed}:speed=0.02:n=3:c0=${e.seed % 2 ? "0xE07A5F" : "0xF2CC8F"}:c1=0x3D405B:c2=0x81B29A:x0=0:y0=0:x1=320:y1=240` +
      ",drawbox=x='mod(t*60\\,280)':y=100:w=40:h=40:color=black:t=fill",
  },
  {
    topic: "/cam_right_wrist",
    frameId: "cam_right_wrist",
    type: "CompressedVideo",
    fps: 30,
    clockOffsetNs: 3_000_000n,
    pattern: () => "smptehdbars,drawbox=x='mod(t*80\\,320)':y=90:w=48:h=48:color=white@0.9:t=fill",
  },
];

/**
 * Burns the frame number (0-based, per camera) into the top-left corner so frames can be told apart and
 * cross-camera sync checked by eye.
 */
const FRAME_COUNTER = "drawtext=text='%{frame_num}':x=6:y=6:fontsize=24:fontcolor=white:box=1:boxcolor=black@0.7:boxborderw=3";

/** Options of {@link cameraStream}. */
export interface CameraStreamOptions {
  /** Burn the frame number into each frame (needs ffmpeg drawtext with a font, see drawtextAvailable). */
  frameCounter: boolean;
}

/** Insert `size`/`rate` into the first filter of a lavfi graph, e.g. `testsrc` → `testsrc=size=320x240:rate=30`. */
function lavfiWithSizeRate(pattern: string, fps: number): string {
  const firstComma = pattern.indexOf(",");
  const head = firstComma < 0 ? pattern : pattern.slice(0, firstComma);
  const rest = firstComma < 0 ? "" : pattern.slice(firstComma);
  const eq = head.indexOf("=");
  const name = eq < 0 ? head : head.slice(0, eq);
  const options = eq < 0 ? "" : `:${head.slice(eq + 1)}`;
  return `${name}=size=${SIZE}:rate=${fps}${options}${rest}`;
}

/**
 * Encode one camera for one episode and wrap each frame in its Foxglove protobuf message.
 * Frame i is logged (and stamped) at start + clockOffset + ⌊i·10⁹/fps⌋ ns.
 */
export async function cameraStream(camera: CameraSpec, episode: EpisodeSpec, options: CameraStreamOptions): Promise<TopicStream> {
  const frames = sampleCount(episode.durationSec, camera.fps);
  const graph = lavfiWithSizeRate(camera.pattern(episode), camera.fps) + (options.frameCounter ? `,${FRAME_COUNTER}` : "");
  const source = { lavfi: graph, frames };
  const payloads = camera.type === "CompressedVideo" ? await encodeH264(source) : await encodeJpegs(source);
  const schema = foxgloveCameraSchema(camera.type);
  const format = camera.type === "CompressedVideo" ? "h264" : "jpeg";
  const start = episode.startNs + camera.clockOffsetNs;
  return {
    channel: { topic: camera.topic, messageEncoding: "protobuf", schema },
    messages: payloads.map((data, i) => {
      const logTimeNs = periodicTimeNs(start, camera.fps, i);
      return {
        topic: camera.topic,
        logTimeNs,
        data: schema.encode({ timestampNs: logTimeNs, frameId: camera.frameId, data, format }),
      };
    }),
  };
}
