/**
 * The per-dataset taxonomy and preferences, `<dataset>/.episcope/config.json` (DESIGN §4): segment kinds, the
 * primitive vocabulary of action chunks, quality flags, hotkeys, the paraphrase minimum and the snap tolerance.
 * Every field has a default; a field that does not validate is reported at its path and replaced by its default,
 * the valid fields are kept.
 */
import { z } from "zod/v4";
import { DEFAULT_SEGMENT_KINDS } from "./documentSchema.ts";
import { problemsFromIssues, type FieldProblem } from "./issues.ts";

export const DATASET_CONFIG_SCHEMA_ID = "episcope.config/1";

export const DEFAULT_PRIMITIVES = ["reach", "grasp", "lift", "transport", "place", "release", "retract"] as const;
export const DEFAULT_FLAGS = [
  "hesitation",
  "correction moves",
  "jerky motion",
  "collision",
  "occlusion",
  "camera moved",
  "lighting change",
  "operator error",
  "incomplete",
] as const;

/**
 * Default key of each command, in the renderer's notation (`Ctrl+Z`, `Shift+ArrowRight`, `?`). The first eight match
 * the keys the review screen already uses.
 */
export const DEFAULT_HOTKEYS: Readonly<Record<string, string>> = {
  "outcome.success": "1",
  "outcome.failure": "2",
  "outcome.partial": "3",
  "outcome.unusable": "4",
  "segment.in": "i",
  "segment.out": "o",
  "playback.toggle": " ",
  "help.shortcuts": "?",
  "segment.nextKind": "Shift+K",
  "chunk.split": "s",
  "chunk.nextPrimitive": "p",
  "chunk.previousPrimitive": "Alt+P",
  "chunk.addLevel": "Shift+G",
  "chunk.splitParent": "Alt+S",
  "chunk.merge": "Shift+S",
  "chunk.boundaryToPlayhead": "b",
  "segment.selectNext": "v",
  "segment.selectPrevious": "Shift+V",
  "segment.delete": "Delete",
  "review.focusFlags": "f",
  "instruction.edit": "t",
  "instruction.addParaphrase": "Shift+P",
  "reward.focus": "r",
  "reward.generateProgress": "g",
  "reward.addKeyframe": "Shift+R",
  "edit.undo": "Ctrl+Z",
  "edit.redo": "Ctrl+Shift+Z",
  "episode.next": "n",
  "episode.previous": "Shift+N",
  "review.accept": "a",
  "review.reject": "x",
  "review.needsFix": "m",
  "dataset.import": "Shift+I",
  "file.open": "Ctrl+O",
  "file.openFolder": "Ctrl+Shift+O",
  "dataset.export": "Shift+E",
  "timeline.zoomIn": "=",
  "timeline.zoomOut": "-",
  "timeline.zoomReset": "0",
  "layout.review": "Alt+1",
  "layout.annotate": "Alt+2",
  "layout.audit": "Alt+3",
  "layout.focus": "Shift+F",
  "layout.toggleSidebar": "Ctrl+B",
  "layout.toggleInspector": "Ctrl+Alt+B",
  "adjudicate.toggle": "Shift+A",
  "adjudicate.nextLayer": "Alt+L",
  "adjudicate.adoptAll": "Alt+A",
  "adjudicate.adoptReview": "Alt+O",
  "adjudicate.adoptSegments": "Alt+V",
  "adjudicate.adoptChunks": "Alt+C",
  "suggestion.accept": "y",
  "suggestion.dismiss": "Shift+Y",
  "review.triageOrder": "q",
};

const nameList = (defaults: readonly string[]) =>
  z
    .array(z.string().trim().min(1, "must not be empty"))
    .min(1, "needs at least one entry")
    .refine((list) => new Set(list).size === list.length, "entries must be unique")
    .default([...defaults]);

/** Schema of each top-level field; parsed one by one so a bad field falls back to its default alone. */
export const datasetConfigFields = {
  schema: z.literal(DATASET_CONFIG_SCHEMA_ID).default(DATASET_CONFIG_SCHEMA_ID),
  /** Segment kinds offered (failure, recovery, hesitation, intervention, idle and project-defined kinds). */
  segmentKinds: nameList(DEFAULT_SEGMENT_KINDS),
  /** Controlled vocabulary of action-chunk primitives. */
  primitives: nameList(DEFAULT_PRIMITIVES),
  /** Quality flags of the review. */
  flags: nameList(DEFAULT_FLAGS),
  /** Command id → key. Unknown command ids are kept (a newer app may know them); missing ones get their default. */
  hotkeys: z
    .record(z.string().min(1), z.string().min(1, "key must not be empty"))
    .default({})
    .transform((keys) => ({ ...DEFAULT_HOTKEYS, ...keys })),
  /** Warn when an instruction has fewer paraphrases than this. */
  paraphraseMinimum: z.number().int().min(0).max(100).default(3),
  /** Chunk boundaries snap to a robot event at most this far away (ms). */
  snapToleranceMs: z.number().min(0).max(10_000).default(150),
  /** Default discount factor γ of new reward curves. */
  gamma: z.number().min(0).max(1).default(0.99),
  /**
   * The lead's audit (shared/docs/audit-metrics.md): which topic is "the joints" and which "the action" (default: as
   * export detects them — `/action` or the only joints topic named like "action"; the joints: the first other joints
   * topic), the idle threshold (fraction of the p95 joint speed) and the shortest hesitation (s).
   */
  audit: z
    .object({
      jointTopic: z.string().min(1).nullable().default(null),
      actionTopic: z.string().min(1).nullable().default(null),
      idleRatio: z.number().gt(0).lt(1).default(0.05),
      minPauseS: z.number().gt(0).max(60).default(0.3),
    })
    .default({ jointTopic: null, actionTopic: null, idleRatio: 0.05, minPauseS: 0.3 }),
} as const;

/** The whole config as one schema (for the JSON Schema and strict checks). */
export const datasetConfigSchema = z.object(datasetConfigFields);

/** A dataset config with every default applied. */
export type DatasetConfig = z.output<typeof datasetConfigSchema>;

/** The config used when the dataset has none. */
export function defaultDatasetConfig(): DatasetConfig {
  return datasetConfigSchema.parse({});
}

/** What loading a config produced. */
export interface DatasetConfigResult {
  config: DatasetConfig;
  /** Fields that did not validate (replaced by their defaults), unknown fields, JSON errors. */
  problems: FieldProblem[];
}

/**
 * Read a config from a parsed JSON value: each valid field is used, each invalid one is reported at its path and
 * replaced by its default. Two commands bound to the same key are reported as warnings. Never throws.
 */
export function datasetConfigFromJson(raw: unknown): DatasetConfigResult {
  const config = defaultDatasetConfig();
  const problems: FieldProblem[] = [];
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    return { config, problems: [{ path: "(document)", message: "expected a JSON object; using the defaults", severity: "error" }] };
  }
  const record = raw as Record<string, unknown>;
  const out = config as Record<string, unknown>;
  for (const [key, schema] of Object.entries(datasetConfigFields)) {
    if (!(key in record)) continue;
    const result = (schema as z.ZodType).safeParse(record[key]);
    if (result.success) out[key] = result.data;
    else {
      for (const p of problemsFromIssues(result.error.issues, [key])) {
        problems.push({ ...p, message: `${p.message}; using the default` });
      }
    }
  }
  for (const key of Object.keys(record)) {
    if (!(key in datasetConfigFields)) problems.push({ path: key, message: "unknown field, ignored", severity: "warning" });
  }
  const byKey = new Map<string, string>();
  for (const [command, key] of Object.entries(config.hotkeys)) {
    const other = byKey.get(key);
    if (other) problems.push({ path: `hotkeys.${command}`, message: `key ${JSON.stringify(key)} is also bound to ${other}`, severity: "warning" });
    else byKey.set(key, command);
  }
  return { config, problems };
}

/** `datasetConfigFromJson` on JSON text; a JSON syntax error is reported and the defaults are used. Never throws. */
export function parseDatasetConfig(text: string): DatasetConfigResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { config: defaultDatasetConfig(), problems: [{ path: "(document)", message: `not valid JSON (${(e as Error).message}); using the defaults`, severity: "error" }] };
  }
  return datasetConfigFromJson(raw);
}
