/**
 * The dataset card written with every export: `README.md` in the Hugging Face dataset-card style (YAML front matter,
 * then sections; https://huggingface.co/docs/hub/datasets-cards) and the same facts as JSON. Modelled on DROID's card
 * (https://droid-dataset.github.io, "Dataset card"): what was recorded, by whom and on which robot, cameras and rates,
 * how episodes were selected and labelled, success rate, what was left out and why; the licence is left for the user.
 */

/** One episode as the card sees it. */
export interface CardEpisode {
  path: string;
  status: "exported" | "skipped" | "failed";
  /** Why it was skipped or failed. */
  reason?: string;
  operator: string | null;
  task: string | null;
  session: string | null;
  robot: string | null;
  outcome: string | null;
  durationSec: number;
  steps?: number;
  /** Cameras of the episode with their mean rate (Hz). */
  cameras: { topic: string; rateHz: number | null }[];
}

/** The card's facts (the JSON file). */
export interface DatasetCard {
  schema: "episcope.dataset-card/1";
  name: string;
  format: string;
  createdAt: string;
  /** Left empty for the user to fill in (e.g. `cc-by-4.0`). */
  license: string;
  labelLayer: string | null;
  /** Inter-annotator agreement when known (else null: not computed for this export). */
  agreement: null;
  episodes: { exported: number; skipped: number; failed: number; steps: number; hours: number };
  /** Counts of exported episodes per value. */
  byOperator: Record<string, number>;
  byTask: Record<string, number>;
  bySession: Record<string, number>;
  byOutcome: Record<string, number>;
  /** Exported episodes with outcome success / those with an outcome; null when none has one. */
  successRate: number | null;
  robots: string[];
  cameras: { topic: string; episodes: number; medianRateHz: number | null }[];
  exclusions: { path: string; status: "skipped" | "failed"; reason: string }[];
  notes: string[];
}

const count = (values: readonly (string | null)[]) => {
  const out: Record<string, number> = {};
  for (const v of values) out[v ?? "(unknown)"] = (out[v ?? "(unknown)"] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
};
/** The median, rounded to 0.01. */
const median = (xs: number[]) => (xs.length === 0 ? null : Math.round([...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]! * 100) / 100);

/** Build the card's facts. */
export function datasetCard(input: { name: string; format: string; createdAt: string; labelLayer: string | null; episodes: readonly CardEpisode[]; notes: readonly string[] }): DatasetCard {
  const exported = input.episodes.filter((e) => e.status === "exported");
  const withOutcome = exported.filter((e) => e.outcome !== null);
  const cameraTopics = [...new Set(exported.flatMap((e) => e.cameras.map((c) => c.topic)))].sort();
  return {
    schema: "episcope.dataset-card/1",
    name: input.name,
    format: input.format,
    createdAt: input.createdAt,
    license: "",
    labelLayer: input.labelLayer,
    agreement: null,
    episodes: {
      exported: exported.length,
      skipped: input.episodes.filter((e) => e.status === "skipped").length,
      failed: input.episodes.filter((e) => e.status === "failed").length,
      steps: exported.reduce((s, e) => s + (e.steps ?? 0), 0),
      hours: exported.reduce((s, e) => s + e.durationSec, 0) / 3600,
    },
    byOperator: count(exported.map((e) => e.operator)),
    byTask: count(exported.map((e) => e.task)),
    bySession: count(exported.map((e) => e.session)),
    byOutcome: count(exported.map((e) => e.outcome)),
    successRate: withOutcome.length ? withOutcome.filter((e) => e.outcome === "success").length / withOutcome.length : null,
    robots: [...new Set(exported.map((e) => e.robot).filter((r): r is string => r !== null))].sort(),
    cameras: cameraTopics.map((topic) => {
      const rates = exported.flatMap((e) => e.cameras.filter((c) => c.topic === topic && c.rateHz !== null).map((c) => c.rateHz!));
      return { topic, episodes: exported.filter((e) => e.cameras.some((c) => c.topic === topic)).length, medianRateHz: median(rates) };
    }),
    exclusions: input.episodes.filter((e) => e.status !== "exported").map((e) => ({ path: e.path, status: e.status as "skipped" | "failed", reason: e.reason ?? "" })),
    notes: [...input.notes],
  };
}

const table = (title: string, counts: Record<string, number>) => [`| ${title} | episodes |`, "|---|---|", ...Object.entries(counts).map(([k, n]) => `| ${k.replace(/\|/g, "\\|")} | ${n} |`)].join("\n");

/** The card as a Hugging Face style README.md. */
export function datasetCardMarkdown(card: DatasetCard): string {
  const rate = card.successRate === null ? "unknown (no outcome labelled)" : `${(card.successRate * 100).toFixed(1)} % of the episodes with an outcome`;
  return [
    "---",
    "license: # fill in (e.g. cc-by-4.0)",
    "task_categories:",
    "- robotics",
    "tags:",
    "- episcope",
    `- ${card.format}`,
    "---",
    "",
    `# ${card.name}`,
    "",
    `Robot demonstrations exported by Episcope as ${card.format} on ${card.createdAt}, from reviewed episodes with the labels of layer \`${card.labelLayer ?? "none"}\`.`,
    "",
    "## Dataset summary",
    "",
    `- Episodes: ${card.episodes.exported} exported (${card.episodes.steps} steps, ${card.episodes.hours.toFixed(2)} h), ${card.episodes.skipped} skipped, ${card.episodes.failed} failed`,
    `- Success rate: ${rate}`,
    `- Robot: ${card.robots.length ? card.robots.join(", ") : "unknown (no robot in the metadata)"}`,
    `- Label layer: ${card.labelLayer ?? "none"}; inter-annotator agreement: ${card.agreement ?? "not computed for this export"}`,
    "- License: to be filled in by the dataset's owner",
    "",
    "## Cameras",
    "",
    "| camera | episodes | rate (Hz, median) |",
    "|---|---|---|",
    ...card.cameras.map((c) => `| ${c.topic} | ${c.episodes} | ${c.medianRateHz === null ? "" : c.medianRateHz.toFixed(1)} |`),
    "",
    "## Episodes",
    "",
    table("operator", card.byOperator),
    "",
    table("task", card.byTask),
    "",
    table("session", card.bySession),
    "",
    table("outcome", card.byOutcome),
    "",
    "## Exclusions",
    "",
    card.exclusions.length ? ["| episode | status | why |", "|---|---|---|", ...card.exclusions.map((e) => `| ${e.path} | ${e.status} | ${e.reason.replace(/\|/g, "\\|")} |`)].join("\n") : "None: every episode was exported.",
    "",
    "## How it was made",
    "",
    ...card.notes.map((n) => `- ${n}`),
    "",
  ].join("\n");
}
