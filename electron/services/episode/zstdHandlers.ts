/**
 * Glue between @mcap/core's DecompressHandlers (a function per compression name, returning a new buffer) and our
 * ZstdDecompressor (which can write into a reused buffer): handlers carry the decompressor under a symbol so the
 * engine's own chunk readers can use it directly.
 */
import type { DecompressHandlers } from "@mcap/core";
import type { ZstdDecompressor } from "./zstdDecompressor.ts";

/** Where `withZstd` keeps the decompressor on the handlers object. */
const ZSTD = Symbol("episcope.zstdDecompressor");

type Tagged = DecompressHandlers & { [ZSTD]?: ZstdDecompressor };

/** `handlers` with `zstd` replaced by `decompressor` (fresh output buffers), and the decompressor attached. */
export function withZstd(handlers: DecompressHandlers, decompressor: ZstdDecompressor): DecompressHandlers {
  const out: Tagged = { ...handlers, zstd: (buffer, size) => decompressor.decompress(buffer, Number(size)) };
  out[ZSTD] = decompressor;
  return out;
}

/** The ZstdDecompressor attached by `withZstd`, if any. */
export function attachedZstd(handlers: DecompressHandlers): ZstdDecompressor | undefined {
  return (handlers as Tagged)[ZSTD];
}
