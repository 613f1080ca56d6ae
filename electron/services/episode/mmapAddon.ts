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

/** An open mapping (opaque; see electron/native/mmap/mmap.cc). */
export type MapHandle = { readonly __mapHandle: unique symbol };

/**
 * The addon's API (see electron/native/mmap/mmap.cc). The mapping never reaches V8: bytes are copied out of it into
 * buffers JavaScript allocated, so it works inside Electron's V8 sandbox and past 4 GiB. Every copy first checks the
 * file did not change (fstat of the open descriptor; stat of the path at most every 100 ms) and runs under a SIGBUS
 * guard. Errors carry `code`: the errno name (ENOENT, EACCES, EISDIR, EBADF after close, …), `ERANGE` for a read
 * outside the mapped size, `EFILECHANGED` when the file changed on disk (the message says what changed).
 */
export interface MmapAddon {
  /** Open and map `absPath` read-only (a 0-byte file is opened, not mapped). */
  open(absPath: string): MapHandle;
  /** The identity recorded at open: size (bytes), inode, device, mtime (ms since the epoch). */
  info(handle: MapHandle): { size: number; ino: number; dev: number; mtimeMs: number };
  /** Throws EFILECHANGED when the file changed since open (also stats the path now). */
  check(handle: MapHandle): void;
  /** Copy `length` bytes at byte `offset` of the file into `out` at `outOffset`; returns `length`. */
  copy(handle: MapHandle, offset: number, length: number, out: Uint8Array, outOffset: number): number;
  /**
   * Copy range k (`lengths[k]` bytes at byte `starts[k]`) into `out`, packed in order, in one call; returns the sum of
   * the lengths. Bytes of a range past the end of the file are left as they were.
   */
  readRanges(handle: MapHandle, starts: Float64Array, lengths: Uint32Array, out: Uint8Array): number;
  /**
   * Like readRanges, with one pread(2) per range on the addon's descriptor instead of a copy out of the mapping (no
   * page fault per range on a first pass; half the cost of fs.readSync per range). Every range must lie inside the
   * file (ERANGE); a short read throws EFILECHANGED.
   */
  readScattered(handle: MapHandle, starts: Float64Array, lengths: Uint32Array, out: Uint8Array): number;
  /**
   * Start reading range k (`lengths[k]` bytes at byte `starts[k]`) into the page cache without waiting
   * (posix_fadvise POSIX_FADV_WILLNEED): advice only, ranges past the end skipped, nothing thrown for I/O.
   */
  prefetch(handle: MapHandle, starts: Float64Array, lengths: Uint32Array): void;
  /** Unmap and close now (idempotent). */
  close(handle: MapHandle): void;
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
        const missing = (["open", "copy", "readRanges", "readScattered", "prefetch"] as const).filter((name) => typeof addon[name] !== "function");
        if (missing.length > 0) throw new Error(`no ${missing.join("/")} exports (an addon built before they existed: run node scripts/build-native.mjs)`);
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
