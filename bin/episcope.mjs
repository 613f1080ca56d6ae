#!/usr/bin/env node
// The `episcope` command: runs the bundled CLI built by `npm run build` (npm ci runs it through `prepare`).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../dist/node/cli.mjs", import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write(`episcope: ${cli} is missing; run \`npm run build\` in ${fileURLToPath(new URL("..", import.meta.url))}\n`);
  process.exit(1);
}
await import(cli);
