/**
 * Decompressed chunk records kept for reuse, least recently used evicted beyond a byte budget. Shared by the indexed
 * and streamed sources: a chunk is decompressed once however many of its messages are read.
 * Readers that use each payload at once (series, frame indexes, scans, camera frames copied on the spot) go through
 * `transientRecords` instead: chunks are decompressed into a few reused buffers (a ChunkScratch) rather than a new
 * 4 MB allocation each — allocating and first touching that memory costs more than decompressing an incompressible
 * zstd chunk — and, for random reads, only as far as the wanted record.
 */
import type { DecompressHandlers } from "@mcap/core";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import { checkUncompressedSize } from "./decompressGuard.ts";
import type { EpisodeFile } from "./episodeFile.ts";
import { declaredRecordLength, type ChunkLayout } from "./mcapRecords.ts";
import type { ZstdDecompressor, ZstdStream } from "./zstdDecompressor.ts";
import { attachedZstd } from "./zstdHandlers.ts";

/** Budget of decompressed chunk bytes kept per opened file. */
export const CHUNK_CACHE_BYTES = 64 * 1024 * 1024;

/** One chunk held by a ChunkScratch: `records` is the decompressed prefix so far (the whole chunk without a stream). */
interface ScratchEntry {
  owner: ChunkRecordsCache | null;
  chunk: number;
  buffer: Uint8Array | null;
  /** Reused buffer for the compressed bytes of `chunk`. */
  input?: Uint8Array;
  records: Uint8Array | null;
  /** Continues the decompression of `chunk` into `buffer` (zstd through node:zlib or zstd-napi). */
  stream: ZstdStream | null;
}

/**
 * Reusable output buffers for ChunkRecordsCache.transientRecords: `slots` decompressed chunks (or prefixes of them)
 * kept by a reader or a group of readers, least recently used overwritten first. A chunk's bytes stay valid until
 * `slots` other chunks have been read through the same scratch.
 */
export class ChunkScratch {
  /** Least recently used first. */
  readonly entries: ScratchEntry[] = [];

  /**
   * @param slots chunks kept (≥ 1): 1 for one sequential pass, a few for random reads copied at once (frames)
   * @param prefixStepBytes > 0: decompress a chunk only as far as asked, growing by at least this many bytes (random
   *   reads; see PREFIX_STEP_BYTES); 0: whole chunks (sequential passes)
   */
  constructor(
    readonly slots = 1,
    readonly prefixStepBytes = 0,
  ) {}
}

/** A good ChunkScratch prefix step (bytes): zstd's largest block is 128 KiB. */
export const PREFIX_STEP_BYTES = 256 * 1024;

/** Decompressed records of compressed chunks, by chunk number. */
export class ChunkRecordsCache {
  #cache = new Map<number, Uint8Array>();
  #bytes = 0;
  /** zstd decompressor that can write into a reused buffer (see zstdHandlers.ts), when the handlers carry one. */
  readonly #zstd: ZstdDecompressor | undefined;

  constructor(
    private readonly file: EpisodeFile,
    private readonly displayName: string,
    private readonly decompressHandlers: DecompressHandlers,
    private readonly budgetBytes = CHUNK_CACHE_BYTES,
  ) {
    this.#zstd = attachedZstd(decompressHandlers);
  }

  /**
   * The uncompressed records of chunk `chunkNumber` (laid out as `layout`, compression not "").
   * @throws EpiscopeError `unsupported-compression`; Error when the size is absurd or does not match the header.
   */
  records(chunkNumber: number, layout: ChunkLayout): Uint8Array {
    const hit = this.#cache.get(chunkNumber);
    if (hit) {
      this.#cache.delete(chunkNumber);
      this.#cache.set(chunkNumber, hit);
      return hit;
    }
    const records = this.#decompress(layout);
    this.#cache.set(chunkNumber, records);
    this.#bytes += records.byteLength;
    for (const [key, entry] of this.#cache) {
      if (this.#bytes <= this.budgetBytes || key === chunkNumber) break;
      this.#cache.delete(key);
      this.#bytes -= entry.byteLength;
    }
    return records;
  }

  /**
   * The uncompressed records of chunk `chunkNumber` for short-lived use, at least its first `end` bytes (default: all
   * of them): the cached copy when there is one, else from `scratch` — decompressed there into a reused buffer, only
   * as far as needed when the zstd library can stream (a later call continues where this one stopped); nothing is
   * added to the cache. Valid until `scratch.slots` other chunks have been read through `scratch`. For sequential
   * reads of a whole channel (series, frame indexes) and for reads copied at once (camera frames).
   * @throws like records; Error when `end` is past the chunk's uncompressed size.
   */
  transientRecords(chunkNumber: number, layout: ChunkLayout, scratch: ChunkScratch, end = layout.uncompressedSize): Uint8Array {
    const hit = this.#cache.get(chunkNumber);
    if (hit) return hit;
    if (end > layout.uncompressedSize) throw new Error(`offset ${end} is past the chunk's ${layout.uncompressedSize} uncompressed bytes`);
    const { entries } = scratch;
    const k = entries.findIndex((e) => e.owner === this && e.chunk === chunkNumber && e.records !== null);
    let entry: ScratchEntry;
    if (k >= 0) {
      entry = entries.splice(k, 1)[0]!;
      entries.push(entry);
      if (entry.records!.length >= end) return entry.records!;
    } else {
      entry = entries.length < scratch.slots ? { owner: null, chunk: -1, buffer: null, records: null, stream: null } : entries.shift()!;
      entry.owner = null;
      entry.records = null;
      entries.push(entry);
    }
    if (layout.compression !== "zstd" || !this.#zstd) {
      entry.records = this.#decompress(layout);
    } else {
      const size = layout.uncompressedSize;
      checkUncompressedSize(size);
      // One spare byte: the decompressors use it to detect a frame longer than declared.
      if (!entry.buffer || entry.buffer.length <= size) entry.buffer = Buffer.allocUnsafeSlow(Math.max(size + 1, Math.ceil(size * 1.25)));
      // The compressed bytes go to a reused input buffer: read whole, or as far as the stream needs.
      const length = layout.recordsLength;
      if (!entry.input || entry.input.length < length) entry.input = Buffer.allocUnsafeSlow(Math.ceil(length * 1.25));
      const input = entry.input.subarray(0, length);
      entry.stream ??= this.#zstd.stream?.() ?? null;
      if (!entry.stream) {
        this.file.readInto(layout.recordsOffset, length, input, 0);
        entry.records = this.#zstd.decompress(input, size, entry.buffer);
      } else {
        if (entry.records === null) {
          let loaded = 0;
          entry.stream.begin(input, size, (upTo) => {
            this.file.readInto(layout.recordsOffset + loaded, upTo - loaded, input, loaded);
            return (loaded = upTo);
          });
        }
        const step = scratch.prefixStepBytes;
        const want = step > 0 ? Math.min(size, Math.max(end, (entry.records?.length ?? 0) + step)) : size;
        entry.records = entry.buffer.subarray(0, entry.stream.fill(entry.buffer, want));
      }
    }
    entry.owner = this;
    entry.chunk = chunkNumber;
    return entry.records;
  }

  /**
   * Like transientRecords, decompressed at least as far as the end of the record at `offset` (its 9-byte header says
   * how long it is), so e.g. a camera frame early in a chunk costs only that chunk's first bytes.
   * @throws like transientRecords.
   */
  transientRecordsHolding(chunkNumber: number, layout: ChunkLayout, scratch: ChunkScratch, offset: number): Uint8Array {
    const size = layout.uncompressedSize;
    // The header and the fixed fields of a Message record (https://mcap.dev/spec#message-op0x05).
    let records = this.transientRecords(chunkNumber, layout, scratch, Math.min(size, offset + 31));
    if (offset + 9 <= records.length) {
      const end = offset + 9 + declaredRecordLength(records, offset);
      if (end > records.length) records = this.transientRecords(chunkNumber, layout, scratch, Math.min(size, end));
    }
    return records;
  }

  /**
   * Decompress a chunk's records into a new buffer.
   * @throws EpiscopeError `unsupported-compression`; Error when the size is absurd or does not match the header.
   */
  #decompress(layout: ChunkLayout): Uint8Array {
    const decompress = this.decompressHandlers[layout.compression];
    if (!decompress) {
      throw new EpiscopeError("unsupported-compression", `${this.displayName}: chunk compression "${layout.compression}" is not supported`);
    }
    checkUncompressedSize(layout.uncompressedSize);
    const records = decompress(this.file.read(layout.recordsOffset, layout.recordsLength), BigInt(layout.uncompressedSize));
    if (records.length !== layout.uncompressedSize) {
      throw new Error(`chunk decompressed to ${records.length} bytes, expected ${layout.uncompressedSize}`);
    }
    return records;
  }

  /** Drop everything. */
  clear(): void {
    this.#cache.clear();
    this.#bytes = 0;
  }
}
