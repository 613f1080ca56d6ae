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
 * Decode an envelope made by `encodeEnvelope`. Typed arrays are views into `bytes` (no copy) when aligned.
 * @throws Error when the bytes are not an envelope (bad magic, header past the end, blob index out of range).
 */
export function decodeEnvelope(bytes: Uint8Array): unknown {
  if (bytes.byteLength < 12) throw new Error(`envelope too short: ${bytes.byteLength} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new Error("not an Episcope envelope (bad magic)");
  const count = view.getUint32(4, true);
  const textLength = view.getUint32(8, true);
  const textStart = 12 + 8 * count;
  if (textStart + textLength > bytes.byteLength) throw new Error(`envelope JSON (${textLength} bytes) runs past the end`);
  const blobStart = align8(textStart + textLength);
  const text = new TextDecoder().decode(bytes.subarray(textStart, textStart + textLength));
  return JSON.parse(text, (_key, v: unknown) => {
    if (!v || typeof v !== "object") return v;
    const o = v as Record<string, unknown>;
    if (typeof o.$bigint === "string" && Object.keys(o).length === 1) return BigInt(o.$bigint);
    if (typeof o.$bin !== "number" || typeof o.type !== "string" || !(o.type in typedArrayConstructors)) return v;
    if (o.$bin < 0 || o.$bin >= count) throw new Error(`envelope blob ${o.$bin} missing`);
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
