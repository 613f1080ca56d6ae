import { describe, expect, it } from "vitest";
import { decodeExample } from "../../import/rlds/tfExample.ts";
import { maskedCrc32c, readTfRecords } from "../../import/rlds/tfRecord.ts";
import { encodeExample, frameTfRecord } from "./tfRecordWrite.ts";

describe("TFRecord writing", () => {
  it("frames a record as length · masked CRC(length) · data · masked CRC(data)", () => {
    const data = new TextEncoder().encode("123456789");
    const record = frameTfRecord(data);
    const view = new DataView(record.buffer);
    expect(record.length).toBe(8 + 4 + 9 + 4);
    expect(view.getBigUint64(0, true)).toBe(9n);
    expect(view.getUint32(8, true)).toBe(maskedCrc32c(record.subarray(0, 8)));
    // CRC32C("123456789") = 0xE3069283 (RFC 3720 B.4 check value); masked: ((c >>> 15) | (c << 17)) + 0xa282ead8
    const c = 0xe3069283;
    expect(view.getUint32(21, true)).toBe(((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0);
  });
  it("Examples read back with the importer's reader", () => {
    const bytes = frameTfRecord(encodeExample({ "steps/reward": { floats: [0, 0.5] }, "steps/is_last": { int64s: [0, 1] }, "steps/language_instruction": { bytes: [new TextEncoder().encode("pick")] } }));
    const records = [...readTfRecords(bytes, "x.tfrecord")];
    expect(records).toHaveLength(1);
    const features = decodeExample((records[0] as { data: Uint8Array }).data);
    expect(features.get("steps/reward")).toEqual({ kind: "float", values: [0, 0.5] });
    expect(features.get("steps/is_last")).toEqual({ kind: "int64", values: [0, 1] });
    expect(new TextDecoder().decode((features.get("steps/language_instruction") as { values: Uint8Array[] }).values[0])).toBe("pick");
  });
});
