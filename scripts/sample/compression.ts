/** Chunk compression for McapWriter's `compressChunk` option, using @foxglove/wasm-zstd (which can compress). */
import { unwrapDefaultExport } from "@mcap/support";
import * as zstdNs from "@foxglove/wasm-zstd";
import type { ChunkCompression } from "./episodes.ts";

type Zstd = typeof zstdNs;
/** zstd level: 19 is slow to write but the sample is small and written rarely. */
const ZSTD_LEVEL = 19;

/** McapWriter `compressChunk` callback: chunk bytes → `{ compression: "zstd", compressedData }`. */
export type CompressChunk = (chunk: Uint8Array) => { compression: string; compressedData: Uint8Array };

/** Build the `compressChunk` callback for `compression`, or undefined for uncompressed chunks. */
export async function chunkCompressor(compression: ChunkCompression): Promise<CompressChunk | undefined> {
  if (compression === "none") return undefined;
  const zstd = unwrapDefaultExport<Zstd>(zstdNs);
  await zstd.isLoaded;
  return (chunk) => ({ compression: "zstd", compressedData: new Uint8Array(zstd.compress(chunk, ZSTD_LEVEL)) });
}
