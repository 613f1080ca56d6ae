/**
 * Test helper: a real, throwaway PostgreSQL 15 server (Debian's `postgresql` package). `initdb` into a temp folder,
 * `pg_ctl start` on a free loopback port with its socket in that folder, one database created; `stop()` stops it
 * (fast shutdown) and removes the folder. Run as root, the server runs as user `postgres` (it refuses root).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

/** A running test server. */
export interface PostgresTestServer {
  /** `postgres://postgres@127.0.0.1:<port>/<database>` (trust authentication, no password). */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Folder of Debian's PostgreSQL binaries (the newest installed major version, 15 on bookworm). */
export function postgresBinDir(): string {
  for (const major of ["17", "16", "15"]) {
    const dir = `/usr/lib/postgresql/${major}/bin`;
    if (existsSync(join(dir, "initdb"))) return dir;
  }
  throw new Error("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb): apt-get install postgresql");
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Start a server and create `database`.
 * @throws Error with the tool's output when initdb, pg_ctl or createdb fail.
 */
export async function startPostgres(database = "episcope_test"): Promise<PostgresTestServer> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), "episcope-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const ids = execFileSync("id", ["-u", "postgres"]).toString().trim() + ":" + execFileSync("id", ["-g", "postgres"]).toString().trim();
    const [uid, gid] = ids.split(":").map(Number);
    chownSync(dir, uid!, gid!);
  }
  const run = (tool: string, args: string[]) => {
    const argv = asRoot ? ["runuser", "-u", "postgres", "--", join(bin, tool), ...args] : [join(bin, tool), ...args];
    const result = spawnSync(argv[0]!, argv.slice(1), { encoding: "utf8", cwd: dir });
    if (result.status !== 0) throw new Error(`${tool} ${args.join(" ")} failed (${result.status}): ${result.stderr}${result.stdout}`);
  };
  const data = join(dir, "data");
  const user = asRoot ? "postgres" : userInfo().username;
  run("initdb", ["-D", data, "-U", user, "--auth=trust", "--encoding=UTF8", "--no-instructions", "-N"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c max_connections=100 -c shared_buffers=16MB`;
  run("pg_ctl", ["-D", data, "-l", join(dir, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
  run("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", user, database]);
  return {
    url: `postgres://${user}@127.0.0.1:${port}/${database}`,
    port,
    stop: async () => {
      run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
