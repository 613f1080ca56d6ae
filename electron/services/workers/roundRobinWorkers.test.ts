/**
 * RoundRobinWorkers: real worker threads (a one-line script that answers every message with its own thread id).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { RoundRobinWorkers } from "./roundRobinWorkers.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-round-robin-"));
const file = path.join(dir, "echo.mjs");
fs.writeFileSync(file, 'import { parentPort, threadId } from "node:worker_threads";\nparentPort.on("message", () => parentPort.postMessage(threadId));\n');
const workers = new RoundRobinWorkers<number>(3, () => ({ url: pathToFileURL(file), file }), () => undefined, () => undefined);
afterAll(async () => {
  await workers.terminate();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("RoundRobinWorkers", () => {
  it("pickWhere takes the next worker that fits, in turn among those, and falls back to pick when none does", () => {
    workers.startAll();
    const all: Worker[] = [];
    workers.each((w) => all.push(w));
    expect(all).toHaveLength(3);
    const [a, b, c] = all as [Worker, Worker, Worker];
    expect([workers.pickWhere((w) => w === c), workers.pickWhere((w) => w === c)]).toEqual([c, c]);
    const twoOfThree = Array.from({ length: 4 }, () => workers.pickWhere((w) => w !== b));
    expect(twoOfThree.filter((w) => w === a)).toHaveLength(2);
    expect(twoOfThree.filter((w) => w === c)).toHaveLength(2);
    expect(new Set(Array.from({ length: 3 }, () => workers.pickWhere(() => false)))).toEqual(new Set(all));
  });
});
