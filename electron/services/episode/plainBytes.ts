/**
 * Byte arrays the engine hands out are plain Uint8Arrays, never Node Buffers. A Buffer is a Uint8Array whose
 * `slice()` returns a view instead of a copy (https://nodejs.org/api/buffer.html#bufslicestart-end), and decoders keep
 * the subclass (protobufjs hands out `subarray`s of a Buffer input as Buffers): a payload that was a view into a reused
 * decompression buffer, "copied" with `slice()`, kept changing under the caller — the batched frame reads of a zstd
 * episode returned the bytes of later chunks (issue 20). With plain arrays, `slice()` copies as everywhere else.
 */

/** `bytes` as a plain Uint8Array over the same memory (no copy); `bytes` itself when it already is one. */
export function plainBytes(bytes: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * A plain Uint8Array of `length` bytes in its own ArrayBuffer, not zero-filled (Buffer.allocUnsafeSlow's memory: filling
 * a 4 MB chunk buffer costs more than decompressing into it). Contents are arbitrary until written.
 */
export function uninitializedBytes(length: number): Uint8Array {
  return plainBytes(Buffer.allocUnsafeSlow(length));
}
