// Build everything `npm start` and `episcope` need: the native mmap addon (optional, falls back to pread),
// the renderer (Vite → dist/renderer) and the Node side (esbuild → dist/node).
import { build as esbuild } from "esbuild";
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { build as viteBuild } from "vite";

const root = fileURLToPath(new URL("..", import.meta.url));
process.chdir(root);
const only = process.argv[2]; // optional: "node" | "renderer" | "native"

if ((!only || only === "native") && existsSync("scripts/build-native.mjs")) {
  const result = spawnSync(process.execPath, ["scripts/build-native.mjs"], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!only || only === "renderer") {
  await viteBuild({ configFile: "vite.config.ts", logLevel: "warn" });
  console.log("built dist/renderer");
}

if (!only || only === "node") {
  const common = { bundle: true, platform: "node", target: "node20", sourcemap: true, logLevel: "warning" };
  // CLI and Electron main: ESM, dependencies loaded from node_modules at run time (wasm decompressors need their files).
  await esbuild({
    ...common,
    entryPoints: { cli: "electron/cli/main.ts", main: "electron/main/main.ts", "episode.worker": "electron/services/episode/episode.worker.ts", "dataset.worker": "electron/services/dataset/datasetIndex.worker.ts", "request.worker": "electron/serve/requestDecoder.worker.ts", "rangeFetch.worker": "electron/services/episode/remote/rangeFetch.worker.ts" },
    outdir: "dist/node",
    outExtension: { ".js": ".mjs" },
    format: "esm",
    packages: "external",
  });
  // The sandboxed preload may only require("electron"): bundle everything else, CommonJS.
  await esbuild({
    ...common,
    entryPoints: { preload: "electron/preload/preload.ts" },
    outdir: "dist/node",
    outExtension: { ".js": ".cjs" },
    format: "cjs",
    external: ["electron"],
  });
  console.log("built dist/node");
}
