import { describe, expect, it } from "vitest";
import { avccToAnnexB } from "./annexB.ts";

describe("avccToAnnexB", () => {
  it("replaces 4-byte length prefixes by start codes and puts parameter sets first", () => {
    const sample = Uint8Array.from([0, 0, 0, 2, 0x65, 0xaa, 0, 0, 0, 1, 0x41]);
    const sps = Uint8Array.from([0x67, 1]);
    const pps = Uint8Array.from([0x68, 2]);
    expect(Array.from(avccToAnnexB(sample, 4, [sps, pps]))).toEqual([0, 0, 0, 1, 0x67, 1, 0, 0, 0, 1, 0x68, 2, 0, 0, 0, 1, 0x65, 0xaa, 0, 0, 0, 1, 0x41]);
  });

  it("reads 2-byte prefixes", () => {
    expect(Array.from(avccToAnnexB(Uint8Array.from([0, 1, 0x41]), 2))).toEqual([0, 0, 0, 1, 0x41]);
  });

  it("names the byte offset of a NAL unit running past the sample", () => {
    expect(() => avccToAnnexB(Uint8Array.from([0, 0, 0, 9, 0x65]), 4)).toThrow("NAL unit of 9 bytes at byte 0 runs past the end of the 5-byte sample");
  });
});
