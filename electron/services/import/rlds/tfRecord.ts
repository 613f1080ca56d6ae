/**
 * TFRecord framing (https://www.tensorflow.org/tutorials/load_data/tfrecord#tfrecords_format_details): each record is
 *   uint64 length (little-endian) · uint32 masked_crc32c(length bytes) · byte data[length] · uint32 masked_crc32c(data)
 * with masked_crc = ((crc >>> 15) | (crc << 17)) + 0xa282ead8 (mod 2^32). CRC32C (Castagnoli) from @aws-crypto/crc32c.
 */
import { crc32c } from "@aws-crypto/crc32c";

/** One record: its payload and the byte offset of its length field in the file. */
export interface TfRecord {
  offset: number;
  data: Uint8Array;
}

/** A framing error: names the file and the byte offset of the record. */
export class TfRecordError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly code: "bad-crc" | "truncated",
    message: string,
  ) {
    super(`${file} @ ${offset}: ${message}`);
  }
}

/** The masked CRC32C of `data` as TFRecord stores it. */
export function maskedCrc32c(data: Uint8Array): number {
  const crc = crc32c(data) >>> 0;
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** A record that could not be read: `fatal` when the framing is lost and no later record can be found. */
export interface TfRecordFailure {
  offset: number;
  error: TfRecordError;
  fatal: boolean;
}

/**
 * Iterate over the records of one TFRecord file held in memory, checking both CRCs of every record. A record whose
 * data CRC does not match is yielded as a failure and reading goes on with the next record (the framing is intact);
 * a bad length CRC or a record running past the end of the file is a fatal failure that ends the iteration.
 * @param file the file name, for error messages
 */
export function* readTfRecords(bytes: Uint8Array, file: string): Generator<TfRecord | TfRecordFailure> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  const fatal = (code: "bad-crc" | "truncated", message: string): TfRecordFailure => ({ offset, error: new TfRecordError(file, offset, code, message), fatal: true });
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) {
      yield fatal("truncated", `record header needs 12 bytes, only ${bytes.length - offset} left (file truncated?)`);
      return;
    }
    const length = view.getBigUint64(offset, true);
    const lengthCrc = view.getUint32(offset + 8, true);
    const expectedLengthCrc = maskedCrc32c(bytes.subarray(offset, offset + 8));
    if (lengthCrc !== expectedLengthCrc) {
      yield fatal("bad-crc", `length CRC mismatch (stored ${hex(lengthCrc)}, computed ${hex(expectedLengthCrc)}); the rest of the file cannot be framed`);
      return;
    }
    const end = offset + 12 + Number(length) + 4;
    if (end > bytes.length) {
      yield fatal("truncated", `record of ${length} bytes runs past the end of the file (${bytes.length} bytes): file truncated`);
      return;
    }
    const data = bytes.subarray(offset + 12, end - 4);
    const dataCrc = view.getUint32(end - 4, true);
    const expectedDataCrc = maskedCrc32c(data);
    if (dataCrc !== expectedDataCrc) {
      yield { offset, error: new TfRecordError(file, offset, "bad-crc", `data CRC mismatch (stored ${hex(dataCrc)}, computed ${hex(expectedDataCrc)})`), fatal: false };
    } else {
      yield { offset, data };
    }
    offset = end;
  }
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, "0")}`;
}
