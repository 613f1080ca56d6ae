/**
 * Random access to an episode file: memory-mapped through the optional native addon (bytes copied out of the
 * mapping, which never reaches V8: works inside Electron's V8 sandbox and past 4 GiB), or positional reads
 * (`fs.readSync` at an offset) when the addon is missing or disabled with `EPISCOPE_NO_MMAP=1`.
 *
 * Both detect a file changed under us (shrunk, grown, rewritten or replaced while open): reads then throw
 * EpiscopeError `file-changed` ("… the file changed on disk (what) — reload") instead of reading stale or missing
 * bytes; with the map, no page past the current end is touched and a racing truncate is caught (SIGBUS guard).
 */
import fs from "node:fs";
import path from "node:path";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import { loadMmapAddon, type MapHandle, type MmapAddon } from "./mmapAddon.ts";
import { checkReadRange } from "./readRange.ts";
import { isObjectUrl } from "./remote/objectUrl.ts";
import { RemoteEpisodeFile } from "./remote/remoteEpisodeFile.ts";

/**
 * How an EpisodeFile reads: `mmap` (copies out of a read-only shared mapping), `pread` (positional reads) or `range`
 * (range requests to object storage through a block cache on disk: remote/remoteEpisodeFile.ts).
 */
export type FileAccess = "mmap" | "pread" | "range";

/** An open, read-only episode file. */
export interface EpisodeFile {
  /** Absolute path. */
  readonly path: string;
  /** Size in bytes when opened. */
  readonly size: number;
  readonly access: FileAccess;
  /**
   * A fresh copy of `length` bytes at byte `offset`.
   * @throws EpiscopeError `read-out-of-range` when [offset, offset + length) is not inside the file,
   *   `file-closed` after close(), `file-changed` when the file changed on disk since open, `read-failed` on an I/O
   *   error.
   */
  read(offset: bigint | number, length: number): Uint8Array;
  /**
   * Copy `length` bytes at byte `offset` into `out` at `outOffset` (a reused buffer: no allocation).
   * @throws like read; RangeError when `out` is too small.
   */
  readInto(offset: number, length: number, out: Uint8Array, outOffset: number): void;
  /**
   * Many small reads in one call (mmap only: one native call per batch): range k is `lengths[k]` bytes at byte
   * `starts[k]`, written packed into `out` in order. Ranges must lie inside the file.
   * @throws EpiscopeError `file-changed`, `read-failed`, `file-closed` after close().
   */
  readRanges?(starts: Float64Array, lengths: Uint32Array, out: Uint8Array): void;
  /**
   * Like readRanges (range k is `lengths[k]` bytes at byte `starts[k]`, written packed into `out` in order), through
   * one positional read per range instead of the mapping: for a first pass over ranges far apart (a joint channel's
   * messages between video frames, the Message Index records after each MCAP chunk) touching the mapping costs a page
   * fault per range, which is dearer than a pread (measured on the 1.5 GB bench episode: ~2× the CPU time). Under mmap
   * access the preads are the addon's, in one native call (~2 µs per range here; fs.readSync per range costs ~4 µs).
   * The file is checked once per call.
   * @throws EpiscopeError `read-out-of-range` for a range outside the file, `file-changed` (also when a read comes
   *   back short), `read-failed`, `file-closed` after close().
   */
  readScattered?(starts: Float64Array, lengths: Uint32Array, out: Uint8Array): void;
  /**
   * Ask the kernel to start reading these ranges (range k: `lengths[k]` bytes at byte `starts[k]`) into the page cache
   * now, without waiting: a scattered pass over a file not in the page cache then has its reads in flight together
   * instead of one at a time. Advice only (never throws for I/O); mmap access only.
   * @throws EpiscopeError `file-closed` after close().
   */
  prefetch?(starts: Float64Array, lengths: Uint32Array): void;
  /**
   * Check now (stat of the path included) that the file is the one opened.
   * @throws EpiscopeError `file-changed` naming what changed, `file-closed` after close().
   */
  check(): void;
  /** Release the descriptor and the mapping. Idempotent. */
  close(): void;
}

/** Options of openEpisodeFile. */
export interface OpenEpisodeFileOptions {
  /** Force mmap or pread for a local file. Default: mmap when the addon loads (and EPISCOPE_NO_MMAP is not 1), else pread. */
  access?: Exclude<FileAccess, "range">;
}

/**
 * Open `filePath` for random access: a local file, or an object (`s3://bucket/key`, `https://…`) read by range
 * requests (the `access` option does not apply to objects).
 * @throws EpiscopeError `not-found` (missing), `not-a-file` (a folder or device), `unreadable` (permissions, a store
 *   that refused or cannot be reached).
 */
export function openEpisodeFile(filePath: string, options: OpenEpisodeFileOptions = {}): EpisodeFile {
  if (isObjectUrl(filePath)) return new RemoteEpisodeFile(filePath);
  const absPath = path.resolve(filePath);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absPath);
  } catch (error) {
    throw fileError(absPath, error);
  }
  if (!stat.isFile()) throw new EpiscopeError("not-a-file", `${absPath}: not a regular file`);

  const wanted = options.access ?? (process.env.EPISCOPE_NO_MMAP === "1" ? "pread" : "mmap");
  if (wanted === "mmap") {
    const addon = loadMmapAddon();
    if (addon) {
      try {
        return new MappedFile(absPath, addon, addon.open(absPath));
      } catch (error) {
        // A file system that cannot be mapped: positional reads work.
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "EACCES" || code === "EISDIR") throw fileError(absPath, error);
      }
    }
  }
  return new PreadFile(absPath);
}

/** The EpiscopeError for a file that changed on disk while open. */
export function fileChangedError(absPath: string, what: string): EpiscopeError {
  return new EpiscopeError("file-changed", `${absPath}: the file changed on disk (${what}) — reload`);
}

function fileError(absPath: string, error: unknown): EpiscopeError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return new EpiscopeError("not-found", `${absPath}: no such file`);
  if (code === "EISDIR") return new EpiscopeError("not-a-file", `${absPath}: not a regular file`);
  return new EpiscopeError("unreadable", `${absPath}: cannot open (${(error as Error).message})`);
}

/** An addon error as an EpiscopeError. */
function addonError(file: EpisodeFile, error: unknown, offset: number, length: number): EpiscopeError {
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message;
  if (code === "EFILECHANGED") return new EpiscopeError("file-changed", `${message} — reload`);
  if (code === "EBADF") return new EpiscopeError("file-closed", `${file.path}: read after close`);
  if (code === "ERANGE") return new EpiscopeError("read-out-of-range", message);
  return new EpiscopeError("read-failed", `${file.path}: read of ${length} bytes at offset ${offset} failed: ${message}`);
}

class MappedFile implements EpisodeFile {
  readonly access = "mmap" as const;
  readonly size: number;
  #handle: MapHandle | null;

  constructor(
    readonly path: string,
    private readonly addon: MmapAddon,
    handle: MapHandle,
  ) {
    this.#handle = handle;
    this.size = addon.info(handle).size;
  }

  #open(): MapHandle {
    if (!this.#handle) throw new EpiscopeError("file-closed", `${this.path}: read after close`);
    return this.#handle;
  }

  read(offset: bigint | number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    this.readInto(offset, length, out, 0);
    return out;
  }

  readInto(offset: bigint | number, length: number, out: Uint8Array, outOffset: number): void {
    const handle = this.#open();
    const start = checkReadRange(this.path, this.size, offset, length);
    if (outOffset + length > out.length) throw new RangeError(`${this.path}: readInto: out is too small`);
    try {
      this.addon.copy(handle, start, length, out, outOffset);
    } catch (error) {
      throw addonError(this, error, start, length);
    }
  }

  readRanges(starts: Float64Array, lengths: Uint32Array, out: Uint8Array): void {
    const handle = this.#open();
    try {
      this.addon.readRanges(handle, starts, lengths, out);
    } catch (error) {
      throw addonError(this, error, starts[0] ?? 0, lengths[0] ?? 0);
    }
  }

  prefetch(starts: Float64Array, lengths: Uint32Array): void {
    this.addon.prefetch(this.#open(), starts, lengths);
  }

  readScattered(starts: Float64Array, lengths: Uint32Array, out: Uint8Array): void {
    const handle = this.#open();
    try {
      this.addon.readScattered(handle, starts, lengths, out);
    } catch (error) {
      throw addonError(this, error, starts[0] ?? 0, lengths[0] ?? 0);
    }
  }

  check(): void {
    try {
      this.addon.check(this.#open());
    } catch (error) {
      throw addonError(this, error, 0, 0);
    }
  }

  close(): void {
    if (this.#handle) this.addon.close(this.#handle);
    this.#handle = null;
  }
}

/** Milliseconds between two stats of the path (a replaced file shows only there). */
const PATH_CHECK_MS = 100;

class PreadFile implements EpisodeFile {
  readonly access = "pread" as const;
  readonly size: number;
  #fd: number | null;
  readonly #identity: fs.Stats;
  #lastPathCheck = 0;

  constructor(readonly path: string) {
    try {
      this.#fd = fs.openSync(path, "r");
      this.#identity = fs.fstatSync(this.#fd);
      this.size = this.#identity.size;
    } catch (error) {
      throw fileError(path, error);
    }
  }

  read(offset: bigint | number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    this.readInto(offset, length, out, 0);
    return out;
  }

  readInto(offset: bigint | number, length: number, out: Uint8Array, outOffset: number): void {
    const fd = this.#openFd();
    const start = checkReadRange(this.path, this.size, offset, length);
    if (outOffset + length > out.length) throw new RangeError(`${this.path}: readInto: out is too small`);
    this.#checkIdentity(false);
    preadExactly(this, fd, start, length, out, outOffset);
  }

  readScattered(starts: Float64Array, lengths: Uint32Array, out: Uint8Array): void {
    const fd = this.#openFd();
    this.#checkIdentity(false);
    preadRanges(this, fd, starts, lengths, out);
  }

  check(): void {
    this.#openFd();
    this.#checkIdentity(true);
  }

  #openFd(): number {
    if (this.#fd === null) throw new EpiscopeError("file-closed", `${this.path}: read after close`);
    return this.#fd;
  }

  /** Throws file-changed when the open file or the path differ from what was opened (the path at most every 100 ms). */
  #checkIdentity(forcePath: boolean): void {
    const now = performance.now();
    if (!forcePath && now - this.#lastPathCheck < PATH_CHECK_MS) return;
    this.#lastPathCheck = now;
    const what = changedSince(this.#identity, fs.fstatSync(this.#fd!), () => fs.statSync(this.path, { throwIfNoEntry: false }));
    if (what) throw fileChangedError(this.path, what);
  }

  close(): void {
    if (this.#fd !== null) {
      fs.closeSync(this.#fd);
      this.#fd = null;
    }
  }
}

/**
 * Range k (`lengths[k]` bytes at `starts[k]`) of `file` read through `fd` into `out`, packed in order.
 * @throws EpiscopeError `read-out-of-range`, `file-changed` on a short read, `read-failed`; RangeError when `out` is too small.
 */
function preadRanges(file: EpisodeFile, fd: number, starts: Float64Array, lengths: Uint32Array, out: Uint8Array): void {
  let at = 0;
  for (let k = 0; k < lengths.length; k++) {
    const length = lengths[k]!;
    const start = checkReadRange(file.path, file.size, starts[k]!, length);
    if (at + length > out.length) throw new RangeError(`${file.path}: readScattered: out is too small`);
    preadExactly(file, fd, start, length, out, at);
    at += length;
  }
}

/**
 * `length` bytes at `start` of `file` read through `fd` into `out` at `outOffset` (pread until done).
 * @throws EpiscopeError `file-changed` on a short read (the file shrank), `read-failed`
 */
function preadExactly(file: EpisodeFile, fd: number, start: number, length: number, out: Uint8Array, outOffset: number): void {
  let done = 0;
  try {
    while (done < length) {
      const n = fs.readSync(fd, out, outOffset + done, length - done, start + done);
      if (n === 0) break;
      done += n;
    }
  } catch (error) {
    throw new EpiscopeError("read-failed", `${file.path}: read at offset ${start} failed: ${(error as Error).message}`);
  }
  if (done < length) throw fileChangedError(file.path, `it ends at offset ${start + done}, it had ${file.size} bytes`);
}

/** What changed between `opened` and now (`current` of the descriptor, `pathStat` of the path), or null. */
function changedSince(opened: fs.Stats, current: fs.Stats, pathStat: () => fs.Stats | undefined): string | null {
  if (current.size !== opened.size) return `its size went from ${opened.size} to ${current.size} bytes`;
  if (current.mtimeMs !== opened.mtimeMs) return "it was modified (mtime changed)";
  const byPath = pathStat();
  if (!byPath) return "the path no longer exists";
  if (byPath.ino !== opened.ino || byPath.dev !== opened.dev) return "it was replaced by another file (new inode)";
  return null;
}
