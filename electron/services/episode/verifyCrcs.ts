/**
 * CRC checks on request (`episcope info --crc`): one streaming pass over the file that verifies every CRC the file
 * carries (https://mcap.dev/spec): each chunk's `uncompressed_crc`, each attachment's `crc`, and the Data End record's
 * `data_section_crc` (CRC-32 of every byte from offset 0 up to the Data End record). The summary CRC is checked by
 * @mcap/core when the file is opened through its index. A CRC of zero means "not computed" and is skipped.
 */
import { crc32Final, crc32Init, crc32Update } from "@foxglove/crc";
import { McapStreamReader, type DecompressHandlers } from "@mcap/core";
import fs from "node:fs";
import path from "node:path";
import type { EpisodeProblem } from "../../../shared/episode.ts";
import { guardDecompressHandlers } from "./decompressGuard.ts";
import { openEpisodeFile, type EpisodeFile } from "./episodeFile.ts";
import { decompressHandlers } from "./openMcap.ts";
import { isRosbag2Folder, rosbag2Files } from "./rosbag2Folder.ts";

/** Bytes per step of the pass. */
const STEP_BYTES = 8 * 1024 * 1024;
/** Size of a Data End record: opcode, length, data_section_crc (https://mcap.dev/spec#data-end-op0x0f). */
const DATA_END_BYTES = 1 + 8 + 4;

/** Result of verifyCrcs. */
export interface CrcReport {
  /** CRCs found non-zero and compared (chunks + data section; attachment CRCs are checked too but not counted). */
  checked: number;
  /** One `crc-mismatch` error per failed check (the pass stops at the first bad chunk or attachment). */
  problems: EpisodeProblem[];
}

/**
 * Verify the CRCs of `file`. Never throws for bad data: damage is returned as problems naming the byte offset.
 * Memory: one 8 MB step plus one chunk at a time.
 */
export function verifyCrcs(file: EpisodeFile, displayName: string, decompressHandlers: DecompressHandlers): CrcReport {
  const reader = new McapStreamReader({ decompressHandlers: guardDecompressHandlers(decompressHandlers), validateCrcs: true, includeChunks: true });
  const problems: EpisodeProblem[] = [];
  let checked = 0;
  let crc = crc32Init();
  let hashedTo = 0;
  let fed = 0;
  try {
    while (fed < file.size && !reader.done()) {
      const step = file.read(fed, Math.min(STEP_BYTES, file.size - fed));
      reader.append(step);
      fed += step.length;
      for (let record = reader.nextRecord(); record; record = reader.nextRecord()) {
        if (record.type === "Chunk" && record.uncompressedCrc !== 0) checked++;
        if (record.type !== "DataEnd") continue;
        // The Data End record ends where the reader now stands.
        const dataEnd = fed - reader.bytesRemaining() - DATA_END_BYTES;
        if (record.dataSectionCrc === 0) continue;
        checked++;
        for (let at = hashedTo; at < dataEnd; at += STEP_BYTES) {
          crc = crc32Update(crc, file.read(at, Math.min(STEP_BYTES, dataEnd - at)));
        }
        hashedTo = dataEnd;
        const computed = crc32Final(crc);
        if (computed !== record.dataSectionCrc) {
          problems.push({
            severity: "error",
            code: "crc-mismatch",
            message: `${displayName}: the data section (offsets 0..${dataEnd}) fails its CRC check: stored ${record.dataSectionCrc}, computed ${computed}`,
          });
        }
      }
    }
  } catch (error) {
    const near = fed - reader.bytesRemaining();
    const message = (error as Error).message;
    problems.push({
      severity: "error",
      code: /crc/i.test(message) ? "crc-mismatch" : "corrupt-mcap",
      message: `${displayName}: a record ending near offset ${near} fails its check: ${message}`,
    });
  }
  return { checked, problems };
}

/**
 * Open the file at `filePath` (or every part of a rosbag2 folder), verify its CRCs (see verifyCrcs) and close it.
 * @throws EpiscopeError from openEpisodeFile (`not-found`, `not-a-file`, `unreadable`) or rosbag2Files.
 */
export async function verifyFileCrcs(filePath: string, displayName: string = filePath): Promise<CrcReport> {
  const files = fs.statSync(filePath, { throwIfNoEntry: false })?.isDirectory() && isRosbag2Folder(filePath) ? rosbag2Files(filePath) : [filePath];
  const report: CrcReport = { checked: 0, problems: [] };
  for (const part of files) {
    const name = files.length === 1 && part === filePath ? displayName : `${displayName}/${path.relative(filePath, part)}`;
    const file = openEpisodeFile(part);
    try {
      const one = verifyCrcs(file, name, await decompressHandlers());
      report.checked += one.checked;
      report.problems.push(...one.problems);
    } finally {
      file.close();
    }
  }
  return report;
}
