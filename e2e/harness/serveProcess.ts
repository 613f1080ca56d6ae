import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** A running `episcope serve` child process. */
export interface ServeProcess {
  url: string;
  /** The exact line the command printed. */
  line: string;
  /** The process itself (tests that kill it with SIGKILL). */
  child: ChildProcess;
  /** Resolves once the process has exited. */
  exited: Promise<void>;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<void>;
}

const bin = fileURLToPath(new URL("../../bin/episcope.mjs", import.meta.url));

/**
 * Start the real CLI (`node bin/episcope.mjs serve PATH --port 0`) with its own environment and wait for its one
 * line `Episcope serving <PATH> at http://127.0.0.1:<port>`.
 * @throws Error with the process's stderr when it exits or prints something else first (30 s timeout).
 */
export async function startServe(path: string | null, env: Record<string, string> = {}): Promise<ServeProcess> {
  const args = [bin, "serve", ...(path ? [path] : []), "--port", "0"];
  const child: ChildProcess = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
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
      reject(new Error(`episcope serve exited with ${child.exitCode ?? child.signalCode}; stderr: ${stderr}`));
    });
  });
  const match = /^Episcope serving (.+) at (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
  if (!match) throw new Error(`unexpected first line from episcope serve: ${JSON.stringify(line)}`);
  return {
    url: match[2]!,
    line,
    child,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
