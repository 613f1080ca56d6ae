/**
 * Metadata and attachments of an indexed file whose summary does not list them all: walk the data section's
 * top-level records by their headers (`opcode u8, length u64`, https://mcap.dev/spec#records), jumping over chunks
 * without reading them, and parse only Metadata (op 0x0C) and Attachment (op 0x09) records with @mcap/core.
 * These records never live inside chunks, so the walk finds them all; it costs one 9-byte read per top-level record.
 */
import { McapStreamReader } from "@mcap/core";
import type { EpisodeAttachment, EpisodeMetadata } from "../../../shared/episode.ts";

const OP_ATTACHMENT = 0x09;
const OP_METADATA = 0x0c;
const OP_DATA_END = 0x0f;
const OP_FOOTER = 0x02;

/** What scanTopLevelRecords found. */
export interface TopLevelExtras {
  metadata: EpisodeMetadata[];
  attachments: EpisodeAttachment[];
  /** Set when a record header points past `end`: where and why the walk stopped. */
  stoppedAt: string | null;
}

/**
 * Walk top-level records from `start` (8: after the leading magic) to `end` (the summary start, or the footer).
 * @param read positional read, `(offset, length) => bytes` (may throw for a range outside the file)
 */
export function scanTopLevelRecords(read: (offset: number, length: number) => Uint8Array, start: number, end: number): TopLevelExtras {
  const found: TopLevelExtras = { metadata: [], attachments: [], stoppedAt: null };
  let at = start;
  while (at + 9 <= end) {
    const header = read(at, 9);
    const opcode = header[0]!;
    const length = new DataView(header.buffer, header.byteOffset, 9).getBigUint64(1, true);
    if (opcode === OP_DATA_END || opcode === OP_FOOTER) break;
    if (BigInt(at) + 9n + length > BigInt(end)) {
      found.stoppedAt = `the record at offset ${at} (opcode 0x${opcode.toString(16)}) declares ${length} bytes, past offset ${end}`;
      break;
    }
    const total = 9 + Number(length);
    if (opcode === OP_ATTACHMENT || opcode === OP_METADATA) {
      const reader = new McapStreamReader({ noMagicPrefix: true, validateCrcs: false });
      reader.append(read(at, total));
      const record = reader.nextRecord();
      if (record?.type === "Metadata") {
        found.metadata.push({ name: record.name, entries: Object.fromEntries(record.metadata) });
      } else if (record?.type === "Attachment") {
        found.attachments.push({ name: record.name, mediaType: record.mediaType, sizeBytes: record.data.byteLength, logTimeNs: record.logTime });
      }
    }
    at += total;
  }
  return found;
}
