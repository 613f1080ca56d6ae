/**
 * WebCodecs codec strings for camera video formats (foxglove.CompressedVideo `format`).
 *
 * H.264: the `avc1.PPCCLL` string of RFC 6381 §3.3 is built from the first three bytes of the sequence parameter set
 * (profile_idc, constraint_set flags, level_idc), found in the Annex B keyframe.
 */

/** What to configure a VideoDecoder with, or why it cannot be done. */
export type CodecChoice =
  | { supported: true; codec: string }
  | { supported: false; codec: string; reason: string };

/** Codec strings for the formats whose parameters we do not parse. */
export const FIXED_CODEC_STRINGS: Readonly<Record<string, string>> = {
  vp9: "vp09.00.10.08",
  av1: "av01.0.04M.08",
};

/** Used when an H.264 keyframe carries no SPS: High profile, level 5.1 (accepted by every software decoder). */
export const FALLBACK_AVC_CODEC = "avc1.640033";

const hex2 = (n: number) => n.toString(16).toUpperCase().padStart(2, "0");

/**
 * Split an Annex B byte stream (start codes `00 00 01` / `00 00 00 01`) into NAL unit payloads (header byte included,
 * start code excluded). Bytes before the first start code are ignored.
 */
export function splitAnnexB(data: Uint8Array): Uint8Array[] {
  const starts: number[] = []; // index of the first byte after each start code
  for (let i = 0; i + 2 < data.length; i++) {
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) {
      starts.push(i + 3);
      i += 2;
    }
  }
  const units: Uint8Array[] = [];
  for (let s = 0; s < starts.length; s++) {
    const begin = starts[s]!;
    let end = s + 1 < starts.length ? starts[s + 1]! - 3 : data.length;
    // A 4-byte start code leaves one zero byte at the end of the previous unit; trailing zeros are not payload.
    while (end > begin && data[end - 1] === 0) end--;
    if (end > begin) units.push(data.subarray(begin, end));
  }
  return units;
}

/** Remove emulation-prevention bytes (`00 00 03` → `00 00`) from a NAL unit (H.264 §7.4.1). */
export function unescapeRbsp(nal: Uint8Array): Uint8Array {
  const out = new Uint8Array(nal.length);
  let n = 0;
  let zeros = 0;
  for (let i = 0; i < nal.length; i++) {
    const b = nal[i]!;
    if (zeros >= 2 && b === 3) {
      zeros = 0;
      continue;
    }
    out[n++] = b;
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return out.subarray(0, n);
}

/** The H.264 SPS fields that make the codec string. */
export interface AvcProfile {
  profileIdc: number;
  constraintFlags: number;
  levelIdc: number;
}

/** Find the first SPS (nal_unit_type 7) in an Annex B access unit and read its profile, constraint flags and level. */
export function findAvcProfile(accessUnit: Uint8Array): AvcProfile | null {
  for (const nal of splitAnnexB(accessUnit)) {
    if ((nal[0]! & 0x1f) !== 7) continue;
    const rbsp = unescapeRbsp(nal);
    if (rbsp.length < 4) return null;
    return { profileIdc: rbsp[1]!, constraintFlags: rbsp[2]!, levelIdc: rbsp[3]! };
  }
  return null;
}

/** `avc1.PPCCLL` for an SPS profile. */
export function avcCodecString(p: AvcProfile): string {
  return `avc1.${hex2(p.profileIdc)}${hex2(p.constraintFlags)}${hex2(p.levelIdc)}`;
}

/**
 * Choose the WebCodecs codec string for a video format, given the first keyframe's bytes (needed for H.264).
 * H.265 is reported unsupported: Chromium here has no HEVC decoder.
 */
export function chooseCodec(format: string, keyframe: Uint8Array | null): CodecChoice {
  const f = format.toLowerCase();
  if (f === "h264" || f === "avc" || f === "avc1") {
    const profile = keyframe ? findAvcProfile(keyframe) : null;
    return { supported: true, codec: profile ? avcCodecString(profile) : FALLBACK_AVC_CODEC };
  }
  if (f === "h265" || f === "hevc") {
    return { supported: false, codec: "h265", reason: "H.265/HEVC cannot be decoded by this Chromium build" };
  }
  const fixed = FIXED_CODEC_STRINGS[f];
  if (fixed) return { supported: true, codec: fixed };
  return { supported: false, codec: format, reason: "unknown video format" };
}
