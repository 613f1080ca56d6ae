import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runExport } from "./export.ts";

const SAMPLE = path.resolve(import.meta.dirname, "../../assets/sample");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-export-cli-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function run(...args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runExport(args, (l) => stdout.push(l), (l) => stderr.push(l));
  return { code, stdout, stderr };
}

describe("episcope export", () => {
  it("exports the sample to LeRobot at --fps 30, one line per episode with staleness, notes and a total", async () => {
    const out = path.join(tmp, "lerobot");
    const { code, stdout, stderr } = await run(SAMPLE, "--format", "lerobot", "--out", out, "--fps", "30");
    expect(stderr).toEqual([]);
    expect(code).toBe(0);
    expect(stdout[0]).toMatch(/^ok {6}pick_cube_001\.mcap \(360 steps; max staleness \/joint_states 9\.7 ms, \/action 16\.3 ms, /);
    // the 15 fps JPEG camera is re-encoded (AV1, one frame per step); /cam_high runs 3 ms ahead of /cam_right_wrist
    // (where the steps start): each step still shows its own frame, so both H.264 cameras are remuxed
    expect(stdout.find((l) => l.startsWith("note: camera /cam_left_wrist → observation.images.cam_left_wrist: "))).toMatch(/: re-encoded jpeg→av1 320×240 in 2 episodes, 840 steps/);
    expect(stdout.find((l) => l.startsWith("note: camera /cam_high → "))).toMatch(/: remuxed h264 320×240 in 2 episodes/);
    expect(stdout.find((l) => l.startsWith("note: camera /cam_right_wrist → "))).toMatch(/: remuxed h264 320×240 in 2 episodes/);
    expect(stdout.at(-1)).toMatch(new RegExp(`^exported 2 of 2 episodes \\(lerobot, 840 steps, \\d+ bytes\\) into ${out}$`));
    expect(fs.existsSync(path.join(out, "meta/info.json"))).toBe(true);
  });

  it("--json prints the summary; a second run without --force is refused (exit 1) and with --force succeeds", async () => {
    const out = path.join(tmp, "csv");
    const first = await run(SAMPLE, "--format", "csv", "--out", out, "--json");
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout.join("\n"))).toMatchObject({ format: "csv", exported: 2, failed: 0 });
    const again = await run(SAMPLE, "--format", "csv", "--out", out);
    expect(again.code).toBe(1);
    expect(again.stderr[0]).toMatch(/already exists: choose another --out or pass --force/);
    expect((await run(SAMPLE, "--format", "csv", "--out", out, "--force")).code).toBe(0);
  });

  it("per-episode failures are listed and give exit 1; --status selects", async () => {
    const failing = await run(SAMPLE, "--format", "rlds", "--out", path.join(tmp, "rlds"), "--action", "/nope");
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain("failed  pick_cube_001.mcap: action topic /nope is not in this episode");
    expect(failing.stdout.at(-1)).toBe(`exported 0 of 2 episodes: nothing written to ${path.join(tmp, "rlds")}`);
    const none = await run(SAMPLE, "--format", "json", "--out", path.join(tmp, "sel"), "--status", "accepted");
    expect(none.stdout[0]).toBe("skipped pick_cube_001.mcap: not selected (status unreviewed, outcome none)");
    const byTask = await run(SAMPLE, "--format", "json", "--out", path.join(tmp, "task"), "--task", "transfer the cube from the left gripper to the right", "--task", "other");
    expect(byTask.code).toBe(0);
    expect(byTask.stdout.at(-1)).toMatch(/^exported 2 of 2 episodes/);
    const noTask = await run(SAMPLE, "--format", "json", "--out", path.join(tmp, "task2"), "--task", "stack the blocks");
    expect(noTask.stdout.at(-1)).toMatch(/^exported 0 of 2 episodes/);
  });

  it("usage errors exit 2", async () => {
    expect((await run(SAMPLE, "--out", path.join(tmp, "u"))).code).toBe(2);
    expect((await run(SAMPLE, "--format", "parquet", "--out", path.join(tmp, "u"))).stderr[0]).toMatch(/--format must be one of lerobot, robomimic, rlds, mcap, json, csv/);
    expect((await run(SAMPLE, "--format", "json", "--out", path.join(tmp, "u"), "--fps", "0")).code).toBe(2);
  });
});
