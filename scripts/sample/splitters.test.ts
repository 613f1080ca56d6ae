import { describe, expect, it } from "vitest";
import { NAL, isDecodableKeyframe, nalTypes, splitAccessUnits } from "./annexb.ts";
import { splitJpegStream } from "./jpeg.ts";

const nal = (type: number, ...payload: number[]) => [0, 0, 0, 1, type, ...payload];

describe("Annex B", () => {
  const idrAu = [...nal(NAL.AUD, 0xf0), ...nal(0x67, 1, 2), ...nal(0x68, 3), 0, 0, 1, 0x65, 9, 9];
  const pAu = [...nal(NAL.AUD, 0xf0), ...nal(0x41, 7, 0, 0, 3, 1)];
  const stream = new Uint8Array([...idrAu, ...pAu]);

  it("lists NAL types, 3- and 4-byte start codes", () => {
    expect(nalTypes(stream)).toEqual([NAL.AUD, NAL.SPS, NAL.PPS, NAL.IDR, NAL.AUD, NAL.SLICE]);
  });

  it("splits on access unit delimiters and recognises keyframes", () => {
    const aus = splitAccessUnits(stream);
    expect(aus.map((a) => Array.from(a))).toEqual([idrAu, pAu]);
    expect(isDecodableKeyframe(aus[0]!)).toBe(true);
    expect(isDecodableKeyframe(aus[1]!)).toBe(false);
  });
});

describe("JPEG stream", () => {
  // SOI, APP0 (len 4), SOS (len 3) + entropy data with a stuffed FF 00 and an RST, EOI.
  const jpeg = (fill: number) => [0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xda, 0, 3, 0, fill, 0xff, 0x00, 0xff, 0xd3, 1, 0xff, 0xd9];

  it("splits concatenated images at their EOI", () => {
    const images = splitJpegStream(new Uint8Array([...jpeg(1), ...jpeg(2)]));
    expect(images.map((i) => Array.from(i))).toEqual([jpeg(1), jpeg(2)]);
  });

  it("rejects garbage", () => {
    expect(() => splitJpegStream(new Uint8Array([1, 2, 3]))).toThrow(/FF D8/);
  });
});
