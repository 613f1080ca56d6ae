/**
 * Importing a dataset writes the labels its source claims as a read-only annotation layer: BridgeData's (RLDS) language
 * instruction and per-step rewards, checked against the TFRecord-derived /step channel, resolved per step exactly, and
 * valid for `episcope validate`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { annotationFromJson } from "../../../shared/annotation.ts";
import { rewardSeries } from "../../../shared/annotation/rewardSeries.ts";
import { validateDataset } from "../annotation/validateDataset.ts";
import { LoadedEpisode } from "../episode/loadedEpisode.ts";
import { importedAnnotator } from "./importedLabelLayer.ts";
import { importSource } from "./importSource.ts";

const BRIDGE = `${process.env.EPISCOPE_SHARED_DATA}/rlds/bridge_debug/1.0.0`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-import-labels-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("imported labels layer", () => {
  it("names the layer after the source, in the annotator id alphabet", () => {
    expect(importedAnnotator("rlds:bridge_dataset")).toEqual({ id: "import.rlds.bridge_dataset", name: "rlds:bridge_dataset (imported labels)" });
    expect(importedAnnotator("lerobot:lerobot/aloha sim")).toMatchObject({ id: "import.lerobot.lerobot.aloha.sim" });
  });

  it("RLDS import: one document per episode with the instruction and every step's reward; valid", async () => {
    const out = path.join(tmp, "bridge");
    const report = await importSource(BRIDGE, { outDir: out, rateHz: null });
    const written = report.episodes.filter((e) => e.output);
    expect(written.length).toBe(50); // train and val splits, 25 each
    const layerDir = path.join(out, ".episcope", "annotations", "import.rlds.bridge_dataset");
    for (const e of written.slice(0, 5)) {
      const rel = path.relative(out, e.output!).split(path.sep).join("/");
      const doc = annotationFromJson(JSON.parse(fs.readFileSync(path.join(layerDir, rel.replace(/\.mcap$/, ".json")), "utf8")));
      const episode = await LoadedEpisode.open({ episodeId: "x", absPath: e.output!, relPath: rel });
      try {
        const task = episode.summary.metadata?.find((m) => m.name === "episode")?.entries.task;
        expect(task).toBeTruthy();
        expect(doc.instructions.map((i) => i.text)).toEqual([task]);
        const step = episode.series("/step");
        const reward = step.values[step.fields.findIndex((f) => f.label === "reward")]!;
        const resolved = rewardSeries(doc.rewards!, episode.summary.startNs, episode.summary.endNs, step.logTimesNs);
        expect(resolved.stepTimesNs.length).toBe(e.steps);
        expect(Array.from(resolved.rewards)).toEqual(Array.from(reward));
        expect(doc.episode.fingerprint.messageCount).toBe(episode.summary.messageCount);
      } finally {
        episode.close();
      }
    }
    const validation = await validateDataset(out);
    expect(validation.errors).toBe(0);
    expect(validation.documents.filter((d) => d.annotator === "import.rlds.bridge_dataset")).toHaveLength(50);
  });
});
