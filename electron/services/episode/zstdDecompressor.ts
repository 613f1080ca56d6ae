/**
 * The fastest zstd decompressor available for MCAP chunks (https://mcap.dev/spec#chunk-op0x06, compression "zstd"),
 * chosen once per process:
 * 1. `node:zlib` — Node ≥ 22.15 / Electron 38 ship libzstd; we drive a ZstdDecompress handle directly so it writes
 *    into a buffer we reuse (the public `zstdDecompressSync` allocates a fresh output per call, which costs more than
 *    the decompression of an incompressible 4 MB chunk). A self-test at load checks the handle behaves as expected;
 *    otherwise the public API is used.
 * 2. `zstd-napi` — the optional npm package's N-API binding (built by scripts/build-native.mjs), when it loads.
 * 3. `wasm` — @foxglove/wasm-zstd (what @mcap/support uses), always available.
 * Per 4.2 MB chunk of the bench episode (H.264-like payloads, ratio 1.01): node:zlib through the handle 0.5 ms,
 * zstd-napi into a reused buffer 0.4–0.5 ms, either into a fresh buffer 2–2.7 ms, wasm (as @mcap/support calls it)
 * 2.5–4 ms — so callers that can should pass `into` (see chunkRecordsCache.ts).
 * `EPISCOPE_ZSTD=node:zlib|zstd-napi|wasm` forces one (an unavailable forced choice falls back, saying why).
 * The choice is reported by `episcope info` (see zstdStatus).
 */
import * as wasmZstdNs from "@foxglove/wasm-zstd";
import { unwrapDefaultExport } from "@mcap/support";
import { createRequire } from "node:module";
import zlib from "node:zlib";

/** Which library decompresses zstd chunks. */
export type ZstdImplementation = "node:zlib" | "zstd-napi" | "wasm";

/** Every implementation, fastest first. */
export const ZSTD_IMPLEMENTATIONS: readonly ZstdImplementation[] = ["node:zlib", "zstd-napi", "wasm"];

/** A zstd frame decompressor. */
export interface ZstdDecompressor {
  readonly implementation: ZstdImplementation;
  /**
   * Decompress the zstd frame `src`, whose content is `size` bytes (the chunk's uncompressed_size). With `into`
   * (length ≥ size) the implementation may write there and return a view of it (node:zlib, zstd-napi do; wasm returns
   * a new buffer); without, the result is a new buffer the caller owns.
   * @throws Error when the frame is corrupt or its content is not exactly `size` bytes.
   */
  decompress(src: Uint8Array, size: number, into?: Uint8Array): Uint8Array;
  /**
   * A streaming decompressor with its own state, to decompress a frame only as far as needed and continue later
   * (node:zlib, zstd-napi); undefined for wasm (whole frames only).
   */
  stream?(): ZstdStream;
}

/** Incremental decompression of one frame at a time into a caller's buffer. */
export interface ZstdStream {
  /**
   * Start on the frame `src`, whose content is `size` bytes. With `load`, `src` is filled lazily: `load(upTo)` must
   * make src[0, upTo) valid and return upTo (called with growing values as the decompressor needs more input), so a
   * prefix of the content costs only a prefix of the frame's bytes read from the file.
   */
  begin(src: Uint8Array, size: number, load?: (upTo: number) => number): void;
  /**
   * Decompress into `out` (length > size: one spare byte) until at least `end` bytes (≤ size) are there; returns how
   * many are (≥ end; bytes already produced are never rewritten, so earlier views stay valid). When `end` is the
   * whole size, also checks the frame ends exactly there.
   * @throws Error when the frame is corrupt, ends early, or runs past its declared size.
   */
  fill(out: Uint8Array, end: number): number;
}

/**
 * A ZstdStream over `step(out, src)` = one streaming call: [frame finished (0) or not, bytes produced, bytes consumed].
 */
/** Bytes of a lazily loaded frame read per step (zstd's largest block is 128 KiB). */
const LOAD_STEP_BYTES = 256 * 1024;

function makeStream(implementation: string, reset: () => void, step: (out: Uint8Array, src: Uint8Array) => [number, number, number]): ZstdStream {
  let src: Uint8Array = new Uint8Array(0);
  let size = 0;
  let consumed = 0;
  let produced = 0;
  let finished = false;
  let loaded = 0;
  let load: ((upTo: number) => number) | undefined;
  /** Make more of the frame's bytes available; false when all are. */
  const more = (): boolean => {
    if (loaded >= src.length || !load) return false;
    loaded = load(Math.min(src.length, Math.max(loaded + LOAD_STEP_BYTES, consumed + LOAD_STEP_BYTES)));
    return true;
  };
  return {
    begin(frame, frameSize, lazy) {
      reset();
      src = frame;
      size = frameSize;
      consumed = 0;
      produced = 0;
      finished = false;
      load = lazy;
      loaded = lazy ? 0 : frame.length;
    },
    fill(out, end) {
      end = Math.min(end, size);
      while (produced < end && !finished) {
        if (consumed >= loaded && more()) continue;
        const [rest, p, c] = step(out.subarray(produced, end), src.subarray(consumed, loaded));
        produced += p;
        consumed += c;
        finished = rest === 0;
        if (p === 0 && c === 0 && !finished && !more()) throw new Error(`zstd (${implementation}): the frame ends early, after ${produced} of ${size} bytes`);
      }
      if (produced < end) throw sizeError(implementation, produced, size);
      if (end === size && !finished) {
        // The frame's epilogue (or more content than declared): one spare output byte tells which.
        if (load && loaded < src.length) loaded = load(src.length);
        const [rest, p] = step(out.subarray(size, size + 1), src.subarray(consumed));
        if (p > 0) throw sizeError(implementation, `more than ${size}`, size);
        if (rest !== 0) throw new Error(`zstd (${implementation}): the frame does not end after its ${size} declared bytes`);
        finished = true;
      }
      return produced;
    },
  };
}

function sizeError(implementation: string, got: number | string, size: number): Error {
  return new Error(`zstd (${implementation}): the chunk decompressed to ${got} bytes, its header declares ${size}`);
}

// ---- node:zlib --------------------------------------------------------------------------------------------------

/** The parts of Node's internal ZstdDecompress handle we drive (lib/zlib.js, processChunkSync). */
interface ZlibHandle {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
  reset(): void;
}
interface ZlibStream {
  _handle: ZlibHandle | null;
  _writeState: Uint32Array;
  on(event: "error", listener: (error: Error) => void): void;
}
type ZstdZlib = typeof zlib & {
  zstdDecompressSync?: (buffer: Uint8Array) => Buffer;
  zstdCompressSync?: (buffer: Uint8Array) => Buffer;
  createZstdDecompress?: () => unknown;
  constants: { ZSTD_e_end?: number };
};

/** node:zlib through a reused handle writing into the caller's buffer; null when the handle is not as expected. */
function zlibHandleDecompressor(z: ZstdZlib): ZstdDecompressor | null {
  const end = z.constants.ZSTD_e_end;
  if (typeof z.createZstdDecompress !== "function" || typeof end !== "number") return null;
  let stream: ZlibStream | null = null;
  const fresh = (): ZlibStream | null => {
    const s = z.createZstdDecompress!() as Partial<ZlibStream>;
    if (!s._handle || typeof s._handle.writeSync !== "function" || typeof s._handle.reset !== "function") return null;
    if (!(s._writeState instanceof Uint32Array) || typeof s.on !== "function") return null;
    s.on("error", () => {}); // reported synchronously below; keep the stream from throwing later
    return s as ZlibStream;
  };
  const decompressor: ZstdDecompressor = {
    implementation: "node:zlib",
    decompress(src, size, into) {
      stream ??= fresh();
      const handle = stream?._handle;
      if (!stream || !handle) throw new Error("zstd (node:zlib): no decompression handle");
      // One extra output byte tells a frame longer than declared from one exactly as long.
      const out = into && into.length > size ? into : Buffer.allocUnsafe(size + 1);
      handle.reset();
      const room = size + 1;
      handle.writeSync(end, src, 0, src.length, out, 0, room);
      if (stream._handle === null) {
        stream = null; // the handle closed itself on the error: rerun through the public API for its message
        z.zstdDecompressSync!(src);
        throw new Error("zstd (node:zlib): corrupt frame");
      }
      const produced = room - stream._writeState[0]!;
      if (produced !== size) throw sizeError("node:zlib", produced === room ? `more than ${size}` : produced, size);
      return out.subarray(0, size);
    },
    stream() {
      let own: ZlibStream | null = null;
      return makeStream(
        "node:zlib",
        () => {
          own ??= fresh();
          if (!own?._handle) throw new Error("zstd (node:zlib): no decompression handle");
          own._handle.reset();
        },
        (out, src) => {
          const handle = own?._handle;
          if (!own || !handle) throw new Error("zstd (node:zlib): no decompression handle");
          handle.writeSync(end, src, 0, src.length, out, 0, out.length);
          if (own._handle === null) {
            own = null;
            throw new Error("zstd (node:zlib): corrupt frame");
          }
          const p = out.length - own._writeState[0]!;
          const c = src.length - own._writeState[1]!;
          // Node's handle does not report the end of the frame: it has ended when all input is used and output room
          // remains (or nothing is left to do).
          const done = own._writeState[1] === 0 && own._writeState[0]! > 0 ? 0 : 1;
          return [done, p, c];
        },
      );
    },
  };
  // Self-test on a small frame: the handle must produce exactly the original bytes, then refuse a wrong size.
  try {
    const original = new Uint8Array(70_000).map((_, i) => (i * 7) & 0xff);
    const frame = z.zstdCompressSync!(original);
    const back = decompressor.decompress(frame, original.length, new Uint8Array(original.length + 16));
    if (back.length !== original.length || back.some((b, i) => b !== original[i])) return null;
    try {
      decompressor.decompress(frame, original.length - 1);
      return null;
    } catch {
      // expected
    }
    return decompressor;
  } catch {
    return null;
  }
}

/** node:zlib's zstd, or null with the reason when this runtime lacks it. */
function loadZlib(): ZstdDecompressor | string {
  const z = zlib as ZstdZlib;
  if (typeof z.zstdDecompressSync !== "function" || typeof z.zstdCompressSync !== "function") {
    return `node:zlib has no zstd in Node ${process.version} (needs Node ≥ 22.15, e.g. Electron 38)`;
  }
  const viaHandle = zlibHandleDecompressor(z);
  if (viaHandle) return viaHandle;
  const publicApi = z.zstdDecompressSync;
  return {
    implementation: "node:zlib",
    decompress(src, size) {
      const out = publicApi(src);
      if (out.length !== size) throw sizeError("node:zlib", out.length, size);
      return out;
    },
  };
}

// ---- zstd-napi --------------------------------------------------------------------------------------------------

/** The parts of zstd-napi's binding we use (node_modules/zstd-napi/binding.d.ts). */
interface NapiDCtx {
  decompress(dst: Uint8Array, src: Uint8Array): number;
  decompressStream(dst: Uint8Array, src: Uint8Array): [number, number, number];
  reset(directive: number): void;
}
interface NapiBinding {
  DCtx: new () => NapiDCtx;
  ResetDirective: { sessionOnly: number };
}

/** Where zstd-napi's binding loads from (its package resolves `build/Release/binding.node`). */
export const ZSTD_NAPI_BINDING = "zstd-napi/binding";

function loadNapi(specifier: string): ZstdDecompressor | string {
  let binding: NapiBinding;
  try {
    binding = createRequire(import.meta.url)(specifier) as NapiBinding;
  } catch (error) {
    const message = (error as Error).message.split("\n")[0];
    return `zstd-napi's binding is not built or does not load (${message}; run node scripts/build-native.mjs)`;
  }
  const dctx = new binding.DCtx();
  return {
    implementation: "zstd-napi",
    decompress(src, size, into) {
      // One extra output byte tells a frame longer than declared from one exactly as long.
      const out = into && into.length > size ? into : Buffer.allocUnsafe(size + 1);
      const produced = dctx.decompress(out.subarray(0, size + 1), src);
      if (produced !== size) throw sizeError("zstd-napi", produced, size);
      return out.subarray(0, size);
    },
    stream() {
      const own = new binding.DCtx();
      return makeStream("zstd-napi", () => own.reset(binding.ResetDirective.sessionOnly), (out, src) => own.decompressStream(out, src));
    },
  };
}

// ---- wasm -------------------------------------------------------------------------------------------------------

async function loadWasm(): Promise<ZstdDecompressor> {
  const zstd = unwrapDefaultExport<typeof wasmZstdNs>(wasmZstdNs);
  await zstd.isLoaded;
  return {
    implementation: "wasm",
    decompress(src, size) {
      const out = zstd.decompress(src, size);
      if (out.length !== size) throw sizeError("wasm", out.length, size);
      return out;
    },
  };
}

// ---- choice -----------------------------------------------------------------------------------------------------

/** Options of loadZstdImplementation / chooseZstd. */
export interface ZstdLoadOptions {
  /** Module specifier of zstd-napi's binding (default ZSTD_NAPI_BINDING; tests point it at a missing file). */
  napiBinding?: string;
}

/** Load one implementation, or say why it is unavailable. */
export async function loadZstdImplementation(implementation: ZstdImplementation, options: ZstdLoadOptions = {}): Promise<ZstdDecompressor | string> {
  switch (implementation) {
    case "node:zlib":
      return loadZlib();
    case "zstd-napi":
      return loadNapi(options.napiBinding ?? ZSTD_NAPI_BINDING);
    case "wasm":
      return loadWasm();
  }
}

/** The chosen decompressor and why the faster ones were passed over. */
export interface ZstdChoice {
  decompressor: ZstdDecompressor;
  /** Implementation → why it was not used (unavailable, or not forced). */
  skipped: Partial<Record<ZstdImplementation, string>>;
}

/**
 * Pick the first available of `order` (default ZSTD_IMPLEMENTATIONS, or the one forced by EPISCOPE_ZSTD first).
 * @throws Error when none loads (wasm always does unless its package is missing).
 */
export async function chooseZstd(order: readonly ZstdImplementation[] = defaultOrder(), options: ZstdLoadOptions = {}): Promise<ZstdChoice> {
  const skipped: ZstdChoice["skipped"] = {};
  for (const implementation of order) {
    const loaded = await loadZstdImplementation(implementation, options);
    if (typeof loaded !== "string") return { decompressor: loaded, skipped };
    skipped[implementation] = loaded;
  }
  throw new Error(`no zstd decompressor loads: ${Object.entries(skipped).map(([k, v]) => `${k}: ${v}`).join("; ")}`);
}

/** ZSTD_IMPLEMENTATIONS, with the one named by EPISCOPE_ZSTD first. */
function defaultOrder(): ZstdImplementation[] {
  const forced = process.env.EPISCOPE_ZSTD as ZstdImplementation | undefined;
  if (forced && ZSTD_IMPLEMENTATIONS.includes(forced)) return [forced, ...ZSTD_IMPLEMENTATIONS.filter((i) => i !== forced)];
  return [...ZSTD_IMPLEMENTATIONS];
}

let chosen: Promise<ZstdChoice> | undefined;

/** The process-wide choice (made on first call). */
export function zstdChoice(): Promise<ZstdChoice> {
  chosen ??= chooseZstd();
  return chosen;
}

/** For `episcope info`: the implementation used and why faster ones were not. */
export async function zstdStatus(): Promise<{ implementation: ZstdImplementation; skipped: ZstdChoice["skipped"] }> {
  const { decompressor, skipped } = await zstdChoice();
  return { implementation: decompressor.implementation, skipped };
}
