/**
 * Reads every annotator's review of every episode from `<root>/.episcope/annotations/<annotator>/**.json` (DESIGN §4),
 * for the dataset list, the queue and the overview. Files are re-read only when their size or mtime changed, so
 * polling a 1,000-episode dataset costs a stat per file. Damaged documents are skipped (the annotation service
 * reports and backs them up when the episode is opened).
 */
import fs from "node:fs";
import path from "node:path";
import { OUTCOMES, REVIEW_STATUSES } from "../../../shared/annotation/documentSchema.ts";
import type { Outcome, ReviewStatus } from "../../../shared/annotation.ts";
import type { AnnotatorReview } from "../../../shared/dataset/datasetRow.ts";
import { ANNOTATIONS_DIR } from "../annotation/annotationMainService.ts";

interface CachedFile {
  sizeBytes: number;
  mtimeMs: number;
  /** Null when the file is not a readable document. */
  parsed: { episodePath: string; review: AnnotatorReview } | null;
}

/** The review fields of a document's JSON, leniently; null when it is not an annotation document. */
export function reviewFromJson(raw: unknown, annotatorFolder: string): { episodePath: string; review: AnnotatorReview } | null {
  if (!raw || typeof raw !== "object") return null;
  const doc = raw as { episode?: { path?: unknown }; annotator?: { id?: unknown }; review?: Record<string, unknown>; updatedAt?: unknown };
  const episodePath = doc.episode?.path;
  if (typeof episodePath !== "string" || episodePath === "") return null;
  const r = doc.review ?? {};
  const status = REVIEW_STATUSES.includes(r.status as ReviewStatus) ? (r.status as ReviewStatus) : "unreviewed";
  const outcome = OUTCOMES.includes(r.outcome as Outcome) ? (r.outcome as Outcome) : null;
  const score = typeof r.score === "number" && Number.isInteger(r.score) && r.score >= 1 && r.score <= 5 ? r.score : null;
  const flags = Array.isArray(r.flags) ? r.flags.filter((f): f is string => typeof f === "string" && f !== "") : [];
  const segments = Array.isArray((raw as { segments?: unknown }).segments) ? ((raw as { segments: unknown[] }).segments) : [];
  const kinds = segments.map((s) => (s && typeof s === "object" ? (s as { kind?: unknown }).kind : undefined)).filter((k): k is string => typeof k === "string" && k !== "");
  const segmentKinds = [...new Set(kinds)].sort();
  const annotator = typeof doc.annotator?.id === "string" && doc.annotator.id !== "" ? doc.annotator.id : annotatorFolder;
  return {
    episodePath: episodePath.replace(/\\/g, "/"),
    review: { annotator, status, outcome, score, flags, segmentKinds, updatedAt: typeof doc.updatedAt === "string" ? doc.updatedAt : "" },
  };
}

/** Reads the reviews of one dataset folder, caching parsed files by fingerprint. */
export class ReviewReader {
  readonly #root: string;
  readonly #files = new Map<string, CachedFile>();

  /** @param root absolute dataset folder */
  constructor(root: string) {
    this.#root = root;
  }

  /** Every annotator's review, grouped by episode path (relative, POSIX). */
  read(): Map<string, AnnotatorReview[]> {
    const out = new Map<string, AnnotatorReview[]>();
    const base = path.join(this.#root, ANNOTATIONS_DIR);
    let annotators: fs.Dirent[];
    try {
      annotators = fs.readdirSync(base, { withFileTypes: true });
    } catch {
      return out;
    }
    const seen = new Set<string>();
    for (const a of annotators) {
      if (!a.isDirectory()) continue;
      this.#walk(path.join(base, a.name), a.name, seen, out);
    }
    for (const file of this.#files.keys()) if (!seen.has(file)) this.#files.delete(file);
    return out;
  }

  #walk(dir: string, annotator: string, seen: Set<string>, out: Map<string, AnnotatorReview[]>): void {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) {
        this.#walk(abs, annotator, seen, out);
        continue;
      }
      if (!e.name.endsWith(".json") || e.name.startsWith(".")) continue;
      seen.add(abs);
      const parsed = this.#parse(abs, annotator);
      if (!parsed) continue;
      const list = out.get(parsed.episodePath);
      if (list) list.push(parsed.review);
      else out.set(parsed.episodePath, [parsed.review]);
    }
  }

  #parse(file: string, annotator: string): CachedFile["parsed"] {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return null;
    }
    const cached = this.#files.get(file);
    if (cached && cached.sizeBytes === stat.size && cached.mtimeMs === stat.mtimeMs) return cached.parsed;
    let parsed: CachedFile["parsed"] = null;
    try {
      parsed = reviewFromJson(JSON.parse(fs.readFileSync(file, "utf8")), annotator);
    } catch {
      parsed = null;
    }
    this.#files.set(file, { sizeBytes: stat.size, mtimeMs: stat.mtimeMs, parsed });
    return parsed;
  }
}
