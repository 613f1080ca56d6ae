/**
 * The `episcope` command line (package bin). Commands: serve, info, cat, import, validate, index, export, agreement, store.
 * Exit codes: 0 ok, 1 bad input, 2 usage.
 */
import { EpiscopeError } from "../../shared/ipc/contract.ts";
import { AGREEMENT_USAGE, runAgreement } from "./agreement.ts";
import { CAT_USAGE, runCat } from "./cat.ts";
import { EXPORT_USAGE } from "./exportUsage.ts";
import { IMPORT_USAGE, runImport } from "./import.ts";
import { INDEX_USAGE, runIndex } from "./index.ts";
import { INFO_USAGE, runInfo } from "./info.ts";
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
  ${STORE_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const out = (line: string) => process.stdout.write(line + "\n");
  switch (command) {
    case "validate":
      return runValidate(args, out);
    case "import":
      return runImport(args, out);
    case "serve": {
      const server = await runServe(args, out);
      const stop = () => void server.close().then(() => process.exit(0));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      return new Promise<number>(() => {}); // serve until stopped
    }
    case "index":
      return runIndex(args, out);
    case "export": // loaded on demand (h5wasm, hyparquet-writer); usage: episcope export --help
      return (await import("./export.ts")).runExport(args, out);
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof EpiscopeError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`episcope: ${message}\n`);
    process.exit(1);
  },
);
