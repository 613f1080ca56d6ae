/**
 * Adjudication: take another annotator's labels into one's own document (DESIGN §4, a lead's adjudicated layer).
 */
import type { AnnotationDocument } from "../annotation.ts";

/**
 * `doc` with every label of `other` (review outcome, score, flags, note; segments, chunks, instructions, rewards);
 * `doc`'s review status, episode and annotator stay.
 */
export function adoptLabels(doc: AnnotationDocument, other: AnnotationDocument): AnnotationDocument {
  return {
    ...doc,
    review: { ...other.review, status: doc.review.status },
    segments: other.segments.map((s) => ({ ...s })),
    chunks: other.chunks.map((c) => ({ ...c })),
    instructions: other.instructions.map((i) => ({ ...i, paraphrases: [...i.paraphrases], flags: { ...i.flags } })),
    rewards: other.rewards ? { ...other.rewards, keyframes: other.rewards.keyframes.map((k) => ({ ...k })) } : null,
  };
}

