/**
 * The system ffmpeg (https://ffmpeg.org/ffmpeg.html) as the export's video codec: found once per path, spawned without
 * a shell, fed through stdin with back-pressure and read through stdout as a stream. Errors name what is missing and
 * how to install it (`apt-get install ffmpeg`), or quote ffmpeg's own last lines.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";

/** The ffmpeg executable: `EPISCOPE_FFMPEG` when set, else `ffmpeg` on PATH. */
export function ffmpegPath(): string {
  return process.env.EPISCOPE_FFMPEG || "ffmpeg";
}

const encodersByPath = new Map<string, string | null>();

/** How to get ffmpeg, for error messages. */
export const FFMPEG_INSTALL_HINT = "install it with `apt-get install ffmpeg` (Debian/Ubuntu) or `brew install ffmpeg`, or point EPISCOPE_FFMPEG at the binary";

/**
 * Throw unless ffmpeg runs and (when given) has `encoder` (e.g. `libsvtav1`, `libx264`).
 * @throws Error "ffmpeg not found (tried …): … needs it; install it with `apt-get install ffmpeg` …"
 */
export function requireFfmpeg(purpose: string, encoder?: string): string {
  const bin = ffmpegPath();
  if (!encodersByPath.has(bin)) {
    const r = spawnSync(bin, ["-hide_banner", "-encoders"], { encoding: "utf8" });
    encodersByPath.set(bin, r.error || r.status !== 0 ? null : r.stdout);
  }
  const encoders = encodersByPath.get(bin);
  if (encoders === null || encoders === undefined) throw new Error(`ffmpeg not found (tried "${bin}"): ${purpose} needs it; ${FFMPEG_INSTALL_HINT}`);
  if (encoder && !new RegExp(`\\s${encoder}\\s`).test(encoders)) {
    throw new Error(`ffmpeg at "${bin}" has no ${encoder} encoder (${purpose}); install a build with it (Debian's ffmpeg package has libsvtav1 and libx264)`);
  }
  return bin;
}

/** A running ffmpeg: its process and a promise settled when it exits (rejects with its last stderr lines). */
export interface FfmpegRun {
  child: ChildProcessWithoutNullStreams;
  exited: Promise<void>;
}

/** Spawn ffmpeg with `args` (after `-hide_banner -nostdin`-like quiet flags). @param what names the job in errors */
export function spawnFfmpeg(bin: string, args: readonly string[], what: string): FfmpegRun {
  const child = spawn(bin, ["-hide_banner", "-loglevel", "error", ...args], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (b: Buffer) => {
    stderr = (stderr + b.toString("utf8")).slice(-4000);
  });
  child.stdin.on("error", () => undefined); // an early exit is reported through `exited`
  const exited = new Promise<void>((resolve, reject) => {
    child.on("error", (e) => reject(new Error(`${what}: ffmpeg could not start (${e.message}); ${FFMPEG_INSTALL_HINT}`)));
    child.on("close", (code, signal) => {
      if (code === 0) resolve();
      else {
        const lines = stderr.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("Svt[info]")).slice(-3).join(" | ");
        reject(new Error(`${what}: ffmpeg failed (${signal ?? `exit ${code}`})${lines ? `: ${lines}` : ""}`));
      }
    });
  });
  exited.catch(() => undefined); // observed by the caller; never an unhandled rejection
  return { child, exited };
}

/** Write `chunk` to the process's stdin, waiting for the pipe to drain; false when ffmpeg has closed its input. */
export function writeInput(run: FfmpegRun, chunk: Uint8Array): Promise<boolean> {
  const stdin = run.child.stdin;
  if (stdin.destroyed || !stdin.writable) return Promise.resolve(false);
  if (stdin.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      stdin.off("drain", onDrain);
      stdin.off("close", onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    stdin.once("drain", onDrain);
    stdin.once("close", onClose);
  });
}
