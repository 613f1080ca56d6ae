/**
 * The CLI as a user runs it (`node bin/episcope.mjs`: the bundle `npm run build` makes, as `npm test` does before the
 * unit tests), its stdout into a pipe: every data-printing
 * command writes all its output before it exits, also into a slow reader (the pipe fills: 64 KiB), and a reader that
 * goes away early (`| head -1`) ends it quietly. `--help` on every command.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findRepoRoot } from "../services/episode/mmapAddon.ts";

const root = findRepoRoot()!;
const ZOO = `${process.env.EPISCOPE_SHARED_DATA}/mcap/ros2_message_zoo.mcap`;
const SAMPLE = path.join(root, "assets", "sample");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-pipes-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Run `episcope <args>` with stdout piped into `reader` (a shell command); the reader's stdout, the CLI's exit code and stderr. */
function piped(args: string, reader: string): { read: string; code: number; stderr: string } {
  const errFile = path.join(tmp, `stderr-${Math.random().toString(36).slice(2)}`);
  const result = spawnSync(
    "bash",
    ["-c", `node bin/episcope.mjs ${args} 2>${errFile} | ${reader}; echo "exit=\${PIPESTATUS[0]}"`],
    { cwd: root, encoding: "utf8", maxBuffer: 1 << 30 },
  );
  const lines = result.stdout.split("\n");
  const exit = lines.filter((l) => l.startsWith("exit=")).pop()!;
  const stderr = fs.readFileSync(errFile, "utf8");
  return { read: result.stdout.slice(0, result.stdout.lastIndexOf(exit)), code: Number(exit.slice(5)), stderr };
}

/** The same command's stdout written to a file (never cut). */
function toFile(args: string): string {
  const file = path.join(tmp, `out-${Math.random().toString(36).slice(2)}`);
  spawnSync("bash", ["-c", `node bin/episcope.mjs ${args} > ${file}`], { cwd: root });
  return fs.readFileSync(file, "utf8");
}

/** A slow reader: the pipe fills before it reads, so the writer must wait for it. */
const SLOW_WC_L = "(sleep 1; wc -l)";
const SLOW_WC_C = "(sleep 1; wc -c)";

describe("CLI output through pipes", () => {
  it("cat --json | wc -l equals the message count, and --bytes base64 is not cut at 65,536 bytes", () => {
    const count = JSON.parse(toFile(`info ${ZOO} --json`)).channels.find((c: { topic: string }) => c.topic === "/image").messageCount as number;
    const lines = piped(`cat ${ZOO} --topic /image --json`, SLOW_WC_L);
    expect(lines).toMatchObject({ code: 0, stderr: "" });
    expect(Number(lines.read.trim())).toBe(count);

    const whole = toFile(`cat ${ZOO} --topic /image --json --bytes base64`);
    expect(whole.length).toBeGreaterThan(1_000_000); // a 640×480 rgb8 image is 921,600 bytes before base64
    const bytes = piped(`cat ${ZOO} --topic /image --json --bytes base64`, SLOW_WC_C);
    expect(bytes).toMatchObject({ code: 0, stderr: "" });
    expect(Number(bytes.read.trim())).toBe(Buffer.byteLength(whole));
  });

  it("cat into a reader that stops early (| head -1) ends quietly with exit 0", () => {
    const result = piped(`cat ${ZOO} --topic /image --json --bytes base64`, "head -c 100 > /dev/null");
    expect(result).toMatchObject({ code: 0, stderr: "" });
  });

  it("info --json and info are complete through a slow pipe", () => {
    for (const args of [`info ${ZOO} --json`, `info ${ZOO}`]) {
      const whole = toFile(args);
      const result = piped(args, SLOW_WC_C);
      expect(result).toMatchObject({ code: 0, stderr: "" });
      expect(Number(result.read.trim())).toBe(Buffer.byteLength(whole));
    }
  });

  it("index --json and validate --json are complete through a slow pipe", () => {
    const dataset = path.join(tmp, "dataset");
    fs.cpSync(SAMPLE, dataset, { recursive: true });
    toFile(`index ${dataset}`); // the cache, so that both runs below print the same
    const stable = (text: string) => text.replace(/"elapsedMs": \d+/g, '"elapsedMs": 0');
    for (const args of [`index ${dataset} --json`, `validate ${dataset} --json`]) {
      const whole = toFile(args);
      expect(whole.length).toBeGreaterThan(0);
      const result = piped(args, "(sleep 1; cat)");
      expect(result.code).toBe(0);
      expect(stable(result.read)).toBe(stable(whole));
    }
  });

  it("--help works on every command", () => {
    const commands = ["serve", "info", "cat", "import", "validate", "index", "export", "agreement"];
    const result = spawnSync("bash", ["-c", commands.map((c) => `node bin/episcope.mjs ${c} --help; echo "exit=$?"`).join("; ")], { cwd: root, encoding: "utf8" });
    expect(result.stderr).toBe("");
    const blocks = result.stdout.split(/^exit=(\d+)\n/m);
    commands.forEach((command, k) => {
      expect(blocks[2 * k], command).toMatch(new RegExp(`^usage: episcope ${command}\\b`));
      expect(blocks[2 * k + 1], command).toBe("0");
    });
  });
});
