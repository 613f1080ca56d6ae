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

/** The gist of a failed download's output in one line (e.g. "getaddrinfo ENOTFOUND github.com"), or "". */
function gist(output) {
  const line = output.split("\n").find((l) => /ENOTFOUND|EAI_AGAIN|ECONN\w*|ETIMEDOUT|HTTPError|Error:/.test(l)) ?? "";
  return line.replace(/^.*?Error:\s*/, "").trim().slice(0, 120);
}

let binary = electronBinary();
let why = "ELECTRON_SKIP_BINARY_DOWNLOAD and CI set";
if (!binary && !process.env.CI) {
  // The download's own output (an 11-line stack trace when offline) is kept out of the terminal: one line says why.
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const r = spawnSync(process.execPath, [require.resolve("electron/install.js")], { stdio: ["ignore", "pipe", "pipe"], env, timeout: 300_000, encoding: "utf8" });
  binary = electronBinary();
  why = `its download failed: ${gist(`${r.stderr ?? ""}\n${r.stdout ?? ""}`) || (r.error ? r.error.message : `exit code ${r.status}`)}`;
}

const child = binary
  ? spawn(binary, [root, ...args], { stdio: "inherit" })
  : (console.log(`No Electron binary (${why}): starting the same app in serve mode; open the URL below in a browser.`),
    spawn(process.execPath, [fileURLToPath(new URL("../bin/episcope.mjs", import.meta.url)), "serve", ...args], { stdio: "inherit" }));
child.on("exit", (code) => process.exit(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
