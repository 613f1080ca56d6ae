/**
 * Open an MCAP file: check it is one (magic bytes at both ends, https://mcap.dev/spec#magic), then read it through
 * its summary and message indexes, or with one streaming pass when the index cannot serve every message.
 */
import type { DecompressHandlers } from "@mcap/core";
import { loadDecompressHandlers } from "@mcap/support";
import path from "node:path";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import { openEpisodeFile, type EpisodeFile, type OpenEpisodeFileOptions } from "./episodeFile.ts";
import { openIndexed } from "./indexedSource.ts";
import { hexBytes, MCAP_MAGIC_BYTES, startsWithMagic } from "./mcapRecords.ts";
import type { McapSource } from "./mcapSource.ts";
import { openStreamed } from "./streamedSource.ts";
import { withZstd } from "./zstdHandlers.ts";
import { zstdChoice } from "./zstdDecompressor.ts";

let handlers: Promise<DecompressHandlers> | undefined;

/**
 * Chunk decompressors, loaded once: lz4 and bz2 from @mcap/support (WebAssembly); zstd from the fastest library
 * available (node:zlib, zstd-napi or WebAssembly; see zstdDecompressor.ts), also reachable as `ZSTD_DECOMPRESSOR` on
 * the returned object for readers that reuse output buffers (see chunkRecordsCache.ts).
 */
export function decompressHandlers(): Promise<DecompressHandlers> {
  handlers ??= (async () => {
    const [support, { decompressor }] = await Promise.all([loadDecompressHandlers(), zstdChoice()]);
    return withZstd(support, decompressor);
  })();
  return handlers;
}

/** Options of openMcap. */
export interface OpenMcapOptions extends OpenEpisodeFileOptions {
  /** How to name the file in errors and problems (default: the path as given). */
  displayName?: string;
  /**
   * Open damaged files (cut short, or with an invalid record) anyway: everything before the damage is readable and
   * the damage is an `error` problem (`truncated` / `corrupt-mcap`) naming the byte offset. Default false: throw.
   */
  salvage?: boolean;
}

/**
 * Open the MCAP file at `filePath`.
 * @throws EpiscopeError naming the file: `not-found`, `empty-file` (0 bytes), `not-mcap` (wrong magic at offset 0),
 *   `truncated` (ends before the footer/closing magic, or a record's length runs past the end; gives the offset),
 *   `corrupt-mcap` (invalid records; gives the offset). With `salvage`, only the first three (and `truncated` when
 *   the file ends inside the magic).
 */
export async function openMcap(filePath: string, options: OpenMcapOptions = {}): Promise<McapSource> {
  const displayName = options.displayName ?? filePath;
  const file = openEpisodeFile(filePath, options);
  try {
    checkMagic(file, displayName);
    const handlers = await decompressHandlers();
    const tail = file.read(file.size - 8, 8);
    if (!startsWithMagic(tail) || file.size < 16) {
      // Streaming finds where the data stops and throws (or, salvaging, reports) `truncated` with that offset.
      const partial = openStreamed(file, displayName, handlers, { keepData: options.salvage === true, salvage: options.salvage });
      if (options.salvage) return partial;
      throw new EpiscopeError(
        "truncated",
        `${displayName}: truncated MCAP: no closing magic at offset ${file.size - 8} (found ${hexBytes(tail)})`,
      );
    }
    const indexed = await openIndexed(file, displayName, handlers);
    if ("fallback" in indexed) {
      const source = openStreamed(file, displayName, handlers, { salvage: options.salvage });
      source.problems.push({
        severity: indexed.severity,
        code: "no-index",
        message: `${path.basename(displayName)}: not read through an index because ${indexed.fallback}; read with one linear pass (message data held in memory)`,
      });
      return source;
    }
    return indexed;
  } catch (error) {
    file.close();
    throw error;
  }
}

/**
 * Check the leading magic.
 * @throws EpiscopeError `empty-file`, `not-mcap` or `truncated` (shorter than the magic).
 */
function checkMagic(file: EpisodeFile, displayName: string): void {
  if (file.size === 0) throw new EpiscopeError("empty-file", `${displayName}: empty file (0 bytes), not an MCAP file`);
  const head = file.read(0, Math.min(8, file.size));
  const expected = hexBytes(MCAP_MAGIC_BYTES);
  if (!Array.from(head).every((b, i) => b === MCAP_MAGIC_BYTES[i])) {
    throw new EpiscopeError(
      "not-mcap",
      `${displayName}: not an MCAP file (magic bytes at offset 0 are ${hexBytes(head)}, expected ${expected})`,
    );
  }
  if (file.size < 8) {
    throw new EpiscopeError("truncated", `${displayName}: truncated MCAP: the file ends at offset ${file.size}, inside the magic bytes`);
  }
}
