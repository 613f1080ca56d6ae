/**
 * The timeline's zoom (DESIGN §2b): the window [startNs, endNs] of log time (ns) that the detail rows (camera ticks,
 * annotation tiers) and the plots show; the overview always shows the whole episode. Pure functions.
 */

/** A time window, log time ns, startNs < endNs. */
export interface TimeWindow {
  startNs: bigint;
  endNs: bigint;
}

/** Narrowest window (ns): 50 ms, a couple of frames at 30–60 Hz. */
export const MIN_WINDOW_NS = 50_000_000n;

/**
 * The window `factor` times as wide as `view` (factor < 1 zooms in), keeping `tNs` at the same fraction of the width,
 * clamped to the episode; null when it would cover the whole episode (no zoom).
 */
export function zoomAround(view: TimeWindow, episode: TimeWindow, tNs: bigint, factor: number): TimeWindow | null {
  const span = Number(view.endNs - view.startNs);
  const episodeSpan = episode.endNs - episode.startNs;
  let next = BigInt(Math.round(span * factor));
  if (next >= episodeSpan) return null;
  if (next < MIN_WINDOW_NS) next = MIN_WINDOW_NS < episodeSpan ? MIN_WINDOW_NS : episodeSpan;
  const t = tNs < view.startNs ? view.startNs : tNs > view.endNs ? view.endNs : tNs;
  const fraction = span > 0 ? Number(t - view.startNs) / span : 0.5;
  let startNs = t - BigInt(Math.round(Number(next) * fraction));
  if (startNs < episode.startNs) startNs = episode.startNs;
  if (startNs + next > episode.endNs) startNs = episode.endNs - next;
  return { startNs, endNs: startNs + next };
}

/**
 * The window moved so that `tNs` is inside it (a page forward or back, `tNs` at 10 % of the width), or `view` itself
 * when `tNs` is already inside; clamped to the episode.
 */
export function followTime(view: TimeWindow, episode: TimeWindow, tNs: bigint): TimeWindow {
  if (tNs >= view.startNs && tNs <= view.endNs) return view;
  const span = view.endNs - view.startNs;
  let startNs = tNs - span / 10n;
  if (startNs < episode.startNs) startNs = episode.startNs;
  if (startNs + span > episode.endNs) startNs = episode.endNs - span;
  return { startNs, endNs: startNs + span };
}
