import { crc32 } from "@foxglove/crc";
import { McapIndexedReader } from "@mcap/core";
import { loadDecompressHandlers } from "@mcap/support";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEpisodeFile } from "./episodeFile.ts";
import { readChunkLayout } from "./mcapRecords.ts";
import { evenTimes, writeTestMcap } from "./testMcapWriter.ts";
import {
  chooseZstd,
  loadZstdImplementation,
  ZSTD_IMPLEMENTATIONS,
  ZSTD_NAPI_BINDING,
  type ZstdDecompressor,
  type ZstdImplementation,
} from "./zstdDecompressor.ts";

const DATA = `${process.env.EPISCOPE_SHARED_DATA}/mcap`;

/** Whether each implementation should load here, decided without zstdDecompressor.ts. */
function expectedAvailable(implementation: ZstdImplementation): boolean {
  switch (implementation) {
    case "node:zlib":
      return typeof (zlib as { zstdDecompressSync?: unknown }).zstdDecompressSync === "function";
    case "zstd-napi":
      try {
        createRequire(import.meta.url)(ZSTD_NAPI_BINDING);
        return true;
      } catch {
        return false;
      }
    case "wasm":
      return true;
  }
}

interface ZstdChunk {
  file: string;
  offset: number;
  compressed: Uint8Array;
  size: number;
  crc: number;
}

/** Every zstd chunk of `file`: its compressed records, declared size and CRC. */
async function zstdChunks(file: string): Promise<ZstdChunk[]> {
  const handle = openEpisodeFile(file, { access: "pread" });
  try {
    const reader = await McapIndexedReader.Initialize({
      readable: { size: async () => BigInt(handle.size), read: async (at, n) => handle.read(at, Number(n)) },
      decompressHandlers: await loadDecompressHandlers(),
    });
    return reader.chunkIndexes
      .filter((c) => c.compression === "zstd")
      .map((c) => {
        const layout = readChunkLayout((at, n) => handle.read(at, n), Number(c.chunkStartOffset), Number(c.chunkLength));
        return {
          file: path.basename(file),
          offset: Number(c.chunkStartOffset),
          compressed: handle.read(layout.recordsOffset, layout.recordsLength),
          size: layout.uncompressedSize,
          crc: layout.uncompressedCrc,
        };
      });
  } finally {
    handle.close();
  }
}

let dir: string;
let chunks: ZstdChunk[];
const loaded = new Map<ZstdImplementation, ZstdDecompressor>();

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-zstd-"));
  // A generated file: many small zstd chunks of compressible JSON and of incompressible bytes (stored raw by zstd).
  const generated = path.join(dir, "generated-zstd.mcap");
  let seed = 7;
  const noise = () => Array.from({ length: 600 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24).toString(16)).join("");
  await writeTestMcap(generated, {
    channels: [
      { topic: "/value", schemaName: "demo.Value" },
      { topic: "/noise", schemaName: "demo.Noise" },
    ],
    messages: evenTimes(1_000_000_000n, 10_000_000n, 400).flatMap((t, i) => [
      { topic: "/value", logTimeNs: t, json: { value: i, half: i / 2 } },
      { topic: "/noise", logTimeNs: t, json: { bytes: noise() } },
    ]),
    chunkSize: 32 * 1024,
    compression: "zstd",
  });
  const files = [generated, ...fs.readdirSync(DATA).filter((f) => f.endsWith(".mcap")).map((f) => path.join(DATA, f))];
  chunks = (await Promise.all(files.map(zstdChunks))).flat();
  for (const implementation of ZSTD_IMPLEMENTATIONS) {
    const decompressor = await loadZstdImplementation(implementation);
    if (typeof decompressor !== "string") loaded.set(implementation, decompressor);
  }
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("zstd decompressors", () => {
  it("load exactly where their library is present (node:zlib needs Node ≥ 22.15; zstd-napi its built binding)", async () => {
    for (const implementation of ZSTD_IMPLEMENTATIONS) {
      expect(loaded.has(implementation), implementation).toBe(expectedAvailable(implementation));
    }
    const reason = await loadZstdImplementation("node:zlib");
    if (!expectedAvailable("node:zlib")) expect(reason).toMatch(/node:zlib has no zstd in Node v\d+/);
  });

  it("the default choice is the first available of node:zlib, zstd-napi, wasm", async () => {
    const { decompressor, skipped } = await chooseZstd([...ZSTD_IMPLEMENTATIONS]);
    const first = ZSTD_IMPLEMENTATIONS.find(expectedAvailable)!;
    expect(decompressor.implementation).toBe(first);
    for (const implementation of ZSTD_IMPLEMENTATIONS.slice(0, ZSTD_IMPLEMENTATIONS.indexOf(first))) {
      expect(skipped[implementation], implementation).toMatch(/\S/);
    }
  });

  it("falls back to WebAssembly when the native binding is absent, saying why", async () => {
    const { decompressor, skipped } = await chooseZstd(["zstd-napi", "wasm"], { napiBinding: path.join(dir, "missing", "binding.node") });
    expect(decompressor.implementation).toBe("wasm");
    expect(skipped["zstd-napi"]).toMatch(/zstd-napi's binding is not built or does not load .*missing/);
  });

  it("each available decompressor gives the exact bytes of every zstd chunk of real and generated files", async () => {
    expect(chunks.length).toBeGreaterThan(10);
    expect(new Set(chunks.map((c) => c.file)).size).toBeGreaterThanOrEqual(3);
    const reference = (await loadDecompressHandlers()).zstd!;
    for (const [implementation, decompressor] of loaded) {
      for (const chunk of chunks) {
        const where = `${implementation}: ${chunk.file} chunk at ${chunk.offset}`;
        const expected = reference(chunk.compressed, BigInt(chunk.size));
        const fresh = decompressor.decompress(chunk.compressed, chunk.size);
        expect(crc32(fresh), where).toBe(chunk.crc);
        expect(Buffer.compare(fresh, expected), where).toBe(0);
        // Into a reused, larger buffer holding stale bytes: same content, a view of that buffer where supported.
        const into = new Uint8Array(chunk.size + 100).fill(0xee);
        const reused = decompressor.decompress(chunk.compressed, chunk.size, into);
        expect(Buffer.compare(reused, expected), where).toBe(0);
        if (implementation !== "wasm") expect(reused.buffer, where).toBe(into.buffer);
        // Plain Uint8Arrays (a Buffer's slice() would be a view: see plainBytes.ts), also into a Buffer.
        const intoBuffer = Buffer.alloc(chunk.size + 1);
        for (const bytes of [fresh, reused, decompressor.decompress(chunk.compressed, chunk.size, intoBuffer)]) {
          expect(Object.getPrototypeOf(bytes), where).toBe(Uint8Array.prototype);
        }
      }
    }
  });

  it("each refuses a chunk whose declared size is wrong, or whose bytes are corrupt, with an Error", () => {
    const chunk = chunks.find((c) => c.size > 1000)!;
    const corrupt = chunk.compressed.slice();
    corrupt.fill(0x55, 4, 40);
    for (const [implementation, decompressor] of loaded) {
      expect(() => decompressor.decompress(chunk.compressed, chunk.size - 1), implementation).toThrow(Error);
      expect(() => decompressor.decompress(chunk.compressed, chunk.size + 1), implementation).toThrow(Error);
      expect(() => decompressor.decompress(corrupt, chunk.size), implementation).toThrow(Error);
      // Still usable afterwards.
      expect(crc32(decompressor.decompress(chunk.compressed, chunk.size)), implementation).toBe(chunk.crc);
    }
  });
});
