// Build the optional native addons with npm's bundled node-gyp. Both are optimisations only: when a build fails (no
// compiler, no headers, Windows, ...) this script prints a warning and exits 0, and the engine falls back.
// - our mmap addon (electron/native/mmap → build/Release/episcope_mmap.node), always rebuilt; without it episodes are
//   read with positional reads;
// - zstd-napi's binding (node_modules/zstd-napi → build/Release/binding.node; the optional dependency bundles the
//   zstd sources), built only when missing or not loadable (its own install script may have built it already:
//   `prebuild-install || node-gyp rebuild`). Without it zstd chunks are decompressed by node:zlib (Node ≥ 22.15,
//   Electron 38) or WebAssembly; see electron/services/episode/zstdDecompressor.ts.
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

function warnMmap(message) {
  process.stderr.write(
    `warning: native mmap addon not built: ${message}\n` +
      "warning: episodes will be read with positional reads (pread) instead of mmap; everything else works.\n",
  );
}

function warnZstd(message) {
  process.stderr.write(
    `warning: zstd-napi binding not built: ${message}\n` +
      "warning: zstd chunks will be decompressed with node:zlib (Node >= 22.15) or WebAssembly; everything else works.\n",
  );
}

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
const nodedir = process.env.npm_config_nodedir || (existsSync("/usr/include/node/common.gypi") ? "/usr" : "");

/**
 * `node-gyp rebuild` in `dir`; true when `output` exists afterwards, else false after `warn(reason)`.
 * @param jobs parallel compile jobs (zstd has many sources)
 */
function gypRebuild(dir, output, warn, jobs) {
  if (!nodeGyp) {
    warn("node-gyp not found (looked next to npm and in node_modules)");
    return false;
  }
  const args = [nodeGyp, "rebuild"];
  if (nodedir) args.push(`--nodedir=${nodedir}`);
  if (jobs) args.push("-j", String(jobs));
  const started = Date.now();
  const result = spawnSync(process.execPath, args, { cwd: dir, encoding: "utf8" });
  if (result.error) {
    warn(`could not run node-gyp: ${result.error.message}`);
    return false;
  }
  if (result.status !== 0 || !existsSync(output)) {
    const log = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-15).join("\n");
    warn(`node-gyp rebuild failed (exit ${result.status})\n${log}`);
    return false;
  }
  console.log(`built ${output} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

if (process.platform === "win32") warnMmap("the mmap addon supports Linux and macOS only");
else gypRebuild(addonDir, output, warnMmap);

// zstd-napi: an optional dependency, so it may be absent (its install failed, or --omit=optional).
const zstdDir = join(root, "node_modules", "zstd-napi");
const zstdOutput = join(zstdDir, "build", "Release", "binding.node");
if (existsSync(join(zstdDir, "package.json"))) {
  let loads = false;
  try {
    createRequire(join(root, "package.json"))(zstdOutput);
    loads = true;
  } catch {
    // missing or built for something else: rebuild
  }
  if (!loads) gypRebuild(zstdDir, zstdOutput, warnZstd, 2);
} else {
  warnZstd("the optional dependency zstd-napi is not installed");
}
