/**
 * The `episcope` command line (package bin). Commands: serve, info, cat, import, validate, index, export, agreement, audit, merge, store;
 * `--help` (or `-h`) on any of them prints its usage. Exit codes: 0 ok, 1 bad input, 2 usage.
 *
 * Output through pipes is complete: stdout lines are written with backpressure (a command that prints much awaits
 * the returned promise, see cat.ts) and the process exits only once stdout and stderr are flushed. A reader that
 * goes away (`| head`) ends the command quietly (EPIPE: exit 0, nothing on stderr).
 */
import { once } from "node:events";
import { EpiscopeError } from "../../shared/ipc/contract.ts";
import { AGREEMENT_USAGE, runAgreement } from "./agreement.ts";
import { AUDIT_USAGE, runAudit } from "./audit.ts";
import { CAT_USAGE, runCat } from "./cat.ts";
import { EXPORT_USAGE } from "./exportUsage.ts";
import { IMPORT_USAGE, runImport } from "./import.ts";
import { INDEX_USAGE, runIndex } from "./index.ts";
import { INFO_USAGE, runInfo } from "./info.ts";
import { MERGE_USAGE, runMerge } from "./merge.ts";
import { runServe, SERVE_USAGE } from "./serve.ts";
import { runStore, STORE_USAGE } from "./store.ts";
import { runValidate, VALIDATE_USAGE } from "./validate.ts";

const USAGE = `usage:
  ${SERVE_USAGE}
  ${INFO_USAGE}
  ${CAT_USAGE}
  ${IMPORT_USAGE}
  ${VALIDATE_USAGE}
  ${INDEX_USAGE}
  ${EXPORT_USAGE}
  ${AGREEMENT_USAGE}
  ${AUDIT_USAGE}
  ${MERGE_USAGE}
  ${STORE_USAGE}`;

const COMMAND_USAGE: Record<string, string> = {
  serve: SERVE_USAGE,
  info: INFO_USAGE,
  cat: CAT_USAGE,
  import: IMPORT_USAGE,
  validate: VALIDATE_USAGE,
  index: INDEX_USAGE,
  export: EXPORT_USAGE,
  agreement: AGREEMENT_USAGE,
  audit: AUDIT_USAGE,
  merge: MERGE_USAGE,
  store: STORE_USAGE,
};

/** Write one stdout line; a promise when the pipe is full (resolved once it drained). */
function out(line: string): Promise<void> | undefined {
  if (process.stdout.write(line + "\n")) return undefined;
  return once(process.stdout, "drain").then(() => undefined);
}

/** True when `args` asks for help before any `--`. */
function wantsHelp(args: string[]): boolean {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command !== undefined && COMMAND_USAGE[command] && wantsHelp(args)) {
    out(`usage: ${COMMAND_USAGE[command]}`);
    return 0;
  }
  switch (command) {
    case "validate":
      return runValidate(args, out);
    case "import":
      return runImport(args, out);
    case "serve": {
      const server = await runServe(args, out);
      const stop = () => void server.close().then(() => finish(0));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      return new Promise<number>(() => {}); // serve until stopped
    }
    case "index":
      return runIndex(args, out);
    case "export": // loaded on demand (h5wasm, hyparquet-writer); usage: episcope export --help
      return (await import("./export.ts")).runExport(args, out);
    case "audit":
      return runAudit(args);
    case "merge":
      return runMerge(args);
    case "info":
      return runInfo(args, out);
    case "agreement": // one write, flushed before returning: complete through a pipe
      return runAgreement(args, (text) => new Promise<void>((done) => process.stdout.write(text + "\n", () => done())));
    case "cat":
      return runCat(args, out);
    case "store":
      return runStore(args, out);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      out(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`episcope: unknown command ${JSON.stringify(command)}\n${USAGE}\n`);
      return 2;
  }
}

/** Resolves once everything written to `stream` so far is flushed (or the stream failed). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) resolve();
    else stream.write("", () => resolve());
  });
}

/** Exit with `code` once stdout and stderr are flushed (process.exit() alone cuts a piped stdout). */
function finish(code: number): void {
  process.exitCode = code;
  void flushed(process.stdout)
    .then(() => flushed(process.stderr))
    .then(() => process.exit(code));
}

// The reader went away (`episcope cat … | head`): stop quietly, like a command killed by SIGPIPE but exit 0.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  process.stderr.write(`episcope: cannot write the output: ${error.message}\n`);
  process.exit(1);
});

main(process.argv.slice(2)).then(finish, (error: unknown) => {
  const message = error instanceof EpiscopeError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`episcope: ${message}\n`);
  finish(1);
});
