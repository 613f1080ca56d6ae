import { describe, expect, it } from "vitest";
import { jpegSize } from "./jpegSize.ts";

describe("jpegSize", () => {
  it("reads the size from the SOF segment after other segments", () => {
    const app0 = [0xff, 0xe0, 0x00, 0x04, 0x4a, 0x46]; // APP0, length 4
    const sof0 = [0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0xf0, 0x01, 0x40, 0x03]; // 8-bit, 240 × 320, 3 components
    expect(jpegSize(Uint8Array.from([0xff, 0xd8, ...app0, ...sof0]))).toEqual({ width: 320, height: 240, components: 3 });
  });
  it("null for bytes that are not a JPEG or have no frame header", () => {
    expect(jpegSize(Uint8Array.from([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(jpegSize(Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02]))).toBeNull();
  });
});
