/**
 * Loader of the optional native mmap addon `electron/native/mmap/build/Release/episcope_mmap.node`
 * (built by `scripts/build-native.mjs`). Resolved from the repository root, found by walking up from this module's
 * folder to the first folder holding a package.json, so it works from the sources (vitest, tsx) and from the esbuild
 * bundle in dist/node/.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The addon's API (see electron/native/mmap/mmap.cc). */
export interface MmapAddon {
  /**
   * Map a whole file read-only (MAP_SHARED); the ArrayBuffer's finalizer unmaps. 0-byte files give an empty buffer.
   * @throws Error with `code` ENOENT/EACCES/EISDIR/…, or ERR_EXTERNAL_BUFFERS_NOT_ALLOWED (Electron's V8 sandbox).
   */
  map(absPath: string): ArrayBuffer;
  /**
   * Read range k (`lengths[k]` bytes at byte `starts[k]`) of the file with pread(2) into `out`, packed in order, in one
   * call (absent from addons built before it existed). Returns the sum of the lengths.
   * @throws Error with `code` ENOENT/EACCES/… on open or read errors; TypeError when `out` is too small.
   */
  readRanges?(absPath: string, starts: Float64Array, lengths: Uint32Array, out: Uint8Array): number;
}

/** Relative location of the built addon inside the repository. */
export const MMAP_ADDON_RELATIVE_PATH = path.join("electron", "native", "mmap", "build", "Release", "episcope_mmap.node");

let cached: { addon: MmapAddon | null; error: string | null } | undefined;

/** This module's own file (ESM: import.meta.url; a CommonJS bundle: __filename). */
function thisFile(): string {
  const url = typeof import.meta === "object" ? (import.meta as { url?: unknown }).url : undefined;
  if (typeof url === "string" && url.startsWith("file:")) return fileURLToPath(url);
  if (typeof __filename === "string") return __filename;
  return path.join(process.cwd(), "index.js");
}

/** The folder holding the nearest package.json above `from`, or null. */
export function findRepoRoot(from: string = path.dirname(thisFile())): string | null {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

/** The addon, or null when it is not built or cannot load (the reason is in mmapAddonStatus()). Cached. */
export function loadMmapAddon(): MmapAddon | null {
  if (!cached) {
    const root = findRepoRoot();
    const file = root ? path.join(root, MMAP_ADDON_RELATIVE_PATH) : null;
    if (!file || !fs.existsSync(file)) {
      cached = { addon: null, error: `${file ?? MMAP_ADDON_RELATIVE_PATH} not built (run node scripts/build-native.mjs)` };
    } else {
      try {
        const addon = createRequire(file)(file) as Partial<MmapAddon>;
        if (typeof addon.map !== "function") throw new Error("no map() export");
        cached = { addon: addon as MmapAddon, error: null };
      } catch (error) {
        cached = { addon: null, error: `${file}: ${(error as Error).message}` };
      }
    }
  }
  return cached.addon;
}

/** Why the addon is unavailable (null when it loaded). */
export function mmapAddonStatus(): string | null {
  loadMmapAddon();
  return cached?.error ?? null;
}
