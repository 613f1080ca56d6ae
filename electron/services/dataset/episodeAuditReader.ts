/**
 * The audit's per-episode part on the Node side (run in the dataset-index worker threads): picks the joint and action
 * topics (as export does, overridable in `.episcope/config.json` › audit), reads their series through the episode
 * engine, computes the metrics (shared/audit/episodeMetrics.ts) and each camera's first frame as a gray thumbnail for
 * setup drift (JPEG/PNG/WebP and raw images through sharp; H.264/H.265 through Debian's ffmpeg).
 */
import { spawnSync } from "node:child_process";
import sharp from "sharp";
import type { ChannelSummary, NumericSeries } from "../../../shared/episode.ts";
import { episodeAudit, type EpisodeAudit } from "../../../shared/audit/episodeMetrics.ts";
import { absent, type Absent } from "../../../shared/audit/metricValue.ts";
import { grayToHex, THUMB_HEIGHT, THUMB_WIDTH, type FirstFrame } from "../../../shared/audit/setupDrift.ts";
import { pickActionTopic } from "../export/episodeStepTable.ts";
import type { LoadedEpisode } from "../episode/loadedEpisode.ts";

/** The audit settings of `.episcope/config.json` that change what is computed (part of the cache key). */
export interface AuditSettings {
  jointTopic: string | null;
  actionTopic: string | null;
  idleRatio: number;
  minPauseS: number;
}

/** The audit settings when the dataset has no config. */
export const DEFAULT_AUDIT_SETTINGS: AuditSettings = { jointTopic: null, actionTopic: null, idleRatio: 0.05, minPauseS: 0.3 };

/** What the worker computes for the audit of one episode. */
export interface EpisodeAuditFacts {
  audit: EpisodeAudit;
  firstFrames: Record<string, FirstFrame | Absent>;
}

/**
 * The joint topic: the configured one, else the first joints channel (in file order) that is not the action,
 * preferring one whose name holds "joint", then one named `…/state` (e.g. `/observation/state`; not `/battery_state`).
 * Null when there is none.
 */
export function pickJointTopic(channels: readonly ChannelSummary[], actionTopic: string | null): string | null {
  const joints = channels.filter((c) => c.kind === "joints" && c.topic !== actionTopic && c.messageCount > 0);
  return (joints.find((c) => /joint/i.test(c.topic)) ?? joints.find((c) => /(^|[/_])(observation[/_.])?state$/i.test(c.topic)) ?? joints[0])?.topic ?? null;
}

async function readSeries(episode: LoadedEpisode, topic: string | null, missing: string, pause: () => Promise<void>): Promise<NumericSeries | Absent> {
  if (topic === null) return absent(missing);
  if (!episode.summary.channels.some((c) => c.topic === topic)) return absent(`topic ${topic} is not in this episode`);
  try {
    return await episode.seriesInSteps(topic, pause);
  } catch (error) {
    return absent(`${topic}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Raw image encodings sharp can take as 1/3/4-channel 8-bit pixels. */
const RAW_CHANNELS: Readonly<Record<string, number>> = { mono8: 1, "8UC1": 1, rgb8: 3, bgr8: 3, rgba8: 4, bgra8: 4, "8UC3": 3 };

/** Decode one frame to THUMB_WIDTH × THUMB_HEIGHT 8-bit gray. */
async function thumbnail(frame: ReturnType<LoadedEpisode["frames"]>[number]): Promise<FirstFrame | Absent> {
  const resize = (img: ReturnType<typeof sharp>) => img.resize(THUMB_WIDTH, THUMB_HEIGHT, { fit: "fill" }).grayscale().raw().toBuffer();
  try {
    if (frame.payload === "image") return { gray: grayToHex(await resize(sharp(frame.data))) };
    if (frame.payload === "raw") {
      const channels = RAW_CHANNELS[frame.format];
      if (!channels || !frame.width || !frame.height) return absent(`raw encoding ${frame.format} is not measured`);
      const { width, height, step } = frame;
      const packed = step === width * channels ? frame.data : repack(frame.data, width, height, step ?? width * channels, channels);
      return { gray: grayToHex(await resize(sharp(packed, { raw: { width, height, channels: channels as 1 | 3 | 4 } }))) };
    }
    if (frame.format === "h264" || frame.format === "h265") {
      if (!frame.keyframe) return absent(`first ${frame.format} frame is not a keyframe`);
      const run = spawnSync(
        "ffmpeg",
        ["-v", "error", "-f", frame.format === "h264" ? "h264" : "hevc", "-i", "pipe:0", "-frames:v", "1", "-vf", `scale=${THUMB_WIDTH}:${THUMB_HEIGHT},format=gray`, "-f", "rawvideo", "pipe:1"],
        { input: frame.data, maxBuffer: 1 << 20, timeout: 20_000 },
      );
      if (run.error || run.status !== 0 || run.stdout.length !== THUMB_WIDTH * THUMB_HEIGHT) {
        return absent(`ffmpeg could not decode the first ${frame.format} frame${run.error ? `: ${run.error.message}` : run.stderr?.length ? `: ${run.stderr.toString().trim().split("\n")[0]}` : ""}`);
      }
      return { gray: grayToHex(run.stdout) };
    }
    return absent(`${frame.format} frames are not measured`);
  } catch (error) {
    return absent(`first frame could not be decoded: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function repack(data: Uint8Array, width: number, height: number, step: number, channels: number): Uint8Array {
  const out = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) out.set(data.subarray(y * step, y * step + width * channels), y * width * channels);
  return out;
}

/**
 * The audit facts of an opened episode. Never throws for bad data: what cannot be measured is absent with the reason.
 * @param pause awaited between the steps of the work (series parts, thumbnails): the indexing pass lets a reviewer's
 *   open go first (workers/interactiveReads.ts); by default no pause
 */
export async function auditEpisode(
  episode: LoadedEpisode,
  settings: AuditSettings = DEFAULT_AUDIT_SETTINGS,
  pause: () => Promise<void> = async () => {},
): Promise<EpisodeAuditFacts> {
  const summary = episode.summary;
  let actionTopic: string | null = settings.actionTopic;
  let noAction = "no action topic";
  if (actionTopic === null) {
    try {
      actionTopic = pickActionTopic(summary.channels, undefined);
    } catch (error) {
      noAction = error instanceof Error ? error.message.replace(/: pass --action TOPIC$/, "") : String(error);
    }
  }
  const jointTopic = settings.jointTopic ?? pickJointTopic(summary.channels, actionTopic);
  const audit = episodeAudit(
    {
      startNs: summary.startNs,
      endNs: summary.endNs,
      joints: await readSeries(episode, jointTopic, "no joint topic (no JointState-like channel)", pause),
      action: await readSeries(episode, actionTopic, noAction, pause),
    },
    { idleRatio: settings.idleRatio, minPauseS: settings.minPauseS },
  );
  const firstFrames: Record<string, FirstFrame | Absent> = {};
  for (const c of summary.channels.filter((ch) => ch.kind === "camera")) {
    try {
      await pause();
      const [frame] = c.messageCount > 0 ? episode.frames(c.topic, 0, 0) : [];
      firstFrames[c.topic] = frame ? await thumbnail(frame) : absent(`${c.topic} has no frames`);
    } catch (error) {
      firstFrames[c.topic] = absent(`${c.topic}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { audit, firstFrames };
}
