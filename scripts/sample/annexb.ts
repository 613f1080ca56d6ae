/**
 * H.264 Annex B byte-stream helpers (ITU-T H.264 Annex B: NAL units separated by 00 00 01 / 00 00 00 01 start codes).
 */

/** One NAL unit located inside an Annex B buffer. */
export interface NalUnit {
  /** Offset of the start code (first 00 of 00 00 01 or 00 00 00 01). */
  start: number;
  /** Offset of the NAL header byte, just after the start code. */
  headerOffset: number;
  /** Offset one past the NAL unit's last byte (= next start code or buffer end). */
  end: number;
  /** nal_unit_type (5 bits): 1 non-IDR slice, 5 IDR slice, 6 SEI, 7 SPS, 8 PPS, 9 access unit delimiter. */
  type: number;
}

/** NAL unit type numbers used by the sample and its tests (H.264 table 7-1). */
export const NAL = { SLICE: 1, IDR: 5, SEI: 6, SPS: 7, PPS: 8, AUD: 9 } as const;

/** List the NAL units of an Annex B buffer in order. Bytes before the first start code are ignored. */
export function findNalUnits(data: Uint8Array): NalUnit[] {
  const units: NalUnit[] = [];
  let i = 0;
  while (i + 2 < data.length) {
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) {
      const start = i > 0 && data[i - 1] === 0 ? i - 1 : i;
      const headerOffset = i + 3;
      const last = units[units.length - 1];
      if (last) last.end = start;
      if (headerOffset < data.length) {
        units.push({ start, headerOffset, end: data.length, type: data[headerOffset]! & 0x1f });
      }
      i = headerOffset;
    } else {
      i++;
    }
  }
  return units;
}

/** The nal_unit_type of every NAL unit in `data`, in order. */
export function nalTypes(data: Uint8Array): number[] {
  return findNalUnits(data).map((u) => u.type);
}

/**
 * Split an Annex B stream into access units (one coded picture each), cutting in front of every access unit
 * delimiter (type 9). The stream must carry AUDs (x264 `aud=1`); each returned slice starts with its AUD.
 */
export function splitAccessUnits(stream: Uint8Array): Uint8Array[] {
  const cuts = findNalUnits(stream)
    .filter((u) => u.type === NAL.AUD)
    .map((u) => u.start);
  if (cuts.length === 0) throw new Error("H.264 stream has no access unit delimiters; encode with x264 aud=1");
  return cuts.map((from, k) => stream.subarray(from, cuts[k + 1] ?? stream.length));
}

/** True when the access unit can start decoding: it holds an IDR slice (5) preceded by an SPS (7) and a PPS (8). */
export function isDecodableKeyframe(accessUnit: Uint8Array): boolean {
  const types = nalTypes(accessUnit);
  const idr = types.indexOf(NAL.IDR);
  const sps = types.indexOf(NAL.SPS);
  const pps = types.indexOf(NAL.PPS);
  return idr >= 0 && sps >= 0 && pps >= 0 && sps < idr && pps < idr;
}
