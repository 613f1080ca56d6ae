/**
 * No acknowledged metadata update is lost: two `episcope serve` processes on one dataset folder take 20 concurrent
 * `dataset.setMetadata` calls (read-modify-write of one `.episcope/episodes.json`) and every value survives; the same
 * within one process. Real CLI processes, real HTTP, real files.
 */
import { cp, link, mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMetadataTable } from "../electron/services/dataset/metadataTableFile.ts";
import { httpApi } from "./harness/httpApi.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const SAMPLE_EPISODE = fileURLToPath(new URL("../assets/sample/pick_cube_001.mcap", import.meta.url));
const EPISODES = Array.from({ length: 10 }, (_, i) => `ep${String(i).padStart(2, "0")}.mcap`);

let dataset: string;
let serveA: ServeProcess;
let serveB: ServeProcess;

beforeAll(async () => {
  dataset = await mkdtemp(join(tmpdir(), "episcope-e2e-lock-"));
  await mkdir(join(dataset, "src"));
  await cp(SAMPLE_EPISODE, join(dataset, "src", "ep.bin"));
  // Hard links: ten episodes for the price of one file.
  for (const name of EPISODES) await link(join(dataset, "src", "ep.bin"), join(dataset, name));
  [serveA, serveB] = await Promise.all([startServe(dataset), startServe(dataset)]);
});

afterAll(async () => {
  await serveA?.stop();
  await serveB?.stop();
});

describe("metadata writes", () => {
  it("keeps all 20 concurrent updates from two serve processes", async () => {
    const [a, b] = [httpApi(serveA.url), httpApi(serveB.url)];
    // 10 episodes × 2 fields; each server gets every other call, all in flight at once.
    const calls = EPISODES.flatMap((path, i) => [
      (i % 2 ? a : b).dataset.setMetadata({ path, fields: { operator: `op_${i}` } }),
      (i % 2 ? b : a).dataset.setMetadata({ path, fields: { task: `task ${i}` } }),
    ]);
    expect(calls).toHaveLength(20);
    await Promise.all(calls);
    const { table } = readMetadataTable(dataset);
    EPISODES.forEach((path, i) => expect(table[path], path).toMatchObject({ operator: `op_${i}`, task: `task ${i}` }));
  });

  it("keeps all 20 concurrent updates within one process", async () => {
    const a = httpApi(serveA.url);
    await Promise.all(EPISODES.flatMap((path, i) => [
      a.dataset.setMetadata({ path, fields: { robot: `robot-${i}` } }),
      a.dataset.setMetadata({ path, fields: { scene: `scene-${i}` } }),
    ]));
    const { table } = readMetadataTable(dataset);
    EPISODES.forEach((path, i) =>
      expect(table[path], path).toMatchObject({ operator: `op_${i}`, task: `task ${i}`, robot: `robot-${i}`, scene: `scene-${i}` }),
    );
  });
});
