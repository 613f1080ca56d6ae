// Build the optional native mmap addon (electron/native/mmap → build/Release/episcope_mmap.node) with npm's bundled
// node-gyp. The addon is an optimisation only: when the build fails (no compiler, no headers, Windows, ...) this
// script prints a warning and exits 0, and the episode engine reads files with positional reads instead.
//
// Node-API is ABI-stable, so the same binary loads in Node and in Electron's main process. Headers: `--nodedir`
// from npm_config_nodedir (npm sets it from ~/.npmrc) or /usr when /usr/include/node/common.gypi exists; otherwise
// node-gyp uses its own header cache (which needs the network the first time).
//
// Usage: node scripts/build-native.mjs        (also run by scripts/build.mjs)
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const addonDir = join(root, "electron", "native", "mmap");
const output = join(addonDir, "build", "Release", "episcope_mmap.node");

function warn(message) {
  process.stderr.write(
    `warning: native mmap addon not built: ${message}\n` +
      "warning: episodes will be read with positional reads (pread) instead of mmap; everything else works.\n",
  );
  process.exit(0);
}

if (process.platform === "win32") warn("the mmap addon supports Linux and macOS only");

/** npm's bundled node-gyp, next to the npm that runs us or the global one. */
function findNodeGyp() {
  const candidates = [];
  if (process.env.npm_execpath) {
    candidates.push(join(dirname(process.env.npm_execpath), "..", "node_modules", "node-gyp", "bin", "node-gyp.js"));
  }
  candidates.push(join(dirname(process.execPath), "..", "lib", "node_modules", "npm", "node_modules", "node-gyp", "bin", "node-gyp.js"));
  candidates.push("/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js");
  candidates.push("/usr/local/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js");
  try {
    candidates.push(createRequire(join(root, "package.json")).resolve("node-gyp/bin/node-gyp.js"));
  } catch {
    // not installed locally; fine
  }
  return candidates.find((candidate) => existsSync(candidate));
}

const nodeGyp = findNodeGyp();
if (!nodeGyp) warn("node-gyp not found (looked next to npm and in node_modules)");

const args = [nodeGyp, "rebuild"];
const nodedir = process.env.npm_config_nodedir || (existsSync("/usr/include/node/common.gypi") ? "/usr" : "");
if (nodedir) args.push(`--nodedir=${nodedir}`);

const started = Date.now();
const result = spawnSync(process.execPath, args, { cwd: addonDir, encoding: "utf8" });
if (result.error) warn(`could not run node-gyp: ${result.error.message}`);
if (result.status !== 0 || !existsSync(output)) {
  const log = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-15).join("\n");
  warn(`node-gyp rebuild failed (exit ${result.status})\n${log}`);
}
console.log(`built ${output} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
