// `npm start`: launch the desktop app on the bundled sample. Where no Electron binary can be had (Electron's download
// skipped with ELECTRON_SKIP_BINARY_DOWNLOAD=1 and no network), fall back to `episcope serve` and print its URL.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

function electronBinary() {
  try {
    const path = require("electron"); // the electron package exports the binary's path
    return typeof path === "string" && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

let binary = electronBinary();
if (!binary && !process.env.CI) {
  console.log("Electron's binary is not installed; trying to download it (node_modules/electron/install.js)…");
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  spawnSync(process.execPath, [require.resolve("electron/install.js")], { stdio: "inherit", env, timeout: 300_000 });
  binary = electronBinary();
}

const child = binary
  ? spawn(binary, [root, ...args], { stdio: "inherit" })
  : (console.log("No Electron binary on this machine: starting the same app in serve mode (open the URL below in a browser)."),
    spawn(process.execPath, [fileURLToPath(new URL("../bin/episcope.mjs", import.meta.url)), "serve", ...args], { stdio: "inherit" }));
child.on("exit", (code) => process.exit(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
