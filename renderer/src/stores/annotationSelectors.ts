/**
 * Selectors of the annotation store for the timeline tiers and the inspector (segments, chunks, the selection).
 * Each returns a value held by the document itself, so snapshots are stable without memoization.
 */
import type { Chunk, Review, Segment } from "../../../shared/annotation.ts";
import type { AnnotationState } from "./annotation.ts";

const NONE: readonly never[] = Object.freeze([]);

/** Every segment of the document (empty without one). */
export const selectSegments = (s: AnnotationState): readonly Segment[] => s.document?.segments ?? NONE;
/** Every action chunk of the document (empty without one). */
export const selectChunks = (s: AnnotationState): readonly Chunk[] => s.document?.chunks ?? NONE;
/** The review (outcome, score, flags, note), or null without a document. */
export const selectReview = (s: AnnotationState): Review | null => s.document?.review ?? null;
/** Id of the selected segment, or null. */
export const selectSelectedSegmentId = (s: AnnotationState): string | null => s.selectedSegmentId;
/** The selected segment while it exists in the document, else null. */
export const selectSelectedSegment = (s: AnnotationState): Segment | null =>
  s.selectedSegmentId === null ? null : (s.document?.segments.find((x) => x.id === s.selectedSegmentId) ?? null);
/** Id of the segment being marked with I/O (waiting for its other end), or null. */
export const selectOpenSegmentId = (s: AnnotationState): string | null => s.openSegment?.id ?? null;
