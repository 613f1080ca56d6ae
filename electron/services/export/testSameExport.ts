/**
 * Test helper: is one export folder the same export as another? The same files; the manifest, dataset card and README
 * equal once wall times and creation times are replaced (the only things two runs of one export may differ in); every
 * other file byte-equal unless the caller compares it another way (e.g. HDF5 read back, as it stores object times).
 */
import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";

/** Every file under `dir`, relative to it, sorted. */
export function exportFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Files that carry the run's own times. */
const TIMED_FILES = ["episcope-export.json", "dataset_card.json", "README.md"];
/** Wall times, frame rates of the run and creation times. */
const TIMES = /in [\d.]+ s \((?:\d+|∞) frames\/s\)|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g;

/** A timed file's content with its times replaced: text, or for JSON the parsed value with every `ms` replaced. */
export function normalizedExportFile(file: string): unknown {
  const text = fs.readFileSync(file, "utf8").replace(TIMES, "<time>");
  if (!file.endsWith(".json")) return text;
  return JSON.parse(text, (key, value: unknown) => (key === "ms" ? "<ms>" : value));
}

/**
 * Expect the export in `actual` to be the one in `expected` (see the file comment).
 * @param compare compares file `rel` (absolute paths `a` expected, `b` actual) its own way and returns true, or returns
 *   false to leave it to the byte comparison
 */
export async function expectSameExport(expected: string, actual: string, compare?: (rel: string, a: string, b: string) => Promise<boolean>): Promise<void> {
  expect(exportFiles(actual)).toEqual(exportFiles(expected));
  for (const rel of exportFiles(expected)) {
    const [a, b] = [path.join(expected, rel), path.join(actual, rel)];
    if (TIMED_FILES.includes(rel)) expect(normalizedExportFile(b), rel).toEqual(normalizedExportFile(a));
    else if (!(await compare?.(rel, a, b))) expect(fs.readFileSync(b).equals(fs.readFileSync(a)), `${rel} byte-equal`).toBe(true);
  }
}
