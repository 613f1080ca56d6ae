import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import { appVersion, rendererDir, sampleDir } from "../appPaths.ts";
import { closeServices, createHandlers, createServices } from "../ipc/createHandlers.ts";
import { startHttpServer, type RunningServer } from "../serve/httpServer.ts";
import { currentAnnotator } from "../services/annotation/currentAnnotator.ts";
import { resolveServeTarget } from "../services/episode/episodeMainService.ts";
import { openTeamStore } from "../services/annotation/postgres/teamStore.ts";

/** Usage line of `episcope serve`. */
export const SERVE_USAGE =
  "episcope serve [PATH] [--port N] [--store postgres://… [--dataset-key KEY]]   PATH: an .mcap file or a folder of them (default: the bundled sample); --store keeps the labels in PostgreSQL";

/**
 * `episcope serve [PATH] [--port N]`: serve the Node services and the built renderer on 127.0.0.1 and print exactly
 * one line `Episcope serving <PATH> at http://127.0.0.1:<port>` (PATH absolute). Runs until the process is stopped.
 * @returns the running server (the CLI keeps it open; tests close it).
 * @throws EpiscopeError when PATH does not exist, Error on bad arguments or when the port is taken.
 */
export async function runServe(args: string[], out: (line: string) => void): Promise<RunningServer> {
  const { values, positionals } = parseArgs({
    args,
    options: { port: { type: "string", default: "0" }, store: { type: "string" }, "dataset-key": { type: "string" } },
    allowPositionals: true,
  });
  if (positionals.length > 1) throw new Error(`too many paths: ${positionals.join(" ")}\nusage: ${SERVE_USAGE}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer 0–65535, got ${values.port}`);
  const target = resolve(positionals[0] ?? sampleDir());
  const { root, initial } = resolveServeTarget(target);
  // --store: the team store on PostgreSQL (dataset key: --dataset-key, else the folder's name); default: the files.
  const team = values.store ? await openTeamStore(values.store, values["dataset-key"] ?? basename(root)) : null;
  const services = createServices(root, initial, currentAnnotator(), "serve", appVersion(), undefined, team?.store);
  const server = await startHttpServer({ handlers: createHandlers(() => services), staticDir: rendererDir(), port });
  out(`Episcope serving ${target} at ${server.url}`);
  return {
    ...server,
    close: async () => {
      await server.close();
      await closeServices(services);
      await team?.close();
    },
  };
}
