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

/** One entry of a Message Index: a message's log time and its byte offset inside the uncompressed chunk records. */
export interface MessageIndexEntries {
  channelId: number;
  /** Log times (ns), as stored (not necessarily sorted). */
  logTimes: bigint[];
  /** Offsets into the chunk's uncompressed `records`. */
  offsets: number[];
}

/**
 * Parse every Message Index record (op 0x07) in `bytes` (the region after a chunk; other opcodes are skipped).
 * Layout: channel_id uint16, records: uint32 byte length + (log_time uint64, offset uint64)*.
 * @throws RecordFormatError when a record runs past the end of `bytes`.
 */
export function parseMessageIndexRegion(bytes: Uint8Array): MessageIndexEntries[] {
  const dv = view(bytes);
  const result: MessageIndexEntries[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    if (pos + 9 > bytes.length) throw new RecordFormatError(`record header cut short at ${pos}`);
    const opcode = dv.getUint8(pos);
    const length = u64(dv, pos + 1);
    const start = pos + 9;
    const end = start + length;
    if (end > bytes.length) throw new RecordFormatError(`record at ${pos} (op ${opcode}) runs past the region`);
    if (opcode === OP_MESSAGE_INDEX) {
      if (length < 6) throw new RecordFormatError(`message index at ${pos} is too short`);
      const channelId = dv.getUint16(start, true);
      const arrayLength = dv.getUint32(start + 2, true);
      if (start + 6 + arrayLength > end || arrayLength % 16 !== 0) {
        throw new RecordFormatError(`message index at ${pos} has a bad array length ${arrayLength}`);
      }
      const logTimes: bigint[] = [];
      const offsets: number[] = [];
      for (let at = start + 6; at < start + 6 + arrayLength; at += 16) {
        logTimes.push(dv.getBigUint64(at, true));
        offsets.push(u64(dv, at + 8));
      }
      result.push({ channelId, logTimes, offsets });
    }
    pos = end;
  }
  return result;
}

/** The parts of a Chunk record (op 0x06) needed to get at its messages. */
export interface ChunkRecord {
  uncompressedSize: number;
  uncompressedCrc: number;
  /** "" (none), "lz4" or "zstd". */
  compression: string;
  /** The (possibly compressed) records bytes; a view into the input. */
  records: Uint8Array;
}

/**
 * Parse a Chunk record starting at `bytes[0]` (opcode included).
 * Layout: message_start_time u64, message_end_time u64, uncompressed_size u64, uncompressed_crc u32,
 * compression string (u32 length + UTF-8), records (u64 length + bytes).
 * @throws RecordFormatError on a wrong opcode or a record cut short.
 */
export function parseChunkRecord(bytes: Uint8Array): ChunkRecord {
  const dv = view(bytes);
  if (bytes.length < 9 || dv.getUint8(0) !== OP_CHUNK) {
    throw new RecordFormatError(`expected a chunk record (op 0x06), found op ${bytes[0] ?? "none"}`);
  }
  let at = 9 + 16;
  const uncompressedSize = u64(dv, at);
  at += 8;
  const uncompressedCrc = dv.getUint32(at, true);
  at += 4;
  const compressionLength = dv.getUint32(at, true);
  at += 4;
  if (at + compressionLength + 8 > bytes.length) throw new RecordFormatError("chunk record cut short");
  const compression = new TextDecoder().decode(bytes.subarray(at, at + compressionLength));
  at += compressionLength;
  const recordsLength = u64(dv, at);
  at += 8;
  if (at + recordsLength > bytes.length) throw new RecordFormatError("chunk records cut short");
  return { uncompressedSize, uncompressedCrc, compression, records: bytes.subarray(at, at + recordsLength) };
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

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), the checksum MCAP uses for chunks and sections. */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const table = crcTable;
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
