/**
 * The few MCAP record layouts the indexed reader parses itself, straight from the spec (https://mcap.dev/spec):
 * the magic, Chunk (op 0x06), Message (op 0x05) and Message Index (op 0x07). Summary, schema and channel records are
 * read by @mcap/core. Every record is `opcode: uint8, length: uint64 LE, content[length]`; integers are little-endian.
 */

/** `\x89MCAP0\r\n`, at both ends of every MCAP file (https://mcap.dev/spec#magic). */
export const MCAP_MAGIC_BYTES: readonly number[] = [0x89, 0x4d, 0x43, 0x41, 0x50, 0x30, 0x0d, 0x0a];

export const OP_MESSAGE = 0x05;
export const OP_CHUNK = 0x06;
export const OP_MESSAGE_INDEX = 0x07;

/** Bytes as `89 4d 43 …` (lower-case hex, space separated). */
export function hexBytes(bytes: Uint8Array | readonly number[]): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
}

/** True when `bytes` starts with the complete 8-byte magic. */
export function startsWithMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && MCAP_MAGIC_BYTES.every((b, i) => bytes[i] === b);
}

/** Thrown by the parsers below when a record is cut short or has an unexpected opcode. */
export class RecordFormatError extends Error {
  override name = "RecordFormatError";
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function u64(dv: DataView, at: number): number {
  const value = dv.getBigUint64(at, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RecordFormatError(`64-bit length/offset ${value} is too large`);
  return Number(value);
}

/** A Message record's fields. */
export interface MessageRecord {
  channelId: number;
  sequence: number;
  logTime: bigint;
  publishTime: bigint;
  /** Payload; a view into the input. */
  data: Uint8Array;
}

/**
 * Parse the Message record (op 0x05) at `offset` in `records` (uncompressed chunk records).
 * Layout: channel_id u16, sequence u32, log_time u64, publish_time u64, data (rest of the record).
 * @throws RecordFormatError on a wrong opcode or a record cut short.
 */
export function parseMessageAt(records: Uint8Array, offset: number): MessageRecord {
  const dv = view(records);
  if (offset + 9 + 22 > records.length) throw new RecordFormatError(`message record at ${offset} cut short`);
  const opcode = dv.getUint8(offset);
  if (opcode !== OP_MESSAGE) throw new RecordFormatError(`expected a message record (op 0x05) at ${offset}, found op ${opcode}`);
  const length = u64(dv, offset + 1);
  const start = offset + 9;
  if (length < 22 || start + length > records.length) throw new RecordFormatError(`message record at ${offset} cut short`);
  return {
    channelId: dv.getUint16(start, true),
    sequence: dv.getUint32(start + 2, true),
    logTime: dv.getBigUint64(start + 6, true),
    publishTime: dv.getBigUint64(start + 14, true),
    data: records.subarray(start + 22, start + length),
  };
}

/** Where a Chunk record's records lie in the file, read from its header alone (or its Chunk Index record). */
export interface ChunkLayout {
  uncompressedSize: number;
  /** CRC-32 of the uncompressed records; 0 = not to be checked (the spec's meaning of 0; also a layout from the index). */
  uncompressedCrc: number;
  /** "" (none), "lz4", "zstd"… */
  compression: string;
  /** Absolute file offset of the first byte of the (possibly compressed) records. */
  recordsOffset: number;
  /** Length of the (possibly compressed) records in the file. */
  recordsLength: number;
}

/** Fixed part of a chunk header: opcode, length, start/end time, uncompressed size, crc, compression length. */
export const CHUNK_FIXED_HEADER_BYTES = 9 + 8 + 8 + 8 + 4 + 4;

/**
 * Read a Chunk record's header at `chunkOffset` through `read` (two small reads; the records are not touched).
 * Layout as in parseChunkRecord.
 * @throws RecordFormatError on a wrong opcode, or records running past `chunkOffset + chunkLength`.
 */
export function readChunkLayout(
  read: (offset: number, length: number) => Uint8Array,
  chunkOffset: number,
  chunkLength: number,
): ChunkLayout {
  if (chunkLength < CHUNK_FIXED_HEADER_BYTES + 8) throw new RecordFormatError(`chunk at offset ${chunkOffset} is too short (${chunkLength} bytes)`);
  const fixed = view(read(chunkOffset, CHUNK_FIXED_HEADER_BYTES));
  if (fixed.getUint8(0) !== OP_CHUNK) {
    throw new RecordFormatError(`expected a chunk record (op 0x06) at offset ${chunkOffset}, found op ${fixed.getUint8(0)}`);
  }
  const uncompressedSize = u64(fixed, 25);
  const uncompressedCrc = fixed.getUint32(33, true);
  const compressionLength = fixed.getUint32(37, true);
  if (CHUNK_FIXED_HEADER_BYTES + compressionLength + 8 > chunkLength) {
    throw new RecordFormatError(`chunk at offset ${chunkOffset}: compression name runs past the chunk`);
  }
  const rest = read(chunkOffset + CHUNK_FIXED_HEADER_BYTES, compressionLength + 8);
  const compression = new TextDecoder().decode(rest.subarray(0, compressionLength));
  const recordsLength = u64(view(rest), compressionLength);
  const recordsOffset = chunkOffset + CHUNK_FIXED_HEADER_BYTES + compressionLength + 8;
  if (recordsOffset + recordsLength > chunkOffset + chunkLength) {
    throw new RecordFormatError(`chunk at offset ${chunkOffset}: records (${recordsLength} bytes) run past the chunk`);
  }
  return { uncompressedSize, uncompressedCrc, compression, recordsOffset, recordsLength };
}


/**
 * The layout of an uncompressed chunk from its Chunk Index record alone, without reading the chunk's header: a pass
 * over a joint channel of a long episode reaches every chunk, and two small reads per chunk (a page fault each on a
 * first pass) cost ~50 ms on the 1.5 GB bench episode. Per https://mcap.dev/spec#chunk-op0x06 the header before the
 * records is fixed but for the compression name, so the records start at chunkStartOffset + 9 + 8 + 8 + 8 + 4 + 4 +
 * len(compression) + 8 and are `compressedSize` long (https://mcap.dev/spec#chunk-index-op0x08).
 * @returns null for a compressed chunk (its CRC is only in the header) or when the index's lengths do not add up to
 *   `chunkLength` (read the header: readChunkLayout names what is wrong).
 */
export function uncompressedLayoutFromIndex(index: {
  chunkStartOffset: bigint;
  chunkLength: bigint;
  compression: string;
  compressedSize: bigint;
  uncompressedSize: bigint;
}): ChunkLayout | null {
  if (index.compression !== "" || index.compressedSize !== index.uncompressedSize) return null;
  const headerBytes = BigInt(CHUNK_FIXED_HEADER_BYTES + 8);
  if (headerBytes + index.compressedSize !== index.chunkLength) return null;
  return {
    uncompressedSize: Number(index.uncompressedSize),
    uncompressedCrc: 0,
    compression: "",
    recordsOffset: Number(index.chunkStartOffset + headerBytes),
    recordsLength: Number(index.compressedSize),
  };
}

/**
 * The length a record's header declares: the u64 after the opcode at `offset` (https://mcap.dev/spec#records), as a
 * number (never throws: a huge value just exceeds every buffer). The record ends at offset + 9 + length.
 * Needs the 9 header bytes at `offset` in `records`.
 */
export function declaredRecordLength(records: Uint8Array, offset: number): number {
  // Byte by byte, not through a DataView: this runs twice per message of a series pass, and a DataView per call was
  // ~3 % of the pass (CPU profile on the 1.5 GB bench episode) besides its garbage.
  const r = records;
  const o = offset;
  const low = (r[o + 1]! | (r[o + 2]! << 8) | (r[o + 3]! << 16)) + r[o + 4]! * 0x1000000;
  const high = (r[o + 5]! | (r[o + 6]! << 8) | (r[o + 7]! << 16)) + r[o + 8]! * 0x1000000;
  return low + high * 2 ** 32;
}

/**
 * The payload of the Message record (op 0x05) at `offset` in `records`, checking its opcode, length and channel id;
 * no BigInt is created (the hot path of series and scans). Layout as in parseMessageAt.
 * @throws RecordFormatError on a wrong opcode, a record cut short, or another channel's message.
 */
export function messageDataAt(records: Uint8Array, offset: number, channelId: number): Uint8Array {
  if (offset + 9 + 22 > records.length) throw new RecordFormatError(`message record at ${offset} cut short`);
  if (records[offset] !== OP_MESSAGE) {
    throw new RecordFormatError(`expected a message record (op 0x05) at ${offset}, found op ${records[offset]}`);
  }
  const length = declaredRecordLength(records, offset);
  const start = offset + 9;
  if (length < 22 || start + length > records.length) {
    throw new RecordFormatError(`message record at ${offset} declares ${length} bytes, past the end of its chunk`);
  }
  const found = records[start]! | (records[start + 1]! << 8);
  if (found !== channelId) throw new RecordFormatError(`message index points at a message of channel ${found}`);
  return records.subarray(start + 22, start + length);
}
