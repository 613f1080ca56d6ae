import { describe, expect, it } from "vitest";
import { avcCodecString, chooseCodec, findAvcProfile, splitAnnexB, unescapeRbsp } from "./codec.ts";

// A real x264 SPS (High profile 100, constraints 0x00, level 3.1) followed by a PPS and an IDR slice header.
const sps = [0x67, 0x64, 0x00, 0x1f, 0xac, 0xd9, 0x40, 0x50, 0x05, 0xbb, 0x01, 0x10];
const pps = [0x68, 0xeb, 0xe3, 0xcb, 0x22, 0xc0];
const idr = [0x65, 0x88, 0x84, 0x00, 0x33];
const accessUnit = new Uint8Array([0, 0, 0, 1, ...sps, 0, 0, 0, 1, ...pps, 0, 0, 1, ...idr]);

describe("splitAnnexB", () => {
  it("splits on 3- and 4-byte start codes without trailing zeros", () => {
    const units = splitAnnexB(accessUnit);
    expect(units.map((u) => Array.from(u))).toEqual([sps, pps, idr]);
  });
  it("returns nothing for data without start codes", () => {
    expect(splitAnnexB(new Uint8Array([1, 2, 3, 4]))).toEqual([]);
  });
});

describe("unescapeRbsp", () => {
  it("drops emulation-prevention bytes", () => {
    expect(Array.from(unescapeRbsp(new Uint8Array([0x67, 0, 0, 3, 1, 0, 0, 3, 0])))).toEqual([0x67, 0, 0, 1, 0, 0, 0]);
  });
});

describe("findAvcProfile / avcCodecString", () => {
  it("reads profile, constraints and level from the SPS", () => {
    const p = findAvcProfile(accessUnit);
    expect(p).toEqual({ profileIdc: 100, constraintFlags: 0, levelIdc: 31 });
    expect(avcCodecString(p!)).toBe("avc1.64001F");
  });
  it("handles High 4:4:4 predictive (244) and baseline with constraint flags", () => {
    expect(avcCodecString({ profileIdc: 244, constraintFlags: 0, levelIdc: 40 })).toBe("avc1.F40028");
    const baseline = new Uint8Array([0, 0, 1, 0x67, 0x42, 0xc0, 0x1e, 0x95]);
    expect(chooseCodec("h264", baseline)).toEqual({ supported: true, codec: "avc1.42C01E" });
  });
  it("returns null without an SPS", () => {
    expect(findAvcProfile(new Uint8Array([0, 0, 1, ...idr]))).toBeNull();
  });
});

describe("chooseCodec", () => {
  it("falls back for H.264 without an SPS", () => {
    expect(chooseCodec("h264", new Uint8Array([0, 0, 1, ...idr]))).toEqual({ supported: true, codec: "avc1.640033" });
  });
  it("uses fixed strings for VP9 and AV1", () => {
    expect(chooseCodec("vp9", null)).toEqual({ supported: true, codec: "vp09.00.10.08" });
    expect(chooseCodec("av1", null)).toEqual({ supported: true, codec: "av01.0.04M.08" });
  });
  it("reports H.265 and unknown formats as unsupported with a reason", () => {
    const h265 = chooseCodec("h265", null);
    expect(h265.supported).toBe(false);
    expect(h265).toMatchObject({ codec: "h265" });
    expect(chooseCodec("mjpeg-ish", null)).toMatchObject({ supported: false, reason: "unknown video format" });
  });
});
