import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The installation folder: the nearest ancestor of this module holding Episcope's package.json. Works from source
 * (electron/…, under vitest/tsx) and from the bundles in dist/node/.
 * @throws Error when no such folder exists (a broken installation).
 */
export function appRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "episcope") return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find Episcope's package.json above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** Episcope's version from package.json. */
export function appVersion(): string {
  return (JSON.parse(readFileSync(join(appRoot(), "package.json"), "utf8")) as { version: string }).version;
}

/** The built renderer (vite output). */
export const rendererDir = (): string => join(appRoot(), "dist", "renderer");

/**
 * The bundled sample dataset opened when no path is given (and read by the episode workers' warm-up). In a packaged
 * app it is unpacked beside the ASAR archive (build/electron-builder.yml › asarUnpack): the mmap addon and worker
 * threads open files by their real path, which a path inside app.asar is not.
 */
export const sampleDir = (): string => unpackedPath(join(appRoot(), "assets", "sample"));

/**
 * `path` with its `app.asar` folder replaced by `app.asar.unpacked` (where electron-builder puts asarUnpack files);
 * unchanged outside an ASAR archive.
 */
export function unpackedPath(path: string): string {
  return path.replace(/([\\/])app\.asar(?=[\\/])/, "$1app.asar.unpacked");
}

/**
 * Episcope's folder in the user's own cache (`$XDG_CACHE_HOME/episcope/<name>`, `~/.cache` without it): per user, so a
 * second user on the machine neither reads the first one's cached episode data nor fails on their folder's permissions
 * (a folder in the shared temp folder would do both). Never holds anything a user authored.
 */
export function userCacheDir(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "episcope", name);
}
