/**
 * Suggested segments on the timeline (issue #14): the audit's proposals (hesitation, idle, action spike) that a
 * reviewer accepts with one key — they then become ordinary segments of the matching kind — or dismisses. A suggestion
 * that an existing segment of its kind already covers (the accepted one, or the reviewer's own) is not shown again.
 */
import type { Segment } from "../annotation.ts";
import type { SuggestedSegment } from "./episodeMetrics.ts";

/** A suggestion with its times as ns. */
export interface Suggestion {
  kind: SuggestedSegment["kind"];
  startNs: bigint;
  endNs: bigint;
  source: SuggestedSegment;
}

/** Overlap of two ranges over their union (0..1; 1 for two equal instants). */
export function rangeIoU(a: { startNs: bigint; endNs: bigint }, b: { startNs: bigint; endNs: bigint }): number {
  const inter = (a.endNs < b.endNs ? a.endNs : b.endNs) - (a.startNs > b.startNs ? a.startNs : b.startNs);
  const union = (a.endNs > b.endNs ? a.endNs : b.endNs) - (a.startNs < b.startNs ? a.startNs : b.startNs);
  if (union <= 0n) return inter >= 0n ? 1 : 0;
  return inter <= 0n ? 0 : Number(inter) / Number(union);
}

/**
 * The suggestions still open: not dismissed (`dismissed(s)`), and not covered by a segment of the same kind
 * (IoU ≥ 0.5). Sorted by start.
 */
export function openSuggestions(suggested: readonly SuggestedSegment[], segments: readonly Segment[], dismissed: (s: SuggestedSegment) => boolean): Suggestion[] {
  return suggested
    .filter((s) => !dismissed(s))
    .map((s) => ({ kind: s.kind, startNs: BigInt(s.startNs), endNs: BigInt(s.endNs), source: s }))
    .filter((s) => !segments.some((g) => g.kind === s.kind && rangeIoU(g, s) >= 0.5))
    .sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0));
}

/**
 * The suggestion a key acts on at playhead `tNs`: the one containing it, else the next one after it, else the last
 * one before it; null when there is none.
 */
export function suggestionAt(open: readonly Suggestion[], tNs: bigint): Suggestion | null {
  return open.find((s) => s.startNs <= tNs && tNs <= s.endNs) ?? open.find((s) => s.startNs > tNs) ?? open.at(-1) ?? null;
}
