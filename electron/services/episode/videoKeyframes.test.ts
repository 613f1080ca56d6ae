import { describe, expect, it } from "vitest";
import { annexBNalTypes, av1ObuTypes, isVideoKeyframe } from "./videoKeyframes.ts";

// Byte layouts from the codec specs (H.264 §7.3.1, H.265 §7.3.1.2, VP9 §6.2, AV1 §5.3): only headers matter here.
const h264Idr = new Uint8Array([0, 0, 0, 1, 0x67, 0x42, 0, 0x1e, 0, 0, 0, 1, 0x68, 0xce, 0, 0, 1, 0x65, 0x88, 0x84]); // SPS, PPS, IDR
const h264P = new Uint8Array([0, 0, 0, 1, 0x09, 0xf0, 0, 0, 0, 1, 0x41, 0x9a, 0x02]); // AUD, non-IDR slice
const h265Idr = new Uint8Array([0, 0, 0, 1, 0x40, 0x01, 0, 0, 1, 0x42, 0x01, 0, 0, 1, 0x26, 0x01, 0xaf]); // VPS, SPS, IDR_W_RADL (19)
const h265Cra = new Uint8Array([0, 0, 1, 0x2a, 0x01, 0xaf]); // CRA_NUT (21)
const h265Trail = new Uint8Array([0, 0, 0, 1, 0x02, 0x01, 0xd0]); // TRAIL_R (1)

describe("video keyframes", () => {
  it("H.264 Annex B: IDR NAL (type 5)", () => {
    expect(annexBNalTypes(h264Idr, (b) => b & 0x1f)).toEqual([7, 8, 5]);
    expect(isVideoKeyframe("h264", h264Idr)).toBe(true);
    expect(isVideoKeyframe("h264", h264P)).toBe(false);
  });

  it("H.265 Annex B: IRAP NAL (types 16–21)", () => {
    expect(isVideoKeyframe("h265", h265Idr)).toBe(true);
    expect(isVideoKeyframe("h265", h265Cra)).toBe(true);
    expect(isVideoKeyframe("h265", h265Trail)).toBe(false);
  });

  it("VP9: frame_type in the uncompressed header", () => {
    expect(isVideoKeyframe("vp9", new Uint8Array([0x82, 0x49, 0x83, 0x42]))).toBe(true); // profile 0 key frame (sync code follows)
    expect(isVideoKeyframe("vp9", new Uint8Array([0x86, 0x00]))).toBe(false); // profile 0 inter frame
    expect(isVideoKeyframe("vp9", new Uint8Array([0x88]))).toBe(false); // show_existing_frame
    expect(isVideoKeyframe("vp9", new Uint8Array([0xb0, 0x49]))).toBe(true); // profile 3 (reserved bit) key frame
    expect(isVideoKeyframe("vp9", new Uint8Array([0xb2, 0x00]))).toBe(false); // profile 3 inter frame
    expect(isVideoKeyframe("vp9", new Uint8Array([0x00]))).toBe(false); // bad frame marker
  });

  it("AV1: a sequence header OBU (type 1) marks a keyframe", () => {
    const key = new Uint8Array([0x12, 0x00, 0x0a, 0x03, 0x00, 0x00, 0x00, 0x32, 0x02, 0xaa, 0xbb]); // TD, seq header(3), frame(2)
    const inter = new Uint8Array([0x12, 0x00, 0x32, 0x02, 0xaa, 0xbb]); // TD, frame
    expect(av1ObuTypes(key)).toEqual([2, 1, 6]);
    expect(isVideoKeyframe("av1", key)).toBe(true);
    expect(isVideoKeyframe("av1", inter)).toBe(false);
  });

  it("unknown formats are never keyframes", () => {
    expect(isVideoKeyframe("mjpeg", h264Idr)).toBe(false);
  });
});
