/**
 * Binary envelope for IPC values over HTTP (`serve` mode). Electron's IPC uses the structured clone algorithm, which
 * carries bigint and typed arrays as they are; HTTP needs this codec to carry them without base64 or copies.
 *
 * Layout (little-endian):
 *   u32 magic "EPS1", u32 N (blob count), u32 H (JSON length)
 *   N × (u32 offset, u32 byteLength) of each blob, offsets relative to the blob area
 *   H bytes of UTF-8 JSON of the value, where a bigint is `{"$bigint":"<decimal>"}` and a typed array is
 *   `{"$bin":<blob index>,"type":"<constructor name>"}`
 *   the blob area, starting at a multiple of 8; each blob starts at a multiple of 8 (so Float64Array and
 *   BigInt64Array views need no copy on decode).
 */

const MAGIC = 0x31535045; // "EPS1" read as little-endian u32

type TypedArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

const typedArrayConstructors = {
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedArrayName = keyof typeof typedArrayConstructors;

function typedArrayName(value: unknown): TypedArrayName | null {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null;
  // Buffer (Node) is a Uint8Array subclass: walk up to the standard constructor.
  for (const name of Object.keys(typedArrayConstructors) as TypedArrayName[]) {
    if (value instanceof typedArrayConstructors[name]) return name;
  }
  return null;
}

const align8 = (n: number) => (n + 7) & ~7;

/** Encode any JSON-like value that may hold bigint and typed arrays. */
export function encodeEnvelope(value: unknown): Uint8Array<ArrayBuffer> {
  const blobs: TypedArray[] = [];
  const json = JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    // JSON.stringify calls toJSON / converts typed arrays before the replacer sees them only for Date; read raw value.
    const raw = (this as Record<string, unknown>)[key];
    if (typeof raw === "bigint") return { $bigint: raw.toString() };
    const name = typedArrayName(raw);
    if (name) {
      blobs.push(raw as TypedArray);
      return { $bin: blobs.length - 1, type: name };
    }
    return v;
  });
  const table: [number, number][] = [];
  let size = 0;
  for (const blob of blobs) {
    table.push([size, blob.byteLength]);
    size = align8(size + blob.byteLength);
  }
  const text = new TextEncoder().encode(json ?? "null");
  const textStart = 12 + 8 * blobs.length;
  const blobStart = align8(textStart + text.byteLength);
  const out = new Uint8Array(blobStart + size);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, blobs.length, true);
  view.setUint32(8, text.byteLength, true);
  table.forEach(([offset, length], i) => {
    view.setUint32(12 + 8 * i, offset, true);
    view.setUint32(16 + 8 * i, length, true);
  });
  out.set(text, textStart);
  blobs.forEach((blob, i) => {
    out.set(new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength), blobStart + table[i]![0]);
  });
  return out;
}

/**
 * Bounds on what one envelope may make its decoder do (a request from a client the server does not trust). Each
 * check is linear in the bytes; a bigint's digits are bounded before BigInt() (quadratic in its length) runs.
 */
export interface DecodeLimits {
  /** Most bytes of JSON. */
  maxJsonBytes: number;
  /** Deepest nesting of arrays and objects. */
  maxDepth: number;
  /** Most characters of a `{"$bigint": "…"}` decimal (sign included). */
  maxBigintDigits: number;
  /** Most typed-array blobs. */
  maxBlobs: number;
  /** Most JSON values (counted by their separators: `,` `:` `[` `{`), which bounds the schema check's work. */
  maxValues: number;
}

/**
 * What `serve` accepts in one request: 64 MiB of JSON (a 50 MB metadata table is one string), depth 64, 80-digit
 * bigints, 4096 blobs, a million JSON values (an annotation document with 100 000 reward keyframes is ~400 000).
 */
export const REQUEST_LIMITS: DecodeLimits = {
  maxJsonBytes: 64 * 1024 * 1024,
  maxDepth: 64,
  maxBigintDigits: 80,
  maxBlobs: 4096,
  maxValues: 1_000_000,
};

/** No bounds beyond the envelope's own (responses from the server the client chose). */
const NO_LIMITS: DecodeLimits = { maxJsonBytes: Infinity, maxDepth: Infinity, maxBigintDigits: Infinity, maxBlobs: Infinity, maxValues: Infinity };

/**
 * Check the nesting of `[`/`{` and the number of values in UTF-8 JSON bytes (structure inside strings skipped), in
 * one linear pass before any parsing.
 * @throws Error naming the limit and the byte offset where it is passed
 */
function checkShape(bytes: Uint8Array, limits: DecodeLimits, base: number): void {
  const max = limits.maxDepth;
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b || c === 0x2c || c === 0x3a) {
      if (++values > limits.maxValues) throw new Error(`envelope JSON holds more than ${limits.maxValues} values (at byte ${base + i})`);
      if (c === 0x5b || c === 0x7b) {
        if (++depth > max) throw new Error(`envelope JSON nests deeper than ${max} levels at byte ${base + i}`);
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

/**
 * Decode an envelope made by `encodeEnvelope`. Typed arrays are views into `bytes` (no copy) when aligned.
 * @param limits bounds for untrusted input (e.g. REQUEST_LIMITS); none by default
 * @throws Error when the bytes are not an envelope (bad magic, header past the end, blob index out of range) or pass a
 *   limit (naming it, and the byte offset where it can)
 */
export function decodeEnvelope(bytes: Uint8Array, limits: DecodeLimits = NO_LIMITS): unknown {
  if (bytes.byteLength < 12) throw new Error(`envelope too short: ${bytes.byteLength} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new Error("not an Episcope envelope (bad magic)");
  const count = view.getUint32(4, true);
  const textLength = view.getUint32(8, true);
  if (count > limits.maxBlobs) throw new Error(`envelope holds ${count} blobs (at most ${limits.maxBlobs})`);
  if (textLength > limits.maxJsonBytes) throw new Error(`envelope JSON is ${textLength} bytes (at most ${limits.maxJsonBytes})`);
  const textStart = 12 + 8 * count;
  if (textStart + textLength > bytes.byteLength) throw new Error(`envelope JSON (${textLength} bytes) runs past the end`);
  const blobStart = align8(textStart + textLength);
  const textBytes = bytes.subarray(textStart, textStart + textLength);
  if (Number.isFinite(limits.maxDepth) || Number.isFinite(limits.maxValues)) checkShape(textBytes, limits, textStart);
  const text = new TextDecoder().decode(textBytes);
  return JSON.parse(text, (_key, v: unknown) => {
    if (!v || typeof v !== "object") return v;
    const o = v as Record<string, unknown>;
    if (typeof o.$bigint === "string" && Object.keys(o).length === 1) {
      if (o.$bigint.length > limits.maxBigintDigits) {
        throw new Error(`envelope bigint of ${o.$bigint.length} characters (at most ${limits.maxBigintDigits})`);
      }
      if (!/^-?\d+$/.test(o.$bigint)) throw new Error(`envelope bigint ${JSON.stringify(o.$bigint.slice(0, 40))} is not a decimal integer`);
      return BigInt(o.$bigint);
    }
    if (typeof o.$bin !== "number" || typeof o.type !== "string" || !(o.type in typedArrayConstructors)) return v;
    if (!Number.isInteger(o.$bin) || o.$bin < 0 || o.$bin >= count) throw new Error(`envelope blob ${o.$bin} missing`);
    const offset = view.getUint32(12 + 8 * o.$bin, true);
    const byteLength = view.getUint32(16 + 8 * o.$bin, true);
    if (blobStart + offset + byteLength > bytes.byteLength) throw new Error(`envelope blob ${o.$bin} runs past the end`);
    const ctor = typedArrayConstructors[o.type as TypedArrayName];
    const start = bytes.byteOffset + blobStart + offset;
    if (start % ctor.BYTES_PER_ELEMENT === 0) {
      return new ctor(bytes.buffer as ArrayBuffer, start, byteLength / ctor.BYTES_PER_ELEMENT);
    }
    const copy = bytes.slice(blobStart + offset, blobStart + offset + byteLength);
    return new ctor(copy.buffer, 0, byteLength / ctor.BYTES_PER_ELEMENT);
  });
}
