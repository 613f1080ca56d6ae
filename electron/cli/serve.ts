import fs from "node:fs";
import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import { appVersion, rendererDir, sampleDir } from "../appPaths.ts";
import type { Account } from "../../shared/annotation/roles.ts";
import type { IpcHandlers } from "../../shared/ipc/contract.ts";
import { closeServices, createHandlers, createServices, servicesAs, type EpiscopeServices } from "../ipc/createHandlers.ts";
import { guardHandlers } from "../ipc/roleGuard.ts";
import type { ServeAccounts } from "../serve/accountGuard.ts";
import { startHttpServer, type RunningServer } from "../serve/httpServer.ts";
import { checkGivenToken, randomToken } from "../serve/serveToken.ts";
import { currentAnnotator } from "../services/annotation/currentAnnotator.ts";
import { settingsFile } from "../services/annotation/settings.ts";
import { WritableFolders } from "../services/writableFolders.ts";
import { resolveServeTarget } from "../services/episode/episodeMainService.ts";
import { AccountDirectory } from "../services/annotation/postgres/accounts.ts";
import { openTeamStore, type TeamStore } from "../services/annotation/postgres/teamStore.ts";
import { isObjectUrl } from "../services/episode/remote/objectUrl.ts";
import { datasetRootArg } from "./datasetRootArg.ts";

/** Usage line of `episcope serve`. */
export const SERVE_USAGE =
  "episcope serve [PATH] [--port N] [--token T | --no-token] [--writable DIR]... [--store postgres://… [--dataset-key KEY]] [--labels DIR]   PATH: an .mcap file or a folder of them (default: the bundled sample), or s3://bucket/prefix (labels in --labels DIR or a local label folder it prints); --store keeps the labels in PostgreSQL and signs users in with their account tokens (episcope store user add)";

/** Printed on stderr by `--no-token`. */
export const NO_TOKEN_WARNING = [
  "WARNING: --no-token: serve runs WITHOUT authentication.",
  "WARNING: every user and program on this machine can read and change this dataset as you. Use it only on a single-user machine.",
].join("\n");

/**
 * `episcope serve [PATH] [--port N] [--token T | --no-token]`: serve the Node services and the built renderer on
 * 127.0.0.1 and print exactly one line `Episcope serving <PATH> at http://127.0.0.1:<port>/?token=<token>` (PATH
 * absolute). The token is random per start unless `--token T` or `EPISCOPE_TOKEN` fixes it; `--no-token` serves without
 * one (the line then ends at the port) after a warning on `warn`. Imports and exports write only inside PATH's folder
 * and the `--writable DIR` folders (relative export outputs go into the first of them). Runs until the process is stopped.
 * @returns the running server (the CLI keeps it open; tests close it).
 * @throws EpiscopeError when PATH does not exist, Error on bad arguments (a token too short or with characters a URL
 *   would escape, `--token` with `--no-token`, a `--writable` folder that does not exist) or when the port is taken.
 */
export async function runServe(
  args: string[],
  out: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
  warn: (text: string) => void = (text) => process.stderr.write(`${text}\n`),
): Promise<RunningServer> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      port: { type: "string", default: "0" },
      token: { type: "string" },
      "no-token": { type: "boolean" },
      writable: { type: "string", multiple: true },
      store: { type: "string" },
      "dataset-key": { type: "string" },
      labels: { type: "string" },
    },
    allowPositionals: true,
  });
  if (positionals.length > 1) throw new Error(`too many paths: ${positionals.join(" ")}\nusage: ${SERVE_USAGE}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer 0–65535, got ${values.port}`);
  if (values["no-token"] && values.token !== undefined) throw new Error("--token and --no-token exclude each other");
  if (values.store && (values["no-token"] || values.token !== undefined)) {
    throw new Error("with --store every user signs in with their own token (episcope store user add); --token and --no-token do not apply");
  }
  const token = values.store || values["no-token"]
    ? null
    : values.token !== undefined
      ? checkGivenToken(values.token, "--token")
      : env.EPISCOPE_TOKEN
        ? checkGivenToken(env.EPISCOPE_TOKEN, "EPISCOPE_TOKEN")
        : randomToken();
  if (token === null && !values.store) warn(NO_TOKEN_WARNING);
  // s3://bucket/prefix: episodes on object storage, labels in a local label folder (datasetRootArg.ts).
  const objects = positionals[0] !== undefined && isObjectUrl(positionals[0]) ? datasetRootArg(positionals[0], values.labels, warn) : null;
  if (values.labels !== undefined && !objects) throw new Error("--labels applies to a dataset on object storage (s3://bucket/prefix)");
  // The label folder holds the labels (without --store) and the config; serve's writable folder is that, not the bucket.
  if (objects) fs.mkdirSync(objects.labelFolder, { recursive: true });
  const target = objects ? objects.location : resolve(positionals[0] ?? sampleDir());
  const { root, initial } = objects ? { root: objects, initial: null } : resolveServeTarget(target);
  const local = objects ? objects.labelFolder : (root as string);
  const writable = new WritableFolders(local, (values.writable ?? []).map((dir) => resolve(dir)));
  // --store: the team store on PostgreSQL (dataset key: --dataset-key, else the folder's name); default: the files.
  const team = values.store ? await openTeamStore(values.store, values["dataset-key"] ?? basename(objects ? objects.location : local)) : null;
  const services = createServices(root, initial, currentAnnotator(), "serve", appVersion(), settingsFile(env), writable, team ?? undefined);
  const accounts = team ? await teamAccounts(team, services, warn) : undefined;
  const server = await startHttpServer({
    handlers: createHandlers(() => services),
    staticDir: rendererDir(),
    port,
    token,
    accounts,
    events: services.events,
  });
  out(`Episcope serving ${target} at ${server.url}${token === null ? "" : `/?token=${token}`}`);
  if (accounts) warn(`Users sign in at ${server.url}/?token=<their token> (episcope store user add NAME --role reviewer|annotator|lead --store …)`);
  return {
    ...server,
    close: async () => {
      await server.close();
      await closeServices(services);
      await team?.close();
    },
  };
}

/**
 * The accounts of the team store as serve's sign-in: each account gets its own handler table (cached by name and role),
 * acting as annotator `name` with its role's checks (roleGuard.ts). Warns when no account exists yet.
 */
async function teamAccounts(team: TeamStore, services: EpiscopeServices, warn: (text: string) => void): Promise<ServeAccounts> {
  const directory = new AccountDirectory(team.pool);
  if ((await directory.activeCount()) === 0) {
    warn("WARNING: the team store has no accounts yet: nobody can sign in. Create one with: episcope store user add NAME --role lead --store …");
  }
  const tables = new Map<string, IpcHandlers>();
  return {
    identify: (token) => directory.identify(token),
    handlersFor(account: Account) {
      const key = `${account.name}\u0000${account.role}`;
      let table = tables.get(key);
      if (!table) {
        const own = servicesAs(services, team, { id: account.name, name: account.name });
        const stored = async (path: string) => (await own.annotations.open(services.scope.resolve(path).key)).document;
        table = guardHandlers(createHandlers(() => own), account, stored);
        tables.set(key, table);
      }
      return table;
    },
  };
}
