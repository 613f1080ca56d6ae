/**
 * An EpisodeFile read from object storage (s3:// or http(s)://, issue #18): every read touches only the byte ranges it
 * needs, fetched with range requests in blocks of BLOCK_BYTES (a miss right after the previous fetch — a sequential
 * pass — also takes up to READ_AHEAD_BLOCKS following missing blocks in the same request) into a sparse cache file on disk, so the engine's reads — the MCAP summary
 * section, chunk indexes, the wanted chunks — cost a small fraction of the object, and a reopen costs nothing.
 *
 * The cache: `EPISCOPE_OBJECT_CACHE` (default `$XDG_CACHE_HOME/episcope/objects`, per user: appPaths.ts userCacheDir), one sparse file per object version
 * (named by the SHA-256 of URL, size and entity tag) and a bitmap of the blocks it holds; bounded by
 * `EPISCOPE_OBJECT_CACHE_BYTES` (default 4 GiB): when an object is opened, the least recently used other objects'
 * caches are deleted until the total fits. A replaced object (another entity tag) fails its next fetch with
 * `file-changed`, never mixes old and new bytes.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { EpiscopeError } from "../../../../shared/ipc/contract.ts";
import { userCacheDir } from "../../../appPaths.ts";
import type { EpisodeFile } from "../episodeFile.ts";
import { checkReadRange } from "../readRange.ts";
import { redactUrl } from "./objectUrl.ts";
import { headObjectSync, readObjectRangeSync } from "./syncObjectReads.ts";

/** Bytes fetched per block (64 KiB: small enough that a chunk index entry does not pull a whole chunk). */
export const BLOCK_BYTES = 64 * 1024;
/** Further missing blocks fetched with a sequential miss, in the same request (512 KiB). */
export const READ_AHEAD_BLOCKS = 8;
const DEFAULT_BUDGET = 4 * 2 ** 30;

/** Bytes fetched from object storage by this thread since it started (all objects). */
let fetchedTotal = 0;

/** Bytes fetched from object storage by this thread so far (for `info`, tests and the bench). */
export function objectBytesFetched(): number {
  return fetchedTotal;
}

/** The cache folder. */
function cacheDir(): string {
  return process.env.EPISCOPE_OBJECT_CACHE ?? userCacheDir("objects");
}

/** Delete the least recently used object caches (other than `keep`) until the folder holds at most the budget. */
function enforceBudget(dir: string, keep: string): void {
  const budget = Number(process.env.EPISCOPE_OBJECT_CACHE_BYTES ?? DEFAULT_BUDGET);
  const caches = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(".data"))
    .map((n) => {
      const stat = fs.statSync(path.join(dir, n), { throwIfNoEntry: false });
      return { base: n.slice(0, -5), bytes: stat ? stat.blocks * 512 : 0, used: stat?.atimeMs ?? 0 };
    })
    .sort((a, b) => a.used - b.used);
  let total = caches.reduce((sum, c) => sum + c.bytes, 0);
  for (const c of caches) {
    if (total <= budget) break;
    if (c.base === keep) continue;
    for (const ext of [".data", ".blocks"]) fs.rmSync(path.join(dir, c.base + ext), { force: true });
    total -= c.bytes;
  }
}

/** A remote object opened for random access through the block cache. */
export class RemoteEpisodeFile implements EpisodeFile {
  readonly access = "range" as const;
  readonly size: number;
  readonly #etag: string | null;
  readonly #present: Uint8Array;
  readonly #dataFile: string;
  readonly #blocksFile: string;
  #fd: number | null;
  #dirty = false;
  /** Block after the last fetched run (a miss there means a sequential pass). */
  #nextSequential = -1;
  /** Bytes this file fetched from the store. */
  fetchedBytes = 0;

  /**
   * Open the object at `url` (one HEAD request; the cache file is created or reused).
   * @throws EpiscopeError `not-found`, `unreadable` (the store refused or could not be reached), naming the URL
   */
  constructor(readonly path: string) {
    let head: { size: number; etag: string | null };
    try {
      head = headObjectSync(path);
    } catch (error) {
      const code = (error as { code?: string }).code === "not-found" ? "not-found" : "unreadable";
      throw new EpiscopeError(code, (error as Error).message);
    }
    this.size = head.size;
    this.#etag = head.etag;
    const dir = cacheDir();
    fs.mkdirSync(dir, { recursive: true });
    const base = createHash("sha256").update(`${path}\n${head.size}\n${head.etag ?? ""}`).digest("hex").slice(0, 32);
    this.#dataFile = `${dir}/${base}.data`;
    this.#blocksFile = `${dir}/${base}.blocks`;
    const blocks = Math.ceil(this.size / BLOCK_BYTES);
    this.#present = new Uint8Array(blocks);
    try {
      const saved = fs.readFileSync(this.#blocksFile);
      if (saved.length === blocks && fs.statSync(this.#dataFile).size === this.size) this.#present.set(saved);
    } catch {
      // no cache yet
    }
    this.#fd = fs.openSync(this.#dataFile, fs.existsSync(this.#dataFile) ? "r+" : "w+");
    if (fs.fstatSync(this.#fd).size !== this.size) {
      fs.ftruncateSync(this.#fd, this.size); // sparse: only fetched blocks take disk space
      this.#present.fill(0);
    }
    enforceBudget(dir, base);
  }

  read(offset: bigint | number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    this.readInto(offset, length, out, 0);
    return out;
  }

  readInto(offset: bigint | number, length: number, out: Uint8Array, outOffset: number): void {
    const fd = this.#open();
    const start = checkReadRange(redactUrl(this.path), this.size, offset, length);
    if (outOffset + length > out.length) throw new RangeError(`${redactUrl(this.path)}: readInto: out is too small`);
    if (length === 0) return;
    this.#ensure(Math.floor(start / BLOCK_BYTES), Math.floor((start + length - 1) / BLOCK_BYTES));
    let done = 0;
    while (done < length) {
      const n = fs.readSync(fd, out, outOffset + done, length - done, start + done);
      if (n === 0) throw new EpiscopeError("read-failed", `${redactUrl(this.path)}: the cache file ${this.#dataFile} ends early`);
      done += n;
    }
  }

  /** Fetch the missing blocks of [first, last] (inclusive), each run of missing blocks in one request. */
  #ensure(first: number, last: number): void {
    let b = first;
    while (b <= last) {
      if (this.#present[b]) {
        b++;
        continue;
      }
      let end = b;
      while (end + 1 <= last && !this.#present[end + 1]) end++;
      const ahead = b === this.#nextSequential ? READ_AHEAD_BLOCKS : 0;
      for (let k = 0; k < ahead && end + 1 < this.#present.length && !this.#present[end + 1]; k++) end++;
      this.#fetch(b, end);
      b = end + 1;
    }
  }

  #fetch(firstBlock: number, lastBlock: number): void {
    const offset = firstBlock * BLOCK_BYTES;
    const length = Math.min(this.size, (lastBlock + 1) * BLOCK_BYTES) - offset;
    let bytes: Uint8Array;
    try {
      bytes = readObjectRangeSync(this.path, offset, length, this.#etag);
    } catch (error) {
      const code = (error as { code?: string }).code ?? "read-failed";
      throw new EpiscopeError(code === "not-found" ? "file-changed" : code, (error as Error).message);
    }
    fs.writeSync(this.#fd!, bytes, 0, bytes.length, offset);
    this.#present.fill(1, firstBlock, lastBlock + 1);
    this.#nextSequential = lastBlock + 1;
    this.#dirty = true;
    this.fetchedBytes += bytes.length;
    fetchedTotal += bytes.length;
  }

  check(): void {
    this.#open();
  }

  #open(): number {
    if (this.#fd === null) throw new EpiscopeError("file-closed", `${redactUrl(this.path)}: read after close`);
    return this.#fd;
  }

  close(): void {
    if (this.#fd === null) return;
    fs.closeSync(this.#fd);
    this.#fd = null;
    if (this.#dirty) {
      try {
        fs.writeFileSync(this.#blocksFile, this.#present);
      } catch {
        // the cache only saves fetches
      }
    }
  }
}
