/**
 * Thin wrapper around the system `ffmpeg` binary (Debian package `ffmpeg`, built with libx264).
 * Used only by the sample generator; nothing here is shipped with the app.
 */
import { spawn, spawnSync } from "node:child_process";

/** The ffmpeg executable; override with the `FFMPEG` environment variable. */
export const FFMPEG = process.env.FFMPEG ?? "ffmpeg";

/**
 * Throw a clear, actionable error when ffmpeg is not on PATH or lacks the libx264 / mjpeg encoders.
 * Synchronous on purpose: called once before any work starts.
 */
export function assertFfmpegAvailable(): void {
  const version = spawnSync(FFMPEG, ["-hide_banner", "-version"], { encoding: "utf8" });
  if (version.error || version.status !== 0) {
    throw new Error(
      `ffmpeg was not found (tried "${FFMPEG}"). The sample generator needs it to encode test video.\n` +
        `Install it (Debian/Ubuntu: "sudo apt-get install ffmpeg", macOS: "brew install ffmpeg") ` +
        `or point the FFMPEG environment variable at the binary.`,
    );
  }
  const encoders = spawnSync(FFMPEG, ["-hide_banner", "-encoders"], { encoding: "utf8" });
  for (const name of ["libx264", "mjpeg"]) {
    if (!new RegExp(`\\s${name}\\s`).test(encoders.stdout ?? "")) {
      throw new Error(`ffmpeg at "${FFMPEG}" has no "${name}" encoder; install a build with it (Debian's ffmpeg has both).`);
    }
  }
}

/** First line of `ffmpeg -version`, e.g. `ffmpeg version 5.1.9-0+deb12u1 ...`, for logs and the README. */
export function ffmpegVersion(): string {
  const out = spawnSync(FFMPEG, ["-hide_banner", "-version"], { encoding: "utf8" });
  return (out.stdout ?? "").split("\n")[0]?.trim() ?? "unknown";
}

/**
 * Run ffmpeg with `args` (no shell), return everything it wrote to stdout.
 * Rejects with ffmpeg's stderr when it exits non-zero.
 */
export function runFfmpeg(args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(FFMPEG, ["-hide_banner", "-loglevel", "error", "-nostdin", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`ffmpeg exited with ${code}: ${Buffer.concat(err).toString("utf8").trim()}\nargs: ${args.join(" ")}`));
    });
  });
}

/**
 * True when ffmpeg's `drawtext` filter can render with a default font (needs libfreetype + fontconfig + a font,
 * e.g. Debian's fonts-dejavu-core). Used to burn frame numbers into the sample video; skipped when unavailable.
 */
export function drawtextAvailable(): boolean {
  const probe = spawnSync(
    FFMPEG,
    ["-hide_banner", "-loglevel", "error", "-nostdin", "-f", "lavfi", "-i", "color=size=64x32:rate=1",
      "-vf", "drawtext=text=0", "-frames:v", "1", "-f", "null", "-"],
    { encoding: "utf8" },
  );
  return !probe.error && probe.status === 0;
}
