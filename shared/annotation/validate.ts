/**
 * Semantic checks of a (schema-valid) annotation document against its episode and the dataset config — the rules a
 * schema cannot express: times inside the episode, action chunks contiguous and non-overlapping per level, children
 * inside their parent, unique ids, reward keyframes in time order. Errors make a save or `episcope validate` fail;
 * warnings (vocabulary, paraphrase minimum) are shown but accepted.
 */
import type { AnnotationDocument, Chunk } from "../annotation.ts";
import { formatSeconds } from "../time.ts";
import type { DatasetConfig } from "./datasetConfig.ts";
import type { FieldProblem } from "./issues.ts";

/** The time range annotations must lie in (ns, inclusive). */
export interface EpisodeRange {
  startNs: bigint;
  endNs: bigint;
}

/** Options of `validateAnnotation`. */
export interface ValidateOptions {
  /** The episode's range; defaults to the document's own fingerprint. */
  range?: EpisodeRange;
  /** When given: vocabularies and the paraphrase minimum are checked (as warnings). */
  config?: DatasetConfig;
}

/** Every problem of `doc`, errors and warnings, each at its field path. Never throws. */
export function validateAnnotation(doc: AnnotationDocument, options: ValidateOptions = {}): FieldProblem[] {
  const range = options.range ?? doc.episode.fingerprint;
  const problems: FieldProblem[] = [];
  const error = (path: string, message: string) => problems.push({ path, message, severity: "error" });
  const warn = (path: string, message: string) => problems.push({ path, message, severity: "warning" });
  const rel = (t: bigint) => `${formatOffset(t - range.startNs)} s`;
  const inside = (path: string, t: bigint) => {
    if (t < range.startNs || t > range.endNs) {
      error(path, `time ${rel(t)} is outside the episode (0.000 s – ${rel(range.endNs)})`);
    }
  };
  const uniqueIds = (section: string, items: readonly { id: string }[]) => {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const first = seen.get(item.id);
      if (first !== undefined) error(`${section}.${i}.id`, `id ${JSON.stringify(item.id)} is already used by ${section}.${first}`);
      else seen.set(item.id, i);
    });
  };

  const config = options.config;
  if (config) {
    doc.review.flags.forEach((flag, i) => {
      if (!config.flags.includes(flag)) warn(`review.flags.${i}`, `flag ${JSON.stringify(flag)} is not in the dataset's flags`);
    });
  }

  uniqueIds("segments", doc.segments);
  doc.segments.forEach((s, i) => {
    inside(`segments.${i}.startNs`, s.startNs);
    inside(`segments.${i}.endNs`, s.endNs);
    if (config && !config.segmentKinds.includes(s.kind)) {
      warn(`segments.${i}.kind`, `kind ${JSON.stringify(s.kind)} is not in the dataset's segment kinds`);
    }
  });

  uniqueIds("chunks", doc.chunks);
  checkChunks(doc.chunks, { error, warn, inside, rel }, config);

  uniqueIds("instructions", doc.instructions);
  doc.instructions.forEach((ins, i) => {
    if (ins.scope !== "episode") {
      inside(`instructions.${i}.scope.startNs`, ins.scope.startNs);
      inside(`instructions.${i}.scope.endNs`, ins.scope.endNs);
    }
    const minimum = config?.paraphraseMinimum ?? 0;
    if (ins.paraphrases.length < minimum) {
      warn(`instructions.${i}.paraphrases`, `${ins.paraphrases.length} paraphrase(s); the dataset asks for at least ${minimum}`);
    }
    const seen = new Set([ins.text.trim().toLowerCase()]);
    ins.paraphrases.forEach((p, j) => {
      const key = p.trim().toLowerCase();
      if (seen.has(key)) warn(`instructions.${i}.paraphrases.${j}`, "repeats the instruction or another paraphrase");
      seen.add(key);
    });
  });

  if (doc.rewards) {
    const keyframes = doc.rewards.keyframes;
    keyframes.forEach((k, i) => {
      inside(`rewards.keyframes.${i}.tNs`, k.tNs);
      const previous = keyframes[i - 1];
      if (previous && k.tNs <= previous.tNs) {
        error(`rewards.keyframes.${i}.tNs`, `keyframe at ${rel(k.tNs)} is not after keyframe ${i - 1} at ${rel(previous.tNs)}`);
      }
    });
  }
  return problems;
}

interface Reporters {
  error(path: string, message: string): void;
  warn(path: string, message: string): void;
  inside(path: string, t: bigint): void;
  rel(t: bigint): string;
}

function checkChunks(chunks: readonly Chunk[], r: Reporters, config: DatasetConfig | undefined): void {
  const index = new Map(chunks.map((c, i) => [c.id, i] as const));
  // Parents exist, no cycles, children inside their parent.
  chunks.forEach((c, i) => {
    r.inside(`chunks.${i}.startNs`, c.startNs);
    r.inside(`chunks.${i}.endNs`, c.endNs);
    if (c.parentId === null) {
      if (config && !config.primitives.includes(c.primitive) && !chunks.some((o) => o.parentId === c.id)) {
        r.warn(`chunks.${i}.primitive`, `primitive ${JSON.stringify(c.primitive)} is not in the dataset's vocabulary`);
      }
      return;
    }
    const p = index.get(c.parentId);
    if (p === undefined) return r.error(`chunks.${i}.parentId`, `no chunk has id ${JSON.stringify(c.parentId)}`);
    const seen = new Set<string>([c.id]);
    for (let up: Chunk | undefined = chunks[p]; up; up = up.parentId === null ? undefined : chunks[index.get(up.parentId) ?? -1]) {
      if (seen.has(up.id)) return r.error(`chunks.${i}.parentId`, "parentId forms a cycle");
      seen.add(up.id);
    }
    const parent = chunks[p]!;
    if (c.startNs < parent.startNs || c.endNs > parent.endNs) {
      r.error(`chunks.${i}`, `chunk ${rel2(r, c)} is not inside its parent chunks.${p} ${rel2(r, parent)}`);
    }
    const isLeaf = !chunks.some((o) => o.parentId === c.id);
    if (config && isLeaf && !config.primitives.includes(c.primitive)) {
      r.warn(`chunks.${i}.primitive`, `primitive ${JSON.stringify(c.primitive)} is not in the dataset's vocabulary`);
    }
  });
  // Siblings (same parent = same level under one parent) are contiguous and do not overlap.
  const groups = new Map<string | null, number[]>();
  chunks.forEach((c, i) => {
    const group = groups.get(c.parentId) ?? [];
    group.push(i);
    groups.set(c.parentId, group);
  });
  for (const members of groups.values()) {
    const sorted = [...members].sort((a, b) => (chunks[a]!.startNs < chunks[b]!.startNs ? -1 : chunks[a]!.startNs > chunks[b]!.startNs ? 1 : a - b));
    for (let k = 1; k < sorted.length; k++) {
      const prevIndex = sorted[k - 1]!;
      const i = sorted[k]!;
      const prev = chunks[prevIndex]!;
      const c = chunks[i]!;
      if (c.startNs < prev.endNs) {
        r.error(`chunks.${i}.startNs`, `chunk ${rel2(r, c)} overlaps chunks.${prevIndex} ${rel2(r, prev)}`);
      } else if (c.startNs > prev.endNs) {
        r.error(`chunks.${i}.startNs`, `chunk ${rel2(r, c)} leaves a gap after chunks.${prevIndex} ${rel2(r, prev)}; chunks must be contiguous`);
      }
    }
  }
}

/** Seconds with ms precision, or with ns precision when the offset is not a whole number of ms. */
function formatOffset(ns: bigint): string {
  if (ns % 1_000_000n === 0n) return formatSeconds(ns);
  const abs = ns < 0n ? -ns : ns;
  return `${ns < 0n ? "-" : ""}${abs / 1_000_000_000n}.${String(abs % 1_000_000_000n).padStart(9, "0")}`;
}

function rel2(r: Reporters, c: { startNs: bigint; endNs: bigint }): string {
  return `[${r.rel(c.startNs)}, ${r.rel(c.endNs)}]`;
}

/** True when `problems` holds at least one error. */
export function hasErrors(problems: readonly FieldProblem[]): boolean {
  return problems.some((p) => p.severity === "error");
}
