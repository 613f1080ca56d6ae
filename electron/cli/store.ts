import { readdir, readFile } from "node:fs/promises";
import { basename, join, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { parseAnnotation } from "../../shared/annotation.ts";
import { EpiscopeError } from "../../shared/ipc/contract.ts";
import { ANNOTATIONS_DIR } from "../services/annotation/annotationMainService.ts";
import { writeFileAtomic } from "../services/annotation/atomicWrite.ts";
import { sha256 } from "../services/annotation/journal.ts";
import { documentName } from "../services/annotation/postgres/documentName.ts";
import { PROCESS_ORIGIN, writeDocument } from "../services/annotation/postgres/postgresAnnotationStore.ts";
import { addAccount, listAccounts, revokeAccount } from "../services/annotation/postgres/accounts.ts";
import { connectStore, openTeamStore, redactedUrl } from "../services/annotation/postgres/teamStore.ts";

/** Usage line of `episcope store`. */
export const STORE_USAGE = [
  "episcope store export|import DATASET --store postgres://… [--dataset-key KEY]   move every layer's labels between the files and PostgreSQL",
  "  episcope store user add NAME --role reviewer|annotator|lead --store postgres://…   create an account; prints its token once",
  "  episcope store user list|revoke NAME --store postgres://…   list the accounts / revoke one's token",
].join("\n");

/**
 * `episcope store import DATASET --store URL`: every document file under `DATASET/.episcope/annotations/<layer>/`
 * (every layer, damaged ones too) is stored byte for byte in the team store as dataset KEY (default: the folder's
 * name), one transaction, one audit row (`import`) each. `episcope store export …`: every document of dataset KEY is
 * written back to the files, byte for byte (atomic writes). Prints one summary line. `episcope store user …`: see
 * `runUser`.
 * @returns the exit code (0 ok, 2 usage).
 * @throws EpiscopeError `bad-store` when the server cannot be reached.
 */
export async function runStore(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { store: { type: "string" }, "dataset-key": { type: "string" }, role: { type: "string" } },
    allowPositionals: true,
  });
  if (positionals[0] === "user") return runUser(positionals.slice(1), values, out);
  const [direction, dataset] = positionals;
  if ((direction !== "export" && direction !== "import") || !dataset || positionals.length !== 2 || !values.store) {
    process.stderr.write(`usage: ${STORE_USAGE}\n`);
    return 2;
  }
  const root = resolve(dataset);
  const team = await openTeamStore(values.store, values["dataset-key"] ?? basename(root), 2);
  try {
    if (direction === "import") {
      const files = await documentFiles(join(root, ANNOTATIONS_DIR));
      const client = await team.pool.connect();
      try {
        await client.query("BEGIN");
        for (const file of files) {
          const [layer, ...rest] = relative(join(root, ANNOTATIONS_DIR), file).split(sep);
          const episode = rest.join("/").replace(/\.json$/i, "") + ".mcap";
          const body = await readFile(file, "utf8");
          let revision = 0;
          let updatedAt = new Date().toISOString();
          let review: { status: string; outcome: string | null } | null = null;
          try {
            const doc = parseAnnotation(body);
            ({ revision, updatedAt, review } = doc);
          } catch {
            // a damaged document is kept as it is: the store's open() salvages it like the file store
          }
          const previous = await client.query<{ revision: number; sha256: string }>(
            "SELECT revision, sha256 FROM annotation_documents WHERE dataset = $1 AND layer = $2 AND episode = $3",
            [team.dataset, layer, episode],
          );
          await writeDocument(client, {
            dataset: team.dataset, layer: layer!, episode, body, sha256: sha256(body), revision, updatedAt, review,
            action: "import", actor: { id: "episcope-store-import", name: "episcope store import" }, origin: PROCESS_ORIGIN, previous: previous.rows[0] ?? null,
          });
        }
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
      out(`imported ${files.length} annotation documents from ${root} into ${redactedUrl(values.store)} as dataset ${team.dataset}`);
    } else {
      const { rows } = await team.pool.query<{ layer: string; episode: string; body: string }>(
        "SELECT layer, episode, body FROM annotation_documents WHERE dataset = $1 ORDER BY layer, episode",
        [team.dataset],
      );
      for (const row of rows) await writeFileAtomic(join(root, documentName(row.episode, row.layer)), row.body);
      out(`exported ${rows.length} annotation documents of dataset ${team.dataset} from ${redactedUrl(values.store)} to ${root}`);
    }
    return 0;
  } finally {
    await team.close();
  }
}

/** Every `.json` file under `dir` (recursively, sorted); none when it does not exist. */
async function documentFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw new EpiscopeError("bad-store", `${dir}: ${error.message}`);
  });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".json") && !e.name.startsWith("."))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * `episcope store user add NAME --role R`: create an account and print its token once (only its SHA-256 is kept);
 * `user list`: one line per account (name, role, created, revoked); `user revoke NAME`: its token stops working.
 * @returns the exit code (0 ok, 2 usage).
 * @throws EpiscopeError `bad-account` (bad name or role, existing or unknown account), `bad-store`.
 */
async function runUser(args: string[], values: { store?: string; role?: string }, out: (line: string) => void): Promise<number> {
  const [action, name] = args;
  const arity = action === "list" ? 1 : 2;
  if (!values.store || args.length !== arity || !["add", "list", "revoke"].includes(action ?? "") || (action === "add" && !values.role)) {
    process.stderr.write(`usage: ${STORE_USAGE}\n`);
    return 2;
  }
  const pool = await connectStore(values.store, 1);
  try {
    if (action === "add") {
      const token = await addAccount(pool, name!, values.role!);
      out(`user ${name} (${values.role}) added; their token (shown only now, give it to them privately): ${token}`);
    } else if (action === "revoke") {
      await revokeAccount(pool, name!);
      out(`user ${name} revoked; their token no longer signs in`);
    } else {
      for (const a of await listAccounts(pool)) {
        out(`${a.name}\t${a.role}\tcreated ${a.createdAt.toISOString()}\t${a.revokedAt ? `revoked ${a.revokedAt.toISOString()}` : "active"}`);
      }
    }
    return 0;
  } finally {
    await pool.end();
  }
}
