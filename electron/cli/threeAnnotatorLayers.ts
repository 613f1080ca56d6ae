/**
 * Test helper: three annotators' layers (`ann_a`, `ann_b`, `ann_c`), an adjudicated layer and one damaged document on
 * a folder of episodes, seeded (mulberry32). Labels derive from a hidden truth with seeded noise; segment and chunk
 * boundaries are either close to the truth (≤ 0.2 s) or far from it (≥ 1 s), so matching at the default 0.5 s
 * tolerance is unambiguous and an independent computation can check the report.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { emptyAnnotation, serializeAnnotation, OUTCOMES, type AnnotationDocument, type Outcome } from "../../shared/annotation.ts";
import { mulberry32 } from "../../shared/random.ts";

/** The annotator ids the helper writes. */
export const THREE_ANNOTATORS = ["ann_a", "ann_b", "ann_c"] as const;

const S = 1_000_000_000n;
const START = 1_750_000_000n * S;

/** Write the layers for `episodePaths` (relative) under `root`; returns the damaged document's relative path. */
export async function writeThreeAnnotatorLayers(root: string, episodePaths: readonly string[], seed = 5): Promise<string> {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const offset = () => (random() < 0.75 ? Math.round((random() - 0.5) * 4) / 10 : pick([-1.2, 1, 1.5]));
  const at = (s: number) => START + BigInt(Math.round(s * 1000)) * 1_000_000n;
  const write = async (annotator: string, doc: AnnotationDocument) => {
    const file = path.join(root, ".episcope/annotations", annotator, doc.episode.path.replace(/\.mcap$/, ".json"));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, serializeAnnotation(doc));
  };
  const fingerprint = { sizeBytes: 1, startNs: START, endNs: START + 20n * S, messageCount: 1 };
  for (const [e, episode] of episodePaths.entries()) {
    const truth: Outcome = pick(OUTCOMES);
    const blur = random() < 0.3;
    const failures = [2, 8, 14].filter(() => random() < 0.6);
    const outcomes: Partial<Record<string, Outcome | null>> = {};
    for (const annotator of THREE_ANNOTATORS) {
      if (random() < 0.12) continue; // this annotator never opened the episode
      const doc = emptyAnnotation(episode, fingerprint, { id: annotator, name: annotator });
      const decided = random() < 0.9;
      const outcome = decided ? (random() < 0.7 ? truth : pick(OUTCOMES)) : null;
      outcomes[annotator] = outcome;
      doc.review = { status: decided ? "accepted" : "in_progress", outcome, score: null, flags: (random() < 0.8 ? blur : !blur) ? ["blur"] : [], note: "" };
      doc.segments = failures
        .filter(() => random() < 0.85)
        .map((t, i) => {
          const d = offset();
          return { id: `f${i}`, kind: random() < 0.9 ? "failure" : "recovery", startNs: at(t + d), endNs: at(t + 1.5 + d), note: "", camera: null };
        });
      if (random() < 0.8) {
        const cuts = [0, ...[4, 8, 12, 16].map((t) => t + offset()), 20];
        doc.chunks = cuts.slice(1).map((end, i) => ({ id: `c${i}`, primitive: "reach", startNs: at(cuts[i]!), endNs: at(end), parentId: null, note: "" }));
      }
      if (random() < 0.8) {
        const text = random() < 0.7 ? (random() < 0.5 ? "Pick up the cube" : "pick up  the cube ") : "pick the cube";
        doc.instructions = [{ id: "i", scope: "episode", text, paraphrases: [], flags: { negative: false, ambiguous: false }, language: "en" }];
      }
      await write(annotator, doc);
    }
    const given = Object.values(outcomes).filter((o): o is Outcome => o != null);
    if (new Set(given).size > 1 && e % 2 === 0) {
      const doc = emptyAnnotation(episode, fingerprint, { id: "adjudicated", name: "Adjudicated by lead" });
      doc.review = { status: "accepted", outcome: given[0]!, score: null, flags: [], note: "" };
      await write("adjudicated", doc);
    }
  }
  const damaged = ".episcope/annotations/ann_c/damaged_episode.json";
  await writeFile(path.join(root, damaged), JSON.stringify({ schema: "episcope.annotation/2", episode: { path: "damaged_episode.mcap" }, review: { outcome: "maybe" } }));
  return damaged;
}
