import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createApi, EpiscopeError, type EpiscopeApi, type IpcResult } from "../../../shared/ipc/contract.ts";
import { decodeEnvelope, encodeEnvelope } from "../../../shared/ipc/envelope.ts";

/** A running `episcope serve` child process (for tests). */
export interface ServeChild {
  url: string;
  api: EpiscopeApi;
  child: ChildProcess;
  /** Resolves with the exit signal/code once the process is gone. */
  exited: Promise<void>;
}

const bin = fileURLToPath(new URL("../../../bin/episcope.mjs", import.meta.url));
const source = fileURLToPath(new URL("../../cli/main.ts", import.meta.url));

/**
 * Start the real CLI, `node bin/episcope.mjs serve PATH --port 0` (needs `npm run build`), and wait for its line
 * `Episcope serving <PATH> at http://127.0.0.1:<port>`. With `EPISCOPE_SERVE_FROM_SOURCE=1` the same CLI runs from
 * source through tsx instead (for a working tree whose dist/ is stale).
 * @throws Error with stderr when it exits first or prints something else (30 s timeout).
 */
export async function startServeChild(path: string, env: Record<string, string>): Promise<ServeChild> {
  const entry = process.env.EPISCOPE_SERVE_FROM_SOURCE === "1" ? ["--import", "tsx", source] : [bin];
  const child = spawn(process.execPath, [...entry, "serve", path, "--port", "0"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => reject(new Error(`episcope serve printed nothing in 30 s; stderr: ${stderr}`)), 30_000);
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d.toString();
      const newline = stdout.indexOf("\n");
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(stdout.slice(0, newline));
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`episcope serve exited early; stderr: ${stderr}`));
    });
  });
  const match = /^Episcope serving .+ at (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
  if (!match) throw new Error(`unexpected first line from episcope serve: ${JSON.stringify(line)}`);
  const url = match[1]!;
  const api = createApi(async (channel, request) => {
    const bytes = encodeEnvelope(request);
    const response = await fetch(`${url}/api/${channel}`, { method: "POST", body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    const result = decodeEnvelope(new Uint8Array(await response.arrayBuffer())) as IpcResult<never>;
    if (!result.ok) throw new EpiscopeError(result.error.code, result.error.message);
    return result.value;
  });
  return { url, api, child, exited };
}
