/**
 * Editing the segments of an annotation document (DESIGN §4): time ranges [startNs, endNs] (ns of log time) of a kind
 * from the dataset config (failure, recovery, hesitation, …). Several segments may exist, overlapping across kinds.
 * Every function returns a new document (or the same one when nothing changes) and leaves its input untouched.
 */
import type { AnnotationDocument, Segment } from "../annotation.ts";

/** What a pointer drag on a segment changes: its start edge, its end edge, or the whole body. */
export type SegmentDragMode = "start" | "end" | "move";

/** Append a segment (ends ordered so startNs ≤ endNs). */
export function addSegment(doc: AnnotationDocument, segment: Segment): AnnotationDocument {
  const [startNs, endNs] = segment.startNs <= segment.endNs ? [segment.startNs, segment.endNs] : [segment.endNs, segment.startNs];
  return { ...doc, segments: [...doc.segments, { ...segment, startNs, endNs }] };
}

/**
 * Change fields of segment `id` (kind, range, note, camera). The same document when there is no such segment or
 * nothing changes. The range is ordered (startNs ≤ endNs) after the patch.
 */
export function updateSegment(doc: AnnotationDocument, id: string, patch: Partial<Omit<Segment, "id">>): AnnotationDocument {
  const i = doc.segments.findIndex((s) => s.id === id);
  if (i < 0) return doc;
  const old = doc.segments[i]!;
  let next: Segment = { ...old, ...patch };
  if (next.endNs < next.startNs) next = { ...next, startNs: next.endNs, endNs: next.startNs };
  const same = (Object.keys(next) as (keyof Segment)[]).every((k) => next[k] === old[k]);
  if (same) return doc;
  const segments = [...doc.segments];
  segments[i] = next;
  return { ...doc, segments };
}

/** Set the start of segment `id` at t; its end moves along when it would fall before t. */
export function setSegmentStart(doc: AnnotationDocument, id: string, tNs: bigint): AnnotationDocument {
  const seg = doc.segments.find((s) => s.id === id);
  if (!seg) return doc;
  return updateSegment(doc, id, { startNs: tNs, endNs: seg.endNs < tNs ? tNs : seg.endNs });
}

/** Set the end of segment `id` at t; its start moves along when it would fall after t. */
export function setSegmentEnd(doc: AnnotationDocument, id: string, tNs: bigint): AnnotationDocument {
  const seg = doc.segments.find((s) => s.id === id);
  if (!seg) return doc;
  return updateSegment(doc, id, { endNs: tNs, startNs: seg.startNs > tNs ? tNs : seg.startNs });
}

/** Remove segment `id`; the same document when there is none. */
export function removeSegment(doc: AnnotationDocument, id: string): AnnotationDocument {
  return doc.segments.some((s) => s.id === id) ? { ...doc, segments: doc.segments.filter((s) => s.id !== id) } : doc;
}

/**
 * The range of a segment after a drag of `deltaNs` from where it was when the drag began, clamped to the episode
 * [minNs, maxNs]: `move` shifts both ends keeping the length; `start` / `end` move one edge, never past the other.
 */
export function dragSegmentRange(
  origin: { startNs: bigint; endNs: bigint },
  mode: SegmentDragMode,
  deltaNs: bigint,
  minNs: bigint,
  maxNs: bigint,
): { startNs: bigint; endNs: bigint } {
  const clamp = (t: bigint, lo: bigint, hi: bigint) => (t < lo ? lo : t > hi ? hi : t);
  if (mode === "move") {
    const length = origin.endNs - origin.startNs;
    const startNs = clamp(origin.startNs + deltaNs, minNs, maxNs - length);
    return { startNs, endNs: startNs + length };
  }
  if (mode === "start") return { startNs: clamp(origin.startNs + deltaNs, minNs, origin.endNs), endNs: origin.endNs };
  return { startNs: origin.startNs, endNs: clamp(origin.endNs + deltaNs, origin.startNs, maxNs) };
}

/** The segments sorted by start, then end, then id (a stable order for lists and keyboard selection). */
export function segmentsInTimeOrder(segments: readonly Segment[]): Segment[] {
  return [...segments].sort((a, b) =>
    a.startNs !== b.startNs ? (a.startNs < b.startNs ? -1 : 1) : a.endNs !== b.endNs ? (a.endNs < b.endNs ? -1 : 1) : a.id.localeCompare(b.id),
  );
}

/**
 * The segment to select after `currentId` in time order (`direction` 1) or before it (-1). From nothing it starts at
 * the first (last); past the end it returns null (nothing selected), so repeated presses cycle through "none".
 */
export function adjacentSegmentId(segments: readonly Segment[], currentId: string | null, direction: 1 | -1): string | null {
  const ordered = segmentsInTimeOrder(segments);
  if (ordered.length === 0) return null;
  const i = currentId === null ? -1 : ordered.findIndex((s) => s.id === currentId);
  if (i < 0) return (direction > 0 ? ordered[0] : ordered[ordered.length - 1])!.id;
  return ordered[i + direction]?.id ?? null;
}

/** The entry after `current` in `list` (wrapping; `direction` -1 goes back); the first entry when `current` is absent. */
export function cycleValue<T>(list: readonly T[], current: T, direction: 1 | -1 = 1): T {
  if (list.length === 0) return current;
  const i = list.indexOf(current);
  if (i < 0) return list[0]!;
  return list[(i + direction + list.length) % list.length]!;
}
