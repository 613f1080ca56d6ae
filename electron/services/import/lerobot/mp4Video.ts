/**
 * Demux the video track of an MP4 file with mp4box into `foxglove.CompressedVideo` frames without re-encoding:
 * - H.264 (`avc1`/`avc3`): samples converted from AVCC to Annex B, SPS/PPS from avcC before every sync sample;
 * - AV1 (`av01`): samples are temporal units already (AV1-ISOBMFF §2.4); a sync sample without a sequence header OBU
 *   gets the av1C configOBUs in front, so every keyframe carries one (what the engine's keyframe index looks for).
 * Other codecs are refused with an error naming the file and the codec.
 */
import { avccToAnnexB } from "./annexB.ts";

/** One video frame in decode order. */
export interface VideoFrame {
  /** Presentation time relative to the first frame's, ns (edit lists and composition offsets applied as a shift). */
  ptsNs: bigint;
  /** Annex B access unit (h264) or temporal unit (av1). */
  data: Uint8Array;
  keyframe: boolean;
}

/** The demuxed track. */
export interface DemuxedVideo {
  /** `h264` or `av1` (foxglove.CompressedVideo format). */
  format: "h264" | "av1";
  /** Codec string from the sample entry, e.g. `avc1.f4001f`, `av01.0.04M.08`. */
  codec: string;
  width: number;
  height: number;
  /** Frames in decode order. */
  frames: VideoFrame[];
  /** True when decode order differs from presentation order (B-frames), which foxglove.CompressedVideo cannot carry. */
  reordered: boolean;
}

interface NaluLike {
  data: Uint8Array;
}
interface SampleEntryLike {
  type: string;
  avcC?: { lengthSizeMinusOne: number; SPS: NaluLike[]; PPS: NaluLike[] };
  av1C?: { configOBUs: Uint8Array };
}

/** True when an AV1 temporal unit holds a sequence header OBU (obu_type 1) among its leading OBUs. */
function hasSequenceHeader(data: Uint8Array): boolean {
  let pos = 0;
  while (pos < data.length) {
    const header = data[pos]!;
    if (((header >> 3) & 0x0f) === 1) return true;
    const hasExtension = (header >> 2) & 1;
    if (!((header >> 1) & 1)) return false;
    pos += 1 + hasExtension;
    let size = 0;
    for (let shift = 0; shift < 56; shift += 7) {
      const byte = data[pos++];
      if (byte === undefined) return false;
      size += (byte & 0x7f) * 2 ** shift;
      if (!(byte & 0x80)) break;
    }
    pos += size;
  }
  return false;
}

/**
 * Demux the first video track of `bytes` (a whole MP4 file in memory).
 * @returns the track, resolved once mp4box is loaded
 * @param file the file name, for errors
 * @throws Error naming the file when it is not an MP4 mp4box can parse, has no video track, uses another codec, or a
 *   sample lies outside the file
 */
export async function demuxMp4Video(bytes: Uint8Array, file: string): Promise<DemuxedVideo> {
  const { createFile, MP4BoxBuffer } = await import("mp4box"); // on demand, so CLI commands other than import start fast
  const mp4 = createFile();
  let parseError: string | null = null;
  mp4.onError = (module: string, message: string) => {
    parseError = `${module}: ${message}`;
  };
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  try {
    mp4.appendBuffer(MP4BoxBuffer.fromArrayBuffer(copy, 0), true);
    mp4.flush();
  } catch (error) {
    throw new Error(`${file}: not a readable MP4 file (${(error as Error).message})`);
  }
  const info = mp4.getInfo();
  if (parseError) throw new Error(`${file}: not a readable MP4 file (${parseError})`);
  const track = info?.videoTracks?.[0];
  if (!track) throw new Error(`${file}: no video track (is it an MP4 file?)`);
  const trak = mp4.getTrackById(track.id);
  const entry = trak?.mdia?.minf?.stbl?.stsd?.entries?.[0] as unknown as SampleEntryLike | undefined;
  const samples = mp4.getTrackSamplesInfo(track.id);
  let format: "h264" | "av1";
  let convert: (data: Uint8Array, keyframe: boolean) => Uint8Array;
  if (entry?.avcC) {
    format = "h264";
    const lengthSize = entry.avcC.lengthSizeMinusOne + 1;
    const parameterSets = [...entry.avcC.SPS, ...entry.avcC.PPS].map((n) => n.data);
    convert = (data, keyframe) => avccToAnnexB(data, lengthSize, keyframe ? parameterSets : []);
  } else if (entry?.av1C) {
    format = "av1";
    const config = entry.av1C.configOBUs;
    convert = (data, keyframe) => {
      if (!keyframe || hasSequenceHeader(data) || config.length === 0) return data;
      const out = new Uint8Array(config.length + data.length);
      out.set(config);
      out.set(data, config.length);
      return out;
    };
  } else {
    throw new Error(`${file}: video codec ${track.codec} (${entry?.type ?? "no sample entry"}) is not supported: H.264 (avc1) and AV1 (av01) are`);
  }
  const minCts = samples.reduce((m, s) => Math.min(m, s.cts), Infinity);
  let reordered = false;
  const frames = samples.map((s, i) => {
    if (s.offset + s.size > bytes.length) throw new Error(`${file}: sample ${i} (offset ${s.offset}, ${s.size} bytes) lies past the end of the file (${bytes.length} bytes)`);
    if (i > 0 && s.cts < samples[i - 1]!.cts) reordered = true;
    let data: Uint8Array;
    try {
      data = convert(bytes.subarray(s.offset, s.offset + s.size), s.is_sync);
    } catch (error) {
      throw new Error(`${file}: sample ${i}: ${(error as Error).message}`);
    }
    const ptsNs = (BigInt(s.cts - minCts) * 1_000_000_000n) / BigInt(s.timescale);
    return { ptsNs, data, keyframe: s.is_sync };
  });
  return { format, codec: track.codec, width: track.video?.width ?? track.track_width, height: track.video?.height ?? track.track_height, frames, reordered };
}
