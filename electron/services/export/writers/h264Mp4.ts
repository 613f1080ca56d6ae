/**
 * Remux H.264 access units (Annex B, as foxglove.CompressedVideo carries them) into an MP4 file with mp4box, without
 * re-encoding: NAL units are length-prefixed (AVCC, 4-byte lengths), the SPS/PPS go into the `avcC` box
 * (ISO/IEC 14496-15 §5.3.3.1), access unit delimiters are dropped, every sample lasts 1/fps s.
 * Width and height are read from the SPS (H.264 §7.3.2.1.1).
 */
import { createFile } from "mp4box";
import { splitAnnexB, unescapeRbsp } from "../../../../shared/playback/codec.ts";

/** An Exp-Golomb bit reader over an RBSP (H.264 §9.1). */
class Bits {
  #pos = 0;
  constructor(private readonly bytes: Uint8Array) {}
  u(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++, this.#pos++) {
      const byte = this.bytes[this.#pos >> 3];
      if (byte === undefined) throw new Error("SPS ends early");
      v = v * 2 + ((byte >> (7 - (this.#pos & 7))) & 1);
    }
    return v;
  }
  ue(): number {
    let zeros = 0;
    while (this.u(1) === 0) if (++zeros > 31) throw new Error("bad Exp-Golomb code in SPS");
    return 2 ** zeros - 1 + this.u(zeros);
  }
  se(): number {
    const k = this.ue();
    return k % 2 ? (k + 1) / 2 : -k / 2;
  }
}

/** Picture size (pixels) from an SPS NAL unit (header byte included). */
export function spsSize(sps: Uint8Array): { width: number; height: number } {
  const b = new Bits(unescapeRbsp(sps).subarray(1));
  const profile = b.u(8);
  b.u(16); // constraint flags, level
  b.ue(); // seq_parameter_set_id
  let chroma = 1;
  if ([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135].includes(profile)) {
    chroma = b.ue();
    if (chroma === 3) b.u(1);
    b.ue();
    b.ue();
    b.u(1);
    if (b.u(1)) {
      for (let i = 0; i < (chroma === 3 ? 12 : 8); i++) {
        if (!b.u(1)) continue;
        let last = 8;
        let next = 8;
        for (let j = 0; j < (i < 6 ? 16 : 64) && next !== 0; j++) {
          next = (last + b.se() + 256) % 256;
          last = next === 0 ? last : next;
        }
      }
    }
  }
  b.ue(); // log2_max_frame_num_minus4
  const pocType = b.ue();
  if (pocType === 0) b.ue();
  else if (pocType === 1) {
    b.u(1);
    b.se();
    b.se();
    const n = b.ue();
    for (let i = 0; i < n; i++) b.se();
  }
  b.ue(); // max_num_ref_frames
  b.u(1);
  const widthMbs = b.ue() + 1;
  const heightUnits = b.ue() + 1;
  const frameMbsOnly = b.u(1);
  if (!frameMbsOnly) b.u(1);
  b.u(1);
  let [left, right, top, bottom] = [0, 0, 0, 0];
  if (b.u(1)) [left, right, top, bottom] = [b.ue(), b.ue(), b.ue(), b.ue()];
  const cropX = chroma === 0 || chroma === 3 ? 1 : 2;
  const cropY = (chroma === 1 ? 2 : 1) * (2 - frameMbsOnly);
  return { width: widthMbs * 16 - cropX * (left + right), height: heightUnits * 16 * (2 - frameMbsOnly) - cropY * (top + bottom) };
}

/** The avcC record for one SPS and its PPSs. */
function avcC(sps: Uint8Array, ppss: readonly Uint8Array[]): Uint8Array {
  const out = [1, sps[1]!, sps[2]!, sps[3]!, 0xff, 0xe1, sps.length >> 8, sps.length & 0xff, ...sps, ppss.length];
  for (const pps of ppss) out.push(pps.length >> 8, pps.length & 0xff, ...pps);
  return Uint8Array.from(out);
}

/** One access unit to remux. */
export interface H264Sample {
  data: Uint8Array;
  keyframe: boolean;
}

/**
 * The MP4 bytes of `samples` (decode order = presentation order, no B-frames) at `fps`.
 * @throws Error when the first sample is not a keyframe or no SPS/PPS is found in it.
 */
export function remuxH264ToMp4(samples: readonly H264Sample[], fps: number): { mp4: Uint8Array; width: number; height: number } {
  if (samples.length === 0 || !samples[0]!.keyframe) throw new Error("the first frame is not a keyframe");
  const first = splitAnnexB(samples[0]!.data);
  const sps = first.find((n) => (n[0]! & 0x1f) === 7);
  const ppss = first.filter((n) => (n[0]! & 0x1f) === 8);
  if (!sps || ppss.length === 0) throw new Error("no SPS/PPS in the first keyframe");
  const { width, height } = spsSize(sps);
  const timescale = Math.round(fps * 1000);
  const duration = 1000;
  const file = createFile();
  const record = avcC(sps, ppss);
  const track = file.addTrack({
    timescale,
    width,
    height,
    type: "avc1",
    avcDecoderConfigRecord: record.buffer.slice(record.byteOffset, record.byteOffset + record.byteLength) as ArrayBuffer,
    brands: ["isom", "iso2", "avc1", "mp41"],
    duration: samples.length * duration,
    media_duration: samples.length * duration,
  });
  samples.forEach((s, i) => {
    const nals = splitAnnexB(s.data).filter((n) => ![7, 8, 9].includes(n[0]! & 0x1f));
    const size = nals.reduce((a, n) => a + 4 + n.length, 0);
    const data = new Uint8Array(new ArrayBuffer(size));
    const view = new DataView(data.buffer);
    let o = 0;
    for (const n of nals) {
      view.setUint32(o, n.length);
      data.set(n, o + 4);
      o += 4 + n.length;
    }
    file.addSample(track, data, { duration, dts: i * duration, cts: i * duration, is_sync: s.keyframe });
  });
  const stream = file.getBuffer();
  return { mp4: new Uint8Array(stream.buffer, 0, stream.byteLength), width, height };
}
