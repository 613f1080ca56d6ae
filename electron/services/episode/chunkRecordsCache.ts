/**
 * Decompressed chunk records kept for reuse, least recently used evicted beyond a byte budget. Shared by the indexed
 * and streamed sources: a chunk is decompressed once however many of its messages are read.
 */
import type { DecompressHandlers } from "@mcap/core";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import { checkUncompressedSize } from "./decompressGuard.ts";
import type { EpisodeFile } from "./episodeFile.ts";
import type { ChunkLayout } from "./mcapRecords.ts";

/** Budget of decompressed chunk bytes kept per opened file. */
export const CHUNK_CACHE_BYTES = 64 * 1024 * 1024;

/** Decompressed records of compressed chunks, by chunk number. */
export class ChunkRecordsCache {
  #cache = new Map<number, Uint8Array>();
  #bytes = 0;

  constructor(
    private readonly file: EpisodeFile,
    private readonly displayName: string,
    private readonly decompressHandlers: DecompressHandlers,
    private readonly budgetBytes = CHUNK_CACHE_BYTES,
  ) {}

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
    const decompress = this.decompressHandlers[layout.compression];
    if (!decompress) {
      throw new EpiscopeError("unsupported-compression", `${this.displayName}: chunk compression "${layout.compression}" is not supported`);
    }
    checkUncompressedSize(layout.uncompressedSize);
    const records = decompress(this.file.read(layout.recordsOffset, layout.recordsLength), BigInt(layout.uncompressedSize));
    if (records.length !== layout.uncompressedSize) {
      throw new Error(`chunk decompressed to ${records.length} bytes, expected ${layout.uncompressedSize}`);
    }
    this.#cache.set(chunkNumber, records);
    this.#bytes += records.byteLength;
    for (const [key, entry] of this.#cache) {
      if (this.#bytes <= this.budgetBytes || key === chunkNumber) break;
      this.#cache.delete(key);
      this.#bytes -= entry.byteLength;
    }
    return records;
  }

  /** Drop everything. */
  clear(): void {
    this.#cache.clear();
    this.#bytes = 0;
  }
}
