/**
 * Adjudication: take another annotator's labels into one's own document (DESIGN §4, §9: a lead's adjudicated layer),
 * all of them or one part (the review's outcome, score, flags and note; the segments; the action chunks).
 */
import type { AnnotationDocument } from "../annotation.ts";

/** Which labels to adopt. */
export type AdoptPart = "all" | "review" | "segments" | "chunks";

/** `doc` with `other`'s outcome, score, flags and note; `doc`'s review status stays. */
export function adoptReview(doc: AnnotationDocument, other: AnnotationDocument): AnnotationDocument {
  return { ...doc, review: { ...other.review, flags: [...other.review.flags], status: doc.review.status } };
}

/** `doc` with (copies of) `other`'s segments. */
export function adoptSegments(doc: AnnotationDocument, other: AnnotationDocument): AnnotationDocument {
  return { ...doc, segments: other.segments.map((s) => ({ ...s })) };
}

/** `doc` with (copies of) `other`'s action chunks, every level. */
export function adoptChunks(doc: AnnotationDocument, other: AnnotationDocument): AnnotationDocument {
  return { ...doc, chunks: other.chunks.map((c) => ({ ...c })) };
}

/**
 * `doc` with every label of `other` (review outcome, score, flags, note; segments, chunks, instructions, rewards);
 * `doc`'s review status, episode and annotator stay.
 */
export function adoptLabels(doc: AnnotationDocument, other: AnnotationDocument): AnnotationDocument {
  return {
    ...adoptChunks(adoptSegments(adoptReview(doc, other), other), other),
    instructions: other.instructions.map((i) => ({ ...i, paraphrases: [...i.paraphrases], flags: { ...i.flags } })),
    rewards: other.rewards ? { ...other.rewards, keyframes: other.rewards.keyframes.map((k) => ({ ...k })) } : null,
  };
}

/** `doc` with `part` of `other`'s labels adopted. */
export function adoptPart(doc: AnnotationDocument, other: AnnotationDocument, part: AdoptPart): AnnotationDocument {
  switch (part) {
    case "review":
      return adoptReview(doc, other);
    case "segments":
      return adoptSegments(doc, other);
    case "chunks":
      return adoptChunks(doc, other);
    default:
      return adoptLabels(doc, other);
  }
}
