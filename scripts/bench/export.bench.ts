// `npm run bench export`: throughput of `episcope export` per format (steps/s and source MB/s) on a generated
// 20-episode labelled dataset (electron/services/export/labelledDatasetFixture.ts: H.264 camera, 100 Hz joints,
// 50 Hz actions, one annotation document each), against the baseline in the same run: reading the source episodes
// and writing the same number of bytes back out (the I/O floor any exporter pays). Best of ROUNDS.
// Cameras: frames/s per camera (steps written / time spent on the camera, from the export's per-camera report) when
// the H.264 camera is re-encoded (LeRobot at the 50 Hz action steps: AV1 by default, and H.264), resized (robomimic)
// or JPEG-encoded (RLDS), each beside the remux path (LeRobot at the camera's 30 fps) as the baseline.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { exportDataset } from "../../electron/services/export/exportDataset.ts";
import { EXPORT_FORMATS, type ExportOptions, type ExportSummary } from "../../electron/services/export/exportTypes.ts";
import { writeLabelledDataset } from "../../electron/services/export/labelledDatasetFixture.ts";
import type { Result } from "./benchResult.ts";

const ROUNDS = 3;
const EPISODES = 20;


const results: Result[] = [];

/** Per camera topic: steps written per second of time spent on it, over every episode of the export. */
function cameraFps(s: ExportSummary): Map<string, { fps: number; action: string }> {
  const out = new Map<string, { steps: number; ms: number; action: string }>();
  for (const e of s.episodes) {
    for (const c of e.cameras ?? []) {
      const t = out.get(c.topic) ?? { steps: 0, ms: 0, action: `${c.action} ${c.source}→${c.codec}` };
      t.steps += c.steps;
      t.ms += c.ms;
      out.set(c.topic, t);
    }
  }
  return new Map([...out].map(([topic, t]) => [topic, { fps: (t.steps * 1000) / t.ms, action: t.action }]));
}
const tmp = mkdtempSync(path.join(tmpdir(), "episcope-bench-export-"));
try {
  const dataset = path.join(tmp, "dataset");
  const files = (await writeLabelledDataset(dataset, EPISODES)).map((f) => path.join(dataset, f));
  const sourceMb = files.reduce((n, f) => n + statSync(f).size, 0) / 1e6;
  let actionSteps = 0;
  let remux = new Map<string, { fps: number; action: string }>();
  const cameraRuns: [string, ExportSummary][] = [];
  for (const format of EXPORT_FORMATS) {
    let best = Infinity;
    let summary: ExportSummary | null = null;
    for (let round = 0; round < ROUNDS; round++) {
      const out = path.join(tmp, `${format}-${round}`);
      const t0 = performance.now();
      // LeRobot at the camera rate so the video is remuxed; the others step on the 50 Hz action messages.
      summary = await exportDataset({ dataset, format, out, ...(format === "lerobot" ? { fps: 30 } : {}) });
      best = Math.min(best, (performance.now() - t0) / 1000);
      if (round < ROUNDS - 1) rmSync(out, { recursive: true, force: true });
    }
    const s = summary!;
    if (format === "robomimic") actionSteps = s.totalSteps;
    // Formats without a step table (mcap, json, csv) are counted in the dataset's 50 Hz action steps.
    const steps = s.totalSteps || actionSteps;
    let baseline = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      const t0 = performance.now();
      for (const f of files) {
        const bytes = readFileSync(f);
        const n = Math.min(bytes.length, Math.max(0, s.bytes / files.length));
        writeFileSync(path.join(tmp, "copy"), bytes.subarray(0, n));
      }
      baseline = Math.min(baseline, (performance.now() - t0) / 1000);
    }
    const note = `${s.exported} episodes, ${steps} steps, ${sourceMb.toFixed(1)} MB source → ${(s.bytes / 1e6).toFixed(2)} MB, best of ${ROUNDS}`;
    results.push({ name: `export ${format} steps/s`, value: steps / best, unit: "steps/s", note });
    results.push({ name: `export ${format} MB/s`, value: sourceMb / best, unit: "MB/s", baseline: sourceMb / baseline, note: "source MB/s; baseline: read the sources + write as many bytes" });
    console.error(`${format}: ${best.toFixed(3)} s, ${(steps / best).toFixed(0)} steps/s, ${(sourceMb / best).toFixed(1)} MB/s (baseline ${(sourceMb / baseline).toFixed(0)} MB/s)`);
    if (format === "lerobot") remux = cameraFps(s);
    if (format === "robomimic" || format === "rlds") cameraRuns.push([format, s]);
  }
  // Re-encoding: one round each (the encoder dominates; rounds would only repeat it).
  for (const [label, options] of [["lerobot av1 (default)", {}], ["lerobot h264", { videoCodec: "h264" }]] as [string, Partial<ExportOptions>][]) {
    const out = path.join(tmp, `reencode-${cameraRuns.length}`);
    cameraRuns.push([label, await exportDataset({ dataset, format: "lerobot", out, ...options })]);
    rmSync(out, { recursive: true, force: true });
  }
  for (const [label, s] of cameraRuns) {
    for (const [topic, c] of cameraFps(s)) {
      const base = remux.get(topic);
      results.push({ name: `camera ${topic} ${label} frames/s`, value: c.fps, unit: "frames/s", ...(base ? { baseline: base.fps } : {}), note: `${c.action}; baseline: ${base?.action ?? "no remux"} (LeRobot at 30 fps)` });
      console.error(`camera ${topic} ${label}: ${c.fps.toFixed(0)} frames/s (${c.action}); remux ${base?.fps.toFixed(0) ?? "-"} frames/s`);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

writeFileSync(process.env.EPISCOPE_BENCH_OUT ?? "/dev/stdout", JSON.stringify({ suite: "export", results }, null, 2));
