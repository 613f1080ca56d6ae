/** Rows for the dataset unit tests and the filter benchmark (deterministic; not real episodes). */
import type { Outcome, ReviewStatus } from "../annotation.ts";
import { mulberry32 } from "../random.ts";
import { buildRow, type AnnotatorReview, type DatasetRow } from "./datasetRow.ts";

/** A row with the given parts; every other field plausible. */
export function makeRow(p: {
  path: string;
  operator?: string | null;
  task?: string | null;
  durationSec?: number | null;
  status?: ReviewStatus;
  outcome?: Outcome | null;
  score?: number | null;
  flags?: string[];
  annotator?: string;
  error?: boolean;
}): DatasetRow {
  const reviews: AnnotatorReview[] =
    p.status && p.status !== "unreviewed"
      ? [{ annotator: p.annotator ?? "alice", status: p.status, outcome: p.outcome ?? null, score: p.score ?? null, flags: p.flags ?? [], segmentKinds: [], updatedAt: "2025-06-16T00:00:00.000Z" }]
      : [];
  return buildRow({
    path: p.path,
    name: p.path.replace(/^.*\//, "").replace(/\.mcap$/, ""),
    sizeBytes: 1000,
    facts: p.error
      ? null
      : {
          durationSec: p.durationSec ?? 10,
          startedAt: null,
          messageCount: 100,
          cameras: ["/cam_high", "/cam_wrist"],
          fields: { operator: p.operator ?? null, task: p.task ?? null, robot: "aloha", session: "s1", scene: null, condition: null },
          problemCount: 0,
        },
    error: p.error ? { code: "truncated", message: `${p.path}: truncated MCAP` } : null,
    table: undefined,
    reviews,
  });
}

/** `n` rows over 10 operators, 5 tasks, mixed statuses (seeded). */
export function syntheticRows(n: number, seed = 1): DatasetRow[] {
  const random = mulberry32(seed);
  const statuses: ReviewStatus[] = ["unreviewed", "unreviewed", "in_progress", "accepted", "accepted", "rejected", "needs_fix"];
  const outcomes: Outcome[] = ["success", "failure", "partial", "unusable"];
  return Array.from({ length: n }, (_, i) => {
    const status = statuses[Math.floor(random() * statuses.length)]!;
    return makeRow({
      path: `session_${String(Math.floor(i / 50)).padStart(3, "0")}/ep_${String(i).padStart(5, "0")}.mcap`,
      operator: `op_${String(1 + Math.floor(random() * 10)).padStart(2, "0")}`,
      task: ["pick_cube", "stack_blocks", "open_drawer", "pour_cup", "fold_towel"][Math.floor(random() * 5)]!,
      durationSec: 3 + random() * 17,
      status,
      outcome: status === "unreviewed" ? null : outcomes[Math.floor(random() * 4)]!,
      score: status === "unreviewed" ? null : 1 + Math.floor(random() * 5),
      flags: random() < 0.2 ? ["hesitation"] : [],
      error: random() < 0.01,
    });
  });
}
