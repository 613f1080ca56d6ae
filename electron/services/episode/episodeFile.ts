/**
 * Random access to an episode file: memory-mapped through the optional native addon (zero-copy views), or
 * positional reads (`fs.readSync` at an offset) when the addon is missing, refused by the runtime, or disabled with
 * `EPISCOPE_NO_MMAP=1`.
 */
import fs from "node:fs";
import path from "node:path";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import { loadMmapAddon } from "./mmapAddon.ts";

/** How an EpisodeFile reads: `mmap` (views into a read-only shared mapping) or `pread` (copies). */
export type FileAccess = "mmap" | "pread";

/** An open, read-only episode file. */
export interface EpisodeFile {
  /** Absolute path. */
  readonly path: string;
  /** Size in bytes when opened. */
  readonly size: number;
  readonly access: FileAccess;
  /**
   * `length` bytes at byte `offset`. With mmap the result is a zero-copy view into the mapping (do not write to it);
   * with pread a fresh buffer. Views stay valid after `close()` (the mapping is released when they are collected).
   * @throws EpiscopeError `read-out-of-range` when [offset, offset + length) is not inside the file,
   *   `file-closed` after close(), `read-failed` on an I/O error.
   */
  read(offset: bigint | number, length: number): Uint8Array;
  /**
   * Many small reads in one call (present only where it beats touching the mapping: the native addon's pread loop):
   * range k is `lengths[k]` bytes at byte `starts[k]`, written packed into `out` in order. Ranges must lie inside
   * the file.
   * @throws EpiscopeError `read-failed` on an I/O error, `file-closed` after close().
   */
  readRanges?(starts: Float64Array, lengths: Uint32Array, out: Uint8Array): void;
  /** Release the file descriptor / drop the mapping reference. Idempotent. */
  close(): void;
}

/** Set once the runtime has refused an external ArrayBuffer (Electron with the V8 sandbox). */
let externalBuffersRefused = false;

/** Options of openEpisodeFile. */
export interface OpenEpisodeFileOptions {
  /** Force one access method. Default: mmap when the addon loads (and EPISCOPE_NO_MMAP is not 1), else pread. */
  access?: FileAccess;
}

/**
 * Open `filePath` for random access.
 * @throws EpiscopeError `not-found` (missing), `not-a-file` (a folder or device), `unreadable` (permissions etc.).
 */
export function openEpisodeFile(filePath: string, options: OpenEpisodeFileOptions = {}): EpisodeFile {
  const absPath = path.resolve(filePath);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absPath);
  } catch (error) {
    throw fileError(absPath, error);
  }
  if (!stat.isFile()) throw new EpiscopeError("not-a-file", `${absPath}: not a regular file`);

  const wanted = options.access ?? (process.env.EPISCOPE_NO_MMAP === "1" ? "pread" : "mmap");
  if (wanted === "mmap" && !externalBuffersRefused) {
    const addon = loadMmapAddon();
    if (addon) {
      try {
        const file = new MappedFile(absPath, sharedMapping(absPath, stat, () => addon.map(absPath)));
        const readRanges = addon.readRanges;
        if (readRanges) {
          file.readRanges = (starts, lengths, out) => {
            if (file.closed) throw new EpiscopeError("file-closed", `${absPath}: read after close`);
            try {
              readRanges(absPath, starts, lengths, out);
            } catch (error) {
              throw new EpiscopeError("read-failed", `${absPath}: ${(error as Error).message}`);
            }
          };
        }
        return file;
      } catch (error) {
        // A file system that cannot be mapped, or a runtime without external buffers (Electron's V8 sandbox, which
        // then refuses every file: stop trying). Either way positional reads work.
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "EACCES") throw fileError(absPath, error);
        if (code === "ERR_EXTERNAL_BUFFERS_NOT_ALLOWED") externalBuffersRefused = true;
      }
    }
  }
  return new PreadFile(absPath);
}

/**
 * Live mappings by file identity (path, inode, size, modification time). Reopening an unchanged file reuses its
 * mapping instead of mapping it again: each mapping counts as external memory for V8 (its full size), and a new one per
 * open makes the collector run a full GC on every open of a multi-GB file. Entries go when the mapping is collected.
 */
const mappings = new Map<string, WeakRef<ArrayBuffer>>();
const forget = new FinalizationRegistry<string>((key) => {
  if (mappings.get(key)?.deref() === undefined) mappings.delete(key);
});

function sharedMapping(absPath: string, stat: fs.Stats, map: () => ArrayBuffer): ArrayBuffer {
  const key = `${absPath}\u0000${stat.ino}\u0000${stat.size}\u0000${stat.mtimeMs}`;
  const alive = mappings.get(key)?.deref();
  if (alive) return alive;
  const buffer = map();
  if (buffer.byteLength !== stat.size) return buffer; // changed while opening: do not share
  mappings.set(key, new WeakRef(buffer));
  forget.register(buffer, key);
  return buffer;
}

function fileError(absPath: string, error: unknown): EpiscopeError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return new EpiscopeError("not-found", `${absPath}: no such file`);
  if (code === "EISDIR") return new EpiscopeError("not-a-file", `${absPath}: not a regular file`);
  return new EpiscopeError("unreadable", `${absPath}: cannot open (${(error as Error).message})`);
}

function checkRange(file: EpisodeFile, offset: bigint | number, length: number): number {
  const start = typeof offset === "bigint" ? Number(offset) : offset;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(length) || start < 0 || length < 0 || start + length > file.size) {
    throw new EpiscopeError(
      "read-out-of-range",
      `${file.path}: read of ${length} bytes at offset ${String(offset)} is outside the file (${file.size} bytes)`,
    );
  }
  return start;
}

class MappedFile implements EpisodeFile {
  readonly access = "mmap" as const;
  readonly size: number;
  readRanges?: (starts: Float64Array, lengths: Uint32Array, out: Uint8Array) => void;
  #buffer: ArrayBuffer | null;

  get closed(): boolean {
    return this.#buffer === null;
  }

  constructor(
    readonly path: string,
    buffer: ArrayBuffer,
  ) {
    this.#buffer = buffer;
    this.size = buffer.byteLength;
  }

  read(offset: bigint | number, length: number): Uint8Array {
    if (!this.#buffer) throw new EpiscopeError("file-closed", `${this.path}: read after close`);
    return new Uint8Array(this.#buffer, checkRange(this, offset, length), length);
  }

  close(): void {
    // No munmap here: views handed out may still be in use. The addon's finalizer unmaps once they are collected.
    this.#buffer = null;
  }
}

class PreadFile implements EpisodeFile {
  readonly access = "pread" as const;
  readonly size: number;
  #fd: number | null;

  constructor(readonly path: string) {
    try {
      this.#fd = fs.openSync(path, "r");
      this.size = fs.fstatSync(this.#fd).size;
    } catch (error) {
      throw fileError(path, error);
    }
  }

  read(offset: bigint | number, length: number): Uint8Array {
    if (this.#fd === null) throw new EpiscopeError("file-closed", `${this.path}: read after close`);
    const start = checkRange(this, offset, length);
    const out = new Uint8Array(length);
    let done = 0;
    try {
      while (done < length) {
        const n = fs.readSync(this.#fd, out, done, length - done, start + done);
        if (n === 0) break;
        done += n;
      }
    } catch (error) {
      throw new EpiscopeError("read-failed", `${this.path}: read at offset ${start} failed: ${(error as Error).message}`);
    }
    if (done < length) {
      throw new EpiscopeError("read-failed", `${this.path}: file shrank while reading (offset ${start + done})`);
    }
    return out;
  }

  close(): void {
    if (this.#fd !== null) {
      fs.closeSync(this.#fd);
      this.#fd = null;
    }
  }
}
