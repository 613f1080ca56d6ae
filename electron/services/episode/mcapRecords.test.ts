import { describe, expect, it } from "vitest";
import { declaredRecordLength } from "./mcapRecords.ts";

describe("declaredRecordLength", () => {
  it("reads a record's u64 length (little-endian, after the opcode) exactly, past 2^32 too", () => {
    for (const length of [0, 1, 600, 0xffffffff, 2 ** 32 + 5, 2 ** 40 + 2 ** 31 + 7, Number.MAX_SAFE_INTEGER]) {
      const record = new Uint8Array(12);
      record[0] = 0x05;
      new DataView(record.buffer).setBigUint64(1, BigInt(length), true);
      expect(declaredRecordLength(record, 0)).toBe(length);
      // At an offset inside a larger buffer (a batch of records).
      const batch = new Uint8Array(40);
      batch.set(record, 17);
      expect(declaredRecordLength(batch.subarray(3), 14)).toBe(length);
    }
  });
});
