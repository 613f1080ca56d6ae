/**
 * Keyframe detection for one `foxglove.CompressedVideo` frame (one access unit / temporal unit per message,
 * https://docs.foxglove.dev/docs/visualization/message-schemas/compressed-video):
 * - h264 (Annex B): an IDR NAL unit (nal_unit_type 5), ITU-T H.264 §7.4.1.2.
 * - h265 (Annex B): an IRAP NAL unit (nal_unit_type 16–21: BLA, IDR, CRA), ITU-T H.265 §7.4.2.2.
 * - vp9: the uncompressed header's frame_type is KEY_FRAME (0) and show_existing_frame is 0 (VP9 bitstream spec §6.2).
 * - av1: the temporal unit holds a sequence header OBU (obu_type 1), the usual marker of a random access point
 *   (AV1 spec §5.3); checking the frame header's frame_type would need a full OBU parse.
 * Unknown formats: false.
 * Only the headers in front of the first picture data are read (videoKeyframeFlag), so a prefix of a frame often
 * suffices.
 */

/** Video codec names used by `foxglove.CompressedVideo.format`. */
export type VideoFormat = "h264" | "h265" | "vp9" | "av1";

/** True when `data` (one frame in `format`) can be decoded without earlier frames. */
export function isVideoKeyframe(format: string, data: Uint8Array): boolean {
  return videoKeyframeFlag(format, data, true)!;
}

/**
 * Like isVideoKeyframe, from the first bytes of the frame only: only the headers before the first picture data are
 * read (the NAL units up to the first slice, the OBUs up to the first frame, VP9's first byte), so a frame index can
 * be built without reading whole frames.
 * - h264: the first VCL NAL unit (types 1–5) decides: IDR (5) or not (all slices of a picture share one type,
 *   H.264 §7.4.1.2.4).
 * - h265: the first VCL NAL unit (types 0–31) decides: IRAP (16–21) or not.
 * - av1: a sequence header OBU before the first frame / frame header / tile group OBU (types 6, 3, 4) or none.
 * @param complete `prefix` is the whole frame (then the answer is never null)
 * @returns the flag, or null when `prefix` ends before the answer (read more of the frame)
 */
export function videoKeyframeFlag(format: string, prefix: Uint8Array, complete: boolean): boolean | null {
  switch (format.toLowerCase()) {
    case "h264":
      return firstVclDecides(prefix, complete, (b) => b & 0x1f, (t) => t >= 1 && t <= 5, (t) => t === 5);
    case "h265":
    case "hevc":
      return firstVclDecides(prefix, complete, (b) => (b >> 1) & 0x3f, (t) => t <= 31, (t) => t >= 16 && t <= 21);
    case "vp9":
      return prefix.length === 0 && !complete ? null : isVp9Keyframe(prefix);
    case "av1":
      return av1SequenceHeaderFirst(prefix, complete);
    default:
      return false;
  }
}

/**
 * Walk an Annex B stream's NAL units to the first one `isVcl` says carries picture data; `isKey` of its type is the
 * answer. No VCL unit: false for a complete frame, null for a prefix (the unit may lie beyond it).
 */
function firstVclDecides(
  data: Uint8Array,
  complete: boolean,
  typeOf: (firstByte: number) => number,
  isVcl: (type: number) => boolean,
  isKey: (type: number) => boolean,
): boolean | null {
  for (let i = 0; i + 3 < data.length; i++) {
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) {
      const type = typeOf(data[i + 3]!);
      if (isVcl(type)) return isKey(type);
      i += 3;
    }
  }
  return complete ? false : null;
}

/** AV1: a sequence header OBU (1) before any frame, frame header or tile group OBU (6, 3, 4). */
function av1SequenceHeaderFirst(data: Uint8Array, complete: boolean): boolean | null {
  const types = av1ObuTypes(data);
  for (const t of types) {
    if (t === 1) return true;
    if (t === 6 || t === 3 || t === 4) return false;
  }
  return complete ? false : null;
}

/** NAL unit types of an Annex B byte stream (units after each 00 00 01 start code). */
export function annexBNalTypes(data: Uint8Array, typeOf: (firstByte: number) => number): number[] {
  const types: number[] = [];
  for (let i = 0; i + 3 < data.length; i++) {
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) {
      types.push(typeOf(data[i + 3]!));
      i += 3;
    }
  }
  return types;
}

function isVp9Keyframe(data: Uint8Array): boolean {
  const first = data[0];
  if (first === undefined || first >> 6 !== 0b10) return false; // frame_marker
  const profile = ((first >> 5) & 1) | (((first >> 4) & 1) << 1); // profile_low_bit, then profile_high_bit
  let bit = profile === 3 ? 2 : 3; // profile 3 has a reserved_zero bit
  const showExistingFrame = (first >> bit) & 1;
  if (showExistingFrame) return false;
  bit -= 1;
  return ((first >> bit) & 1) === 0; // frame_type: 0 = KEY_FRAME
}

/** OBU types of an AV1 temporal unit in low-overhead bitstream format (OBUs with size fields). */
export function av1ObuTypes(data: Uint8Array): number[] {
  const types: number[] = [];
  let pos = 0;
  while (pos < data.length) {
    const header = data[pos]!;
    types.push((header >> 3) & 0x0f);
    const hasExtension = (header >> 2) & 1;
    const hasSize = (header >> 1) & 1;
    pos += 1 + hasExtension;
    if (!hasSize) break; // the OBU runs to the end of the data
    let size = 0;
    for (let shift = 0; shift < 56; shift += 7) {
      const byte = data[pos++];
      if (byte === undefined) return types;
      size += (byte & 0x7f) * 2 ** shift;
      if (!(byte & 0x80)) break;
    }
    pos += size;
  }
  return types;
}
