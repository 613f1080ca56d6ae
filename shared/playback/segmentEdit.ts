/**
 * Editing the review's primary segment (one failure or recovery span) of an annotation document.
 * Every function returns a new document and leaves the input untouched; other segments are kept as they are.
 */
import type { AnnotationDocument, Outcome, Segment } from "../annotation.ts";

/** Segment kinds the review screen's segment editor offers. */
export const PRIMARY_SEGMENT_KINDS = ["failure", "recovery"] as const;
/** A kind the segment editor offers. */
export type PrimarySegmentKind = (typeof PRIMARY_SEGMENT_KINDS)[number];

/** Index of the primary segment: the first segment whose kind is failure or recovery, or -1. */
export function primarySegmentIndex(doc: AnnotationDocument): number {
  return doc.segments.findIndex((s) => (PRIMARY_SEGMENT_KINDS as readonly string[]).includes(s.kind));
}

/** The primary segment, or null. */
export function primarySegment(doc: AnnotationDocument): Segment | null {
  const i = primarySegmentIndex(doc);
  return i < 0 ? null : doc.segments[i]!;
}

function withPrimary(doc: AnnotationDocument, segment: Segment | null): AnnotationDocument {
  const i = primarySegmentIndex(doc);
  const segments = [...doc.segments];
  if (segment === null) {
    if (i >= 0) segments.splice(i, 1);
  } else if (i >= 0) {
    segments[i] = segment;
  } else {
    segments.push(segment);
  }
  return { ...doc, segments };
}

/**
 * Set the primary segment's start at `tNs` (creating a zero-length segment of `kind` with id `newId` when there is
 * none); the end moves along when it would fall before the start.
 */
export function setSegmentIn(doc: AnnotationDocument, tNs: bigint, kind: PrimarySegmentKind, newId: string): AnnotationDocument {
  const seg = primarySegment(doc);
  if (!seg) return withPrimary(doc, { id: newId, kind, startNs: tNs, endNs: tNs, note: "", camera: null });
  return withPrimary(doc, { ...seg, startNs: tNs, endNs: seg.endNs < tNs ? tNs : seg.endNs });
}

/** Set the primary segment's end at `tNs` (creating one when there is none); the start moves along when needed. */
export function setSegmentOut(doc: AnnotationDocument, tNs: bigint, kind: PrimarySegmentKind, newId: string): AnnotationDocument {
  const seg = primarySegment(doc);
  if (!seg) return withPrimary(doc, { id: newId, kind, startNs: tNs, endNs: tNs, note: "", camera: null });
  return withPrimary(doc, { ...seg, endNs: tNs, startNs: seg.startNs > tNs ? tNs : seg.startNs });
}

/** Set both ends of the primary segment (ordered), e.g. after dragging it on the timeline. No-op without one. */
export function setSegmentRange(doc: AnnotationDocument, aNs: bigint, bNs: bigint): AnnotationDocument {
  const seg = primarySegment(doc);
  if (!seg) return doc;
  const [startNs, endNs] = aNs <= bNs ? [aNs, bNs] : [bNs, aNs];
  return withPrimary(doc, { ...seg, startNs, endNs });
}

/** Change the primary segment's kind. No-op without one. */
export function setSegmentKind(doc: AnnotationDocument, kind: PrimarySegmentKind): AnnotationDocument {
  const seg = primarySegment(doc);
  return seg ? withPrimary(doc, { ...seg, kind }) : doc;
}

/** Remove the primary segment. No-op (same document) without one. */
export function deleteSegment(doc: AnnotationDocument): AnnotationDocument {
  return primarySegmentIndex(doc) < 0 ? doc : withPrimary(doc, null);
}

/** Set the review outcome (null clears it). Other review fields are kept. */
export function setOutcome(doc: AnnotationDocument, outcome: Outcome | null): AnnotationDocument {
  return { ...doc, review: { ...doc.review, outcome } };
}
