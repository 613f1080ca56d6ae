import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";

/** A running `episcope serve` child process. */
export interface ServeProcess {
  /** `http://127.0.0.1:<port>` (no token). */
  url: string;
  /** The per-start token from the printed URL (null with `--no-token`). */
  token: string | null;
  /** The exact line the command printed. */
  line: string;
  /** Everything the process wrote on stderr so far. */
  stderr(): string;
  /** The process itself (tests that kill it with SIGKILL). */
  child: ChildProcess;
  /** Resolves once the process has exited. */
  exited: Promise<void>;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<void>;
}

const bin = fileURLToPath(new URL("../../bin/episcope.mjs", import.meta.url));

/**
 * The token every server started by `startServe` uses unless the test sets EPISCOPE_TOKEN or passes its own
 * arguments: the browser harness sends it as `Authorization: token <T>` (scripts' way in), so existing tests need no
 * cookie step. The cookie flow itself is tested in serveAuth.e2e.ts.
 */
export const E2E_TOKEN = `e2e-${randomBytes(18).toString("base64url")}`;

const tokens = new Map<string, string>();

/** The token of a server started here, by its base URL (what httpApi sends), or null. */
export function tokenOf(url: string): string | null {
  return tokens.get(url.replace(/\/+$/, "")) ?? null;
}

/**
 * Start the real CLI (`node bin/episcope.mjs serve PATH --port 0 ...extraArgs`) with its own environment (EPISCOPE_TOKEN
 * defaults to E2E_TOKEN), as `user` when given (a root test runs it unprivileged, where file modes hold), and wait for its one line `Episcope serving <PATH> at http://127.0.0.1:<port>/?token=<T>`.
 * @throws Error with the process's stderr when it exits or prints something else first (30 s timeout).
 */
export async function startServe(
  path: string | null,
  env: Record<string, string> = {},
  extraArgs: string[] = [],
  user: { uid: number; gid: number } | null = null,
): Promise<ServeProcess> {
  const args = [bin, "serve", ...(path ? [path] : []), "--port", "0", ...extraArgs];
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...process.env, EPISCOPE_TOKEN: E2E_TOKEN, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    ...(user ?? {}),
  });
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
  const match = /^Episcope serving (.+) at (http:\/\/127\.0\.0\.1:\d+)(?:\/\?token=([A-Za-z0-9_-]+))?$/.exec(line);
  if (!match) throw new Error(`unexpected first line from episcope serve: ${JSON.stringify(line)}`);
  const token = match[3] ?? null;
  if (token) tokens.set(match[2]!, token);
  return {
    url: match[2]!,
    token,
    stderr: () => stderr,
    line,
    child,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
