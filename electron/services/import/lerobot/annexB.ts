/**
 * H.264 sample conversion from MP4 (ISO/IEC 14496-15 "AVCC": NAL units prefixed by a 1–4 byte big-endian length) to
 * Annex B byte stream (ITU-T H.264 Annex B: NAL units after 00 00 00 01 start codes), the form
 * `foxglove.CompressedVideo` wants (https://docs.foxglove.dev/docs/visualization/message-schemas/compressed-video).
 * Keyframes get the SPS and PPS from the avcC box in front, so every keyframe decodes on its own.
 */

const START_CODE = [0, 0, 0, 1] as const;

/**
 * Convert one AVCC sample to Annex B.
 * @param sample the sample bytes
 * @param lengthSize bytes of each NAL length prefix (avcC lengthSizeMinusOne + 1: 1, 2 or 4)
 * @param prefixNalUnits NAL units (without start codes) to put first, e.g. [SPS, PPS] before a keyframe
 * @throws Error naming the byte offset when a length prefix runs past the end of the sample
 */
export function avccToAnnexB(sample: Uint8Array, lengthSize: number, prefixNalUnits: readonly Uint8Array[] = []): Uint8Array {
  const units: Uint8Array[] = [...prefixNalUnits];
  let pos = 0;
  while (pos < sample.length) {
    if (pos + lengthSize > sample.length) throw new Error(`NAL length prefix at byte ${pos} runs past the end of the ${sample.length}-byte sample`);
    let length = 0;
    for (let i = 0; i < lengthSize; i++) length = length * 256 + sample[pos + i]!;
    pos += lengthSize;
    if (pos + length > sample.length) throw new Error(`NAL unit of ${length} bytes at byte ${pos - lengthSize} runs past the end of the ${sample.length}-byte sample`);
    units.push(sample.subarray(pos, pos + length));
    pos += length;
  }
  const out = new Uint8Array(units.reduce((n, u) => n + START_CODE.length + u.length, 0));
  let at = 0;
  for (const unit of units) {
    out.set(START_CODE, at);
    out.set(unit, at + START_CODE.length);
    at += START_CODE.length + unit.length;
  }
  return out;
}
