import { spawn } from "node:child_process";
import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomic } from "./atomicWrite.ts";

describe("writeFileAtomic", () => {
  it("replaces the content and leaves no temp file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "episcope-atomic-"));
    const file = join(dir, "nested", "doc.json");
    await writeFileAtomic(file, "one");
    await writeFileAtomic(file, "two");
    expect(await readFile(file, "utf8")).toBe("two");
    expect(await readdir(join(dir, "nested"))).toEqual(["doc.json"]);
  });

  it("never leaves a torn file when the writer is killed (SIGKILL) mid-stream", async () => {
    const dir = await mkdtemp(join(tmpdir(), "episcope-atomic-kill-"));
    const file = join(dir, "doc.json");
    // A real child process writes large, self-checking documents in a loop until it is killed.
    const script = `
      import { writeFileAtomic } from ${JSON.stringify(new URL("./atomicWrite.ts", import.meta.url).pathname)};
      let i = 0;
      for (;;) {
        const body = "x".repeat(200000 + (i % 7) * 10000);
        await writeFileAtomic(${JSON.stringify(file)}, JSON.stringify({ i, body, length: body.length }));
        if (i++ === 0) process.stdout.write("first\\n");
      }`;
    for (let round = 0; round < 5; round++) {
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
      await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
      await new Promise((r) => setTimeout(r, 20 + round * 37));
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
      const doc = JSON.parse(await readFile(file, "utf8")) as { body: string; length: number };
      expect(doc.body.length).toBe(doc.length);
    }
  });
});
