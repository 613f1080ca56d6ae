/** `episcope store import|export` against a real PostgreSQL: files → PostgreSQL → files is byte-for-byte lossless. */
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { AnnotationMainService } from "../services/annotation/annotationMainService.ts";
import { alice, marked } from "../services/annotation/annotationStoreSuite.ts";
import { startPostgres, type PostgresTestServer } from "../services/annotation/postgres/postgresTestServer.ts";
import { openTeamStore } from "../services/annotation/postgres/teamStore.ts";
import { runStore } from "./store.ts";

let server: PostgresTestServer;
beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(async () => server?.stop());

async function tree(dir: string): Promise<Record<string, string>> {
  const files = await readdir(dir, { recursive: true, withFileTypes: true });
  const out: Record<string, string> = {};
  for (const f of files.filter((e) => e.isFile())) out[join(f.parentPath, f.name).slice(dir.length)] = await readFile(join(f.parentPath, f.name), "utf8");
  return out;
}

it("imports every layer (damaged documents too) and exports them back byte for byte; the team store serves them", async () => {
  const source = await mkdtemp(join(tmpdir(), "episcope-store-src-"));
  await new AnnotationMainService(source, alice).save("sub/a.mcap", marked("sub/a.mcap"));
  await new AnnotationMainService(source, { id: "adjudicated", name: "Adjudicated by Lead" }).save("b.mcap", marked("b.mcap"));
  await mkdir(join(source, ".episcope/annotations/bob"), { recursive: true });
  await writeFile(join(source, ".episcope/annotations/bob/c.json"), '{"schema": "episcope.annotation/2", "revis');
  const lines: string[] = [];
  expect(await runStore(["import", source, "--store", server.url, "--dataset-key", "round-trip"], (l) => lines.push(l))).toBe(0);
  expect(lines[0]).toMatch(/^imported 3 annotation documents/);

  const team = await openTeamStore(server.url, "round-trip");
  expect((await team.store(alice).load("sub/a.mcap"))?.review.outcome).toBe("failure");
  expect((await team.store({ id: "bob", name: "Bob" }).open("c.mcap")).needsOverwrite).toBe(true);
  await team.close();

  const target = await mkdtemp(join(tmpdir(), "episcope-store-dst-"));
  expect(await runStore(["export", target, "--store", server.url, "--dataset-key", "round-trip"], (l) => lines.push(l))).toBe(0);
  expect(lines[1]).toMatch(/^exported 3 annotation documents/);
  expect(await tree(join(target, ".episcope/annotations"))).toEqual(await tree(join(source, ".episcope/annotations")));
});
