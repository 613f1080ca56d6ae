/**
 * Open an MCAP file from disk with @mcap/core's McapIndexedReader (positional reads through a FileHandle),
 * used by the sample tests and the ffprobe check.
 */
import { open, type FileHandle } from "node:fs/promises";
import { McapIndexedReader, type IReadable } from "@mcap/core";
import { loadDecompressHandlers } from "@mcap/support";

/** IReadable over an open file: `read(offset, size)` is a positional read of exactly `size` bytes. */
export class FileHandleReadable implements IReadable {
  #handle: FileHandle;
  constructor(handle: FileHandle) {
    this.#handle = handle;
  }
  async size(): Promise<bigint> {
    return BigInt((await this.#handle.stat()).size);
  }
  async read(offset: bigint, size: bigint): Promise<Uint8Array> {
    const buffer = new Uint8Array(Number(size));
    let done = 0;
    while (done < buffer.length) {
      const { bytesRead } = await this.#handle.read(buffer, done, buffer.length - done, Number(offset) + done);
      if (bytesRead === 0) throw new Error(`unexpected end of file at ${Number(offset) + done}`);
      done += bytesRead;
    }
    return buffer;
  }
}

/** An indexed reader plus the handle to close when done. */
export interface OpenedMcap {
  reader: McapIndexedReader;
  close(): Promise<void>;
}

/** Open `path` for indexed reading, with zstd/lz4/bz2 chunk decompression available. */
export async function openIndexedMcap(path: string): Promise<OpenedMcap> {
  const handle = await open(path, "r");
  try {
    const reader = await McapIndexedReader.Initialize({
      readable: new FileHandleReadable(handle),
      decompressHandlers: await loadDecompressHandlers(),
    });
    return { reader, close: () => handle.close() };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
