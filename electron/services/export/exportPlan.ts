/**
 * What an export will write per camera and per label, said before anything is written (the export dialog's
 * preview), from the first selected episode's summary and its first frame of each camera — cheap reads only (no frame
 * index, no series): the step clock (asked rate, else the action topic's, else the state's), each camera's source
 * format and rate and what the format does with it, the action source and the per-step label columns.
 */
import path from "node:path";
import type { ChannelSummary } from "../../../shared/episode.ts";
import type { ExportRequest } from "../../../shared/export/exportJob.ts";
import { LoadedEpisode } from "../episode/loadedEpisode.ts";
import { findActionTopic } from "./episodeStepTable.ts";
import { imageKey } from "./writers/rldsWriter.ts";
import { obsKey } from "./writers/robomimicWriter.ts";
import { videoKey } from "./writers/lerobotWriter.ts";

/** The preview's lines: one per camera, one per label (or label group). */
export interface ExportPlan {
  /** The episode the plan was read from. */
  episode: string;
  steps: string;
  cameras: string[];
  labels: string[];
}

const hz = (c: ChannelSummary) => (c.rateHz === null ? "?" : `${Math.round(c.rateHz * 10) / 10} Hz`);

/**
 * The plan of `request` on episode `rel` of dataset `root`.
 * @param segmentKinds the dataset's segment kinds (one mask each)
 * @throws Error when the episode cannot be opened (the caller shows it)
 */
export async function exportPlan(root: string, rel: string, request: ExportRequest, segmentKinds: readonly string[]): Promise<ExportPlan> {
  const episode = await LoadedEpisode.open({ episodeId: "export-plan", absPath: path.join(root, rel), relPath: rel });
  try {
    const channels = episode.summary.channels;
    let action: string | null;
    try {
      action = findActionTopic(channels, undefined);
    } catch {
      action = null; // several action-like topics: the export will ask for --action
    }
    const state = channels.filter((c) => c.kind === "joints" && c.topic !== action && c.messageCount > 0);
    const clock = action ? channels.find((c) => c.topic === action)! : state.find((c) => /state/i.test(c.topic)) ?? state[0];
    const stepHz = request.fps ?? (clock?.rateHz ? Math.round(clock.rateHz) : null);
    const steps = request.fps !== undefined ? `every 1/${request.fps} s` : clock ? `on the messages of ${clock.topic} (${hz(clock)})` : "no step clock (no numeric topic)";
    const cameras: string[] = [];
    for (const c of channels.filter((x) => x.kind === "camera" && x.messageCount > 0)) {
      const format = episode.frames(c.topic, 0, 0)[0]!.format;
      const source = `${c.topic} (${format}, ${hz(c)})`;
      const lineUp = format === "h264" && stepHz !== null && c.rateHz !== null && Math.abs(c.rateHz - stepHz) < 0.05 * stepHz;
      if (request.format === "lerobot") {
        cameras.push(`${source} → videos/${videoKey(c.topic)}/…mp4: ${lineUp ? "H.264 remuxed when its frames line up with the steps, else re-encoded" : `re-encoded to AV1 (libsvtav1, or libaom-av1 for pictures under 64 px a side; yuv420p, g 2, crf 30) at ${stepHz ?? "?"} fps`}, one frame per step = the latest frame at or before it`);
      } else if (request.format === "robomimic") {
        cameras.push(`${source} → obs/${obsKey(c.topic)}_image: uint8 (N, 84, 84, 3), decoded and resized (the source size if smaller), the latest frame at or before each step`);
      } else if (request.format === "rlds") {
        cameras.push(`${source} → steps/observation/${imageKey(c.topic)}: ${format === "jpeg" ? "the source JPEG bytes" : "decoded and encoded as JPEG (quality 95)"} per step, the latest frame at or before it`);
      }
    }
    const labels: string[] = [];
    if (request.format === "lerobot" || request.format === "robomimic" || request.format === "rlds") {
      labels.push(action ? `action: ${action}, the latest message at or before each step` : `action = the next step's state (${clock?.topic ?? "no state topic"}), action[t] = state[t+1]; the last step dropped`);
      const names = {
        lerobot: { seg: (k: string) => `episcope.segment.${k}`, chunk: "episcope.action_chunk.index / .primitive", reward: "next.reward, next.done, next.success", lang: "task (meta/tasks.parquet) = the instruction in force at the step" },
        robomimic: { seg: (k: string) => `segments/${k}`, chunk: "action_chunks/index, action_chunks/primitive", reward: "rewards, dones", lang: "(robomimic has no language field)" },
        rlds: { seg: (k: string) => `segment_${k}`, chunk: "action_chunk_index, action_chunk_primitive", reward: "reward, discount, is_first, is_last, is_terminal", lang: "language_instruction = the instruction in force at the step" },
      }[request.format];
      labels.push(`segments: one boolean per step per kind: ${segmentKinds.map(names.seg).join(", ")} (intervention flag: ${names.seg("intervention")})`);
      labels.push(`action chunks: ${names.chunk} per step (finest chunk, -1 outside)`);
      labels.push(`rewards: ${names.reward}`);
      labels.push(`language: ${names.lang}`);
      if (request.format === "robomimic") labels.push("mask/<filter key>: successful, failed, partial, unusable, flag_*, operator_*, status_*, has_<segment kind>, train/valid (10 % valid by episode)");
    }
    labels.push("README.md + dataset_card.json: the dataset card; episcope-export.json: the manifest");
    return { episode: rel, steps, cameras, labels };
  } finally {
    episode.close();
  }
}
