/**
 * Export jobs as the app runs them: preview of the selection and the files, an export polled to its end, cancel leaving
 * nothing behind, and refusals that name the folder.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createServices } from "../../ipc/createHandlers.ts";
import { ExportJobs } from "./exportJobs.ts";

const SAMPLE = fileURLToPath(new URL("../../../assets/sample/", import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-export-jobs-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function until(jobs: ExportJobs, jobId: string) {
  for (;;) {
    const p = jobs.status(jobId)!;
    if (p.state !== "running") return p;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("ExportJobs", () => {
  const dataset = path.join(tmp, "dataset");
  fs.cpSync(SAMPLE, dataset, { recursive: true });

  it("previews, exports to a folder next to the dataset, then refuses to overwrite without force", async () => {
    const jobs = new ExportJobs(dataset);
    const preview = await jobs.preview({ format: "csv", out: "export-csv" });
    expect(preview).toMatchObject({ annotator: null, out: path.join(tmp, "export-csv"), outExists: false, error: null });
    expect(preview.episodes.map((e) => [e.path, e.selected, e.status])).toEqual([
      ["pick_cube_001.mcap", true, "unreviewed"],
      ["pick_cube_002.mcap", true, "unreviewed"],
    ]);
    expect((await jobs.preview({ format: "csv", out: "x", outcome: ["success"] })).episodes.every((e) => !e.selected)).toBe(true);
    const done = await until(jobs, (await jobs.start({ format: "csv", out: "export-csv" })).jobId);
    expect(done).toMatchObject({ state: "done", done: 2, total: 2 });
    expect(done.summary!.exported).toBe(2);
    expect(fs.existsSync(path.join(tmp, "export-csv", "episodes.csv"))).toBe(true);
    await expect(jobs.start({ format: "csv", out: "export-csv" })).rejects.toThrow(/export-csv exists/);
    expect((await jobs.preview({ format: "csv", out: "export-csv" })).outExists).toBe(true);
  });

  it("serving one file (episcope serve file.mcap) exports just that episode, never its siblings", async () => {
    const services = createServices(dataset, "pick_cube_002.mcap", { id: "alice", name: "Alice" }, "serve", "0.0.0", path.join(tmp, "settings.json"), null);
    try {
      const preview = await services.exports.preview({ format: "csv", out: "export-one" });
      expect(preview.episodes.map((e) => e.path)).toEqual(["pick_cube_002.mcap"]);
      const done = await until(services.exports, (await services.exports.start({ format: "csv", out: "export-one" })).jobId);
      expect(done).toMatchObject({ state: "done", done: 1, total: 1 });
      expect(done.summary!.episodes.map((e) => e.path)).toEqual(["pick_cube_002.mcap"]);
    } finally {
      services.episodes.close();
    }
  });

  it("the preview says what will be written per camera and per label before anything is written", async () => {
    const jobs = new ExportJobs(dataset);
    const lerobot = (await jobs.preview({ format: "lerobot", out: "preview-lerobot" })).plan!;
    expect(lerobot).toMatchObject({ episode: "pick_cube_001.mcap", error: null, steps: "on the messages of /action (50 Hz)" });
    expect(lerobot.cameras).toEqual([
      "/cam_high (h264, 30 Hz) → videos/observation.images.cam_high/…mp4: re-encoded to AV1 (libsvtav1, or libaom-av1 for pictures under 64 px a side; yuv420p, g 2, crf 30) at 50 fps, one frame per step = the latest frame at or before it",
      "/cam_left_wrist (jpeg, 15 Hz) → videos/observation.images.cam_left_wrist/…mp4: re-encoded to AV1 (libsvtav1, or libaom-av1 for pictures under 64 px a side; yuv420p, g 2, crf 30) at 50 fps, one frame per step = the latest frame at or before it",
      "/cam_right_wrist (h264, 30 Hz) → videos/observation.images.cam_right_wrist/…mp4: re-encoded to AV1 (libsvtav1, or libaom-av1 for pictures under 64 px a side; yuv420p, g 2, crf 30) at 50 fps, one frame per step = the latest frame at or before it",
    ]);
    expect(lerobot.labels[0]).toBe("action: /action, the latest message at or before each step");
    expect(lerobot.labels[1]).toContain("episcope.segment.recovery");
    expect((await jobs.preview({ format: "lerobot", out: "p", fps: 30 })).plan!.cameras[0]).toMatch(/H\.264 remuxed when its frames line up/);
    expect((await jobs.preview({ format: "rlds", out: "p" })).plan!.cameras[1]).toMatch(/steps\/observation\/cam_left_wrist: the source JPEG bytes per step/);
    expect(fs.existsSync(path.join(tmp, "preview-lerobot"))).toBe(false);
  });

  it("cancels leaving nothing under the output name; refuses outputs inside the dataset", async () => {
    const jobs = new ExportJobs(dataset);
    const started = await jobs.start({ format: "json", out: path.join(tmp, "cancelled") });
    const stopped = await jobs.cancel(started.jobId);
    expect(stopped.state).toBe("cancelled");
    expect(fs.existsSync(path.join(tmp, "cancelled"))).toBe(false);
    await expect(jobs.start({ format: "json", out: path.join(dataset, "inside") })).rejects.toThrow(/must not be inside the dataset folder/);
    expect(() => jobs.status("export-99")).toThrow(/no export job export-99/);
  });
});
