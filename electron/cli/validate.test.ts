import { copyFile, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { emptyAnnotation, serializeAnnotation, type AnnotationDocument } from "../../shared/annotation.ts";
import type { EpisodeSummary } from "../../shared/episode.ts";
import { summarizeEpisodeFile } from "../services/episode/episodeMainService.ts";
import { runValidate } from "./validate.ts";

const sample = fileURLToPath(new URL("../../assets/sample/pick_cube_001.mcap", import.meta.url));
const S = 1_000_000_000n;
let summary: EpisodeSummary;

beforeAll(async () => {
  summary = await summarizeEpisodeFile(sample);
});

/** A temp dataset holding a copy of the bundled sample episode (the repo's own asset, never written to). */
async function dataset(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "episcope-validate-"));
  await copyFile(sample, join(root, "pick_cube_001.mcap"));
  return root;
}

function goodDocument(annotator: string, path = "pick_cube_001.mcap"): AnnotationDocument {
  const { sizeBytes, startNs, endNs, messageCount } = summary;
  const doc = emptyAnnotation(path, { sizeBytes, startNs, endNs, messageCount }, { id: annotator, name: annotator });
  doc.review = { status: "accepted", outcome: "success", score: 4, flags: ["hesitation"], note: "" };
  doc.segments.push({ id: "s", kind: "hesitation", startNs: startNs + S, endNs: startNs + 2n * S, note: "", camera: null });
  doc.chunks.push(
    { id: "c1", primitive: "reach", startNs, endNs: startNs + 3n * S, parentId: null, note: "" },
    { id: "c2", primitive: "grasp", startNs: startNs + 3n * S, endNs, parentId: null, note: "" },
  );
  doc.instructions.push({ id: "i", scope: "episode", text: "hand the cube over", paraphrases: ["pass the cube", "transfer the cube", "give the cube to the right arm"], flags: { negative: false, ambiguous: false }, language: "en" });
  return doc;
}

async function put(root: string, rel: string, text: string): Promise<void> {
  await mkdir(dirname(join(root, rel)), { recursive: true });
  await writeFile(join(root, rel), text);
}

async function run(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runValidate(args, (line) => lines.push(line));
  return { code, lines };
}

describe("episcope validate", () => {
  it("exits 0 when every document is valid against the schema and the real episode", async () => {
    const root = await dataset();
    await put(root, ".episcope/annotations/alice/pick_cube_001.json", serializeAnnotation(goodDocument("alice")));
    // Hidden files (temp files of interrupted writes) are not documents.
    await put(root, ".episcope/annotations/alice/.pick_cube_001.json.123.abcd.tmp", "{");
    const { code, lines } = await run([root]);
    expect(lines).toEqual([".episcope/annotations/alice/pick_cube_001.json: ok", "checked 1 annotation document: 0 errors, 0 warnings"]);
    expect(code).toBe(0);
  });

  it("lists each problem with its file and field path, and exits 1", async () => {
    const root = await dataset();
    await put(root, ".episcope/annotations/alice/pick_cube_001.json", serializeAnnotation(goodDocument("alice")));
    const bad = goodDocument("bob");
    bad.segments[0]!.endNs = summary.endNs + 5n * S; // past the end of the episode
    bad.chunks[1]!.startNs = summary.startNs + 2n * S; // overlaps c1
    bad.instructions[0]!.paraphrases = ["pass the cube"]; // fewer than the config's 3: a warning
    const badJson = JSON.parse(serializeAnnotation(bad));
    badJson.instructions.push({ id: "j", text: "  " }); // empty instruction
    await put(root, ".episcope/annotations/bob/pick_cube_001.json", JSON.stringify(badJson));
    await put(root, ".episcope/annotations/bob/gone/ep_009.json", serializeAnnotation(goodDocument("bob", "gone/ep_009.mcap")));
    await put(root, ".episcope/annotations/carol/pick_cube_001.json", '{"schema": "episcope.annotation/2", "revi');
    await put(root, ".episcope/config.json", JSON.stringify({ paraphraseMinimum: "three" }));
    const { code, lines } = await run([root]);
    expect(code).toBe(1);
    const end = summary.endNs - summary.startNs;
    const seconds = (ns: bigint) => `${ns / S}.${String((ns % S) / 1_000_000n).padStart(3, "0")}`;
    expect(lines).toEqual([
      ".episcope/config.json: error paraphraseMinimum: Invalid input: expected number, received string; using the default",
      ".episcope/annotations/alice/pick_cube_001.json: ok",
      ".episcope/annotations/bob/gone/ep_009.json: error episode.path: " + lines.find((l) => l.includes("gone/ep_009.json: error"))!.split("error episode.path: ")[1],
      ".episcope/annotations/bob/pick_cube_001.json: error instructions.1.text: instruction text must not be empty",
      `.episcope/annotations/bob/pick_cube_001.json: error segments.0.endNs: time ${seconds(end + 5n * S)} s is outside the episode (0.000 s – ${seconds(end)} s)`,
      `.episcope/annotations/bob/pick_cube_001.json: error chunks.1.startNs: chunk [2.000 s, ${seconds(end)} s] overlaps chunks.0 [0.000 s, 3.000 s]`,
      ".episcope/annotations/bob/pick_cube_001.json: warning instructions.0.paraphrases: 1 paraphrase(s); the dataset asks for at least 3",
      expect.stringMatching(/^\.episcope\/annotations\/carol\/pick_cube_001\.json: error \(document\): not valid JSON/),
      "checked 4 annotation documents: 6 errors, 1 warning",
    ]);
    expect(lines[2]).toMatch(/cannot open the episode gone\/ep_009\.mcap: .*ep_009\.mcap/);
  });

  it("--json reports the same as one object, and refuses a missing dataset", async () => {
    const root = await dataset();
    const moved = goodDocument("dan");
    moved.episode.fingerprint.sizeBytes += 1;
    await put(root, ".episcope/annotations/dan/pick_cube_001.json", serializeAnnotation(moved));
    const { code, lines } = await run([root, "--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(lines.join("\n"));
    expect(report).toMatchObject({ valid: true, errors: 0, warnings: 1, dataset: root });
    expect(report.documents[0]).toMatchObject({
      file: ".episcope/annotations/dan/pick_cube_001.json",
      episode: "pick_cube_001.mcap",
      annotator: "dan",
      problems: [{ path: "episode.fingerprint.sizeBytes", severity: "warning" }],
    });
    await expect(run([join(root, "nope")])).rejects.toThrow(/nope: no such dataset folder/);
    await expect(run([])).rejects.toThrow(/expected one DATASET/);
  });

  it("says so when a dataset has no annotations yet", async () => {
    const root = await dataset();
    expect(await run([root])).toEqual({ code: 0, lines: [`no annotation documents under ${root}/.episcope/annotations`] });
  });
});
