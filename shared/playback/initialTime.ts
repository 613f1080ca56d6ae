/**
 * Where the playhead goes when an episode opens without an explicit time: the first moment at which every camera has
 * a frame (so the screen opens on images, not on "no frame yet"), clamped to the episode; the start without cameras.
 */
import type { EpisodeSummary } from "../episode.ts";

/** The default playhead (ns) for a freshly opened episode. */
export function defaultPlayhead(summary: Pick<EpisodeSummary, "startNs" | "endNs" | "channels">): bigint {
  let t = summary.startNs;
  for (const c of summary.channels) {
    if (c.kind === "camera" && c.messageCount > 0 && c.firstNs !== null && c.firstNs > t) t = c.firstNs;
  }
  return t > summary.endNs ? summary.endNs : t;
}
