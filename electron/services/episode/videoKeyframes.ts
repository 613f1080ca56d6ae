/**
 * Keyframe detection for one `foxglove.CompressedVideo` frame (one access unit / temporal unit per message,
 * https://docs.foxglove.dev/docs/visualization/message-schemas/compressed-video):
 * - h264 (Annex B): an IDR NAL unit (nal_unit_type 5), ITU-T H.264 §7.4.1.2.
 * - h265 (Annex B): an IRAP NAL unit (nal_unit_type 16–21: BLA, IDR, CRA), ITU-T H.265 §7.4.2.2.
 * - vp9: the uncompressed header's frame_type is KEY_FRAME (0) and show_existing_frame is 0 (VP9 bitstream spec §6.2).
 * - av1: the temporal unit holds a sequence header OBU (obu_type 1), the usual marker of a random access point
 *   (AV1 spec §5.3); checking the frame header's frame_type would need a full OBU parse.
 * Unknown formats: false.
 */

/** Video codec names used by `foxglove.CompressedVideo.format`. */
export type VideoFormat = "h264" | "h265" | "vp9" | "av1";

/** True when `data` (one frame in `format`) can be decoded without earlier frames. */
export function isVideoKeyframe(format: string, data: Uint8Array): boolean {
  switch (format.toLowerCase()) {
    case "h264":
      return annexBNalTypes(data, (b) => b & 0x1f).some((t) => t === 5);
    case "h265":
    case "hevc":
      return annexBNalTypes(data, (b) => (b >> 1) & 0x3f).some((t) => t >= 16 && t <= 21);
    case "vp9":
      return isVp9Keyframe(data);
    case "av1":
      return av1ObuTypes(data).includes(1);
    default:
      return false;
  }
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
