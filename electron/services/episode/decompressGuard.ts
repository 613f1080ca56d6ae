/**
 * Chunk decompressors that refuse absurd declared sizes. A Chunk record states its `uncompressed_size`
 * (https://mcap.dev/spec#chunk-op0x06) and the decompressors allocate exactly that much up front, so a damaged or
 * hostile header claiming gigabytes would make the process allocate it (or die). We cap it.
 */
import type { DecompressHandlers } from "@mcap/core";

/** Largest uncompressed chunk accepted (bytes): 1 GiB; real writers use a few MB (rosbag2: 4 MB, mcap CLI: 8 MB). */
export const MAX_CHUNK_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024;

/**
 * Wrap `handlers` so each refuses an uncompressed size above MAX_CHUNK_UNCOMPRESSED_BYTES before allocating.
 * @throws Error (from the wrapped handler) naming the declared size and the limit.
 */
export function guardDecompressHandlers(handlers: DecompressHandlers): DecompressHandlers {
  const guarded: DecompressHandlers = {};
  for (const [name, decompress] of Object.entries(handlers)) {
    guarded[name] = (buffer: Uint8Array, decompressedSize: bigint): Uint8Array => {
      checkUncompressedSize(decompressedSize);
      return decompress(buffer, decompressedSize);
    };
  }
  return guarded;
}

/**
 * @throws Error when `size` (bytes, as declared by a chunk header) exceeds MAX_CHUNK_UNCOMPRESSED_BYTES.
 */
export function checkUncompressedSize(size: bigint | number): void {
  if (BigInt(size) > BigInt(MAX_CHUNK_UNCOMPRESSED_BYTES)) {
    throw new Error(
      `a chunk declares an uncompressed size of ${size} bytes, above the ${MAX_CHUNK_UNCOMPRESSED_BYTES}-byte limit (damaged chunk header?)`,
    );
  }
}
