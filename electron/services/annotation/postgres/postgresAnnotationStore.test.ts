/**
 * The PostgreSQL team store beyond the shared suite: 20 clients with their own connections (as 20 serve processes)
 * lose nothing, every save leaves an audit row, migrations are recorded once, and a writer killed with SIGKILL loses
 * no acknowledged save.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addSegmentWithRetry, alice, marked } from "../annotationStoreSuite.ts";
import { migrate } from "./migrate.ts";
import { startPostgres, type PostgresTestServer } from "./postgresTestServer.ts";
import { openTeamStore, type TeamStore } from "./teamStore.ts";

let server: PostgresTestServer;
let admin: TeamStore;
beforeAll(async () => {
  server = await startPostgres();
  admin = await openTeamStore(server.url, "admin");
}, 120_000);
afterAll(async () => {
  await admin?.close();
  await server?.stop();
});

describe("PostgresAnnotationStore", () => {
  it("20 clients with their own connections, each adding a segment, lose nothing; the audit trail has every revision", async () => {
    const clients = await Promise.all(Array.from({ length: 20 }, () => openTeamStore(server.url, "concurrent", 1)));
    try {
      const conflicts = await Promise.all(clients.map((team, i) => addSegmentWithRetry(team.store(alice), "a.mcap", i)));
      const final = (await clients[0]!.store(alice).load("a.mcap"))!;
      expect(final.segments.map((s) => s.id).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `c${i}`).sort());
      expect(final.revision).toBe(20);
      expect(conflicts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0); // they did collide
      const { rows } = await admin.pool.query(
        "SELECT revision, actor_id, action FROM annotation_audit WHERE dataset = 'concurrent' ORDER BY revision",
      );
      expect(rows.map((r) => r.revision)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(new Set(rows.map((r) => `${r.actor_id}/${r.action}`))).toEqual(new Set(["alice/save"]));
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });

  it("records migrations once, whoever starts first; the review status is queryable", async () => {
    expect(await migrate(admin.pool)).toEqual([]);
    const { rows } = await admin.pool.query("SELECT version, name FROM schema_migrations");
    expect(rows).toEqual([{ version: 1, name: "initial" }, { version: 2, name: "document origin" }, { version: 3, name: "accounts" }]);
    await admin.store(alice).save("q.mcap", marked("q.mcap"));
    const review = await admin.pool.query("SELECT review_status, review_outcome FROM annotation_documents WHERE dataset = 'admin'");
    expect(review.rows).toEqual([{ review_status: "unreviewed", review_outcome: "failure" }]);
  });

  it("a writer killed with SIGKILL mid-loop loses no acknowledged save (5 kills)", async () => {
    const child = fileURLToPath(new URL("./durabilityChild.ts", import.meta.url));
    for (let kill = 0; kill < 5; kill++) {
      // node itself runs the writer (the tsx bin would put a second process between, which SIGKILL would not reach).
      const proc = spawn(process.execPath, ["--import", "tsx", child, server.url, "killed"], { stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      proc.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const acks: { revision: number; sha256: string }[] = [];
      const target = 20 + kill * 7;
      await new Promise<void>((resolve, reject) => {
        let buffered = "";
        proc.once("exit", () => reject(new Error(`writer exited early: ${stderr}`)));
        proc.stdout.on("data", (d: Buffer) => {
          buffered += d.toString();
          for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
            const [, revision, hash] = buffered.slice(0, nl).split(" ");
            buffered = buffered.slice(nl + 1);
            acks.push({ revision: Number(revision), sha256: hash! });
            if (acks.length === target) {
              proc.removeAllListeners("exit");
              proc.kill("SIGKILL");
              proc.once("exit", () => resolve());
            }
          }
        });
      });
      const last = acks.at(-1)!;
      const stored = await admin.pool.query("SELECT revision FROM annotation_documents WHERE dataset = 'killed'");
      // The one in flight may have committed too; never less than the last acknowledged.
      expect(stored.rows[0].revision).toBeGreaterThanOrEqual(last.revision);
      const audit = await admin.pool.query("SELECT revision, sha256 FROM annotation_audit WHERE dataset = 'killed'");
      const kept = new Map(audit.rows.map((r) => [r.revision as number, r.sha256 as string]));
      for (const ack of acks) expect(kept.get(ack.revision)).toBe(ack.sha256);
    }
  });
});
