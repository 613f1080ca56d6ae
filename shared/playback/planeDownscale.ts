/**
 * Box downscaling of 8-bit planar YUV pictures (the layout WebCodecs' `VideoFrame.copyTo` writes) by an integer factor,
 * before colour conversion: converting a 1280×720 frame to RGBA costs ~8 ms of CPU in Chromium without a GPU, while a
 * camera tile shows it at a quarter of the pixels or fewer. Averaging k×k blocks of each plane and converting the
 * small picture keeps the colour conversion (and its colour space handling) in WebCodecs.
 *
 * Plane layouts follow the WebCodecs pixel formats (https://w3c.github.io/webcodecs/#pixel-format): I420/I420A (4:2:0,
 * chroma halved both ways), I422 (halved horizontally), I444 (none), NV12 (4:2:0 with U and V interleaved in one plane).
 */

/** Which of a format's planes are subsampled, and how many interleaved samples each holds. */
export interface PlaneFormat {
  /** Horizontal and vertical subsampling of the plane (1 or 2) relative to luma. */
  sub: [number, number];
  /** Interleaved samples per pixel (2 for NV12's UV plane, else 1). */
  channels: number;
}

/** The planes of the 8-bit planar formats this module handles, or undefined for any other format (RGBA, 10-bit, …). */
export const PLANAR_FORMATS: Readonly<Record<string, readonly PlaneFormat[]>> = {
  I420: [
    { sub: [1, 1], channels: 1 },
    { sub: [2, 2], channels: 1 },
    { sub: [2, 2], channels: 1 },
  ],
  I420A: [
    { sub: [1, 1], channels: 1 },
    { sub: [2, 2], channels: 1 },
    { sub: [2, 2], channels: 1 },
    { sub: [1, 1], channels: 1 },
  ],
  I422: [
    { sub: [1, 1], channels: 1 },
    { sub: [2, 1], channels: 1 },
    { sub: [2, 1], channels: 1 },
  ],
  I444: [
    { sub: [1, 1], channels: 1 },
    { sub: [1, 1], channels: 1 },
    { sub: [1, 1], channels: 1 },
  ],
  NV12: [
    { sub: [1, 1], channels: 1 },
    { sub: [2, 2], channels: 2 },
  ],
};

/** Where one plane lies in a buffer (bytes; 8-bit samples). */
export interface PlaneLayout {
  offset: number;
  stride: number;
}

/**
 * The integer factor k ≥ 1 by which a `width`×`height` picture can shrink and still cover `maxWidth`×`maxHeight`
 * (both in px): the largest k with width/k ≥ maxWidth and height/k ≥ maxHeight, so the picture drawn into a canvas
 * of that size is never scaled up. 1 when no size is known.
 */
export function downscaleFactor(width: number, height: number, maxWidth: number, maxHeight: number): number {
  if (!(maxWidth > 0) || !(maxHeight > 0)) return 1;
  return Math.max(1, Math.floor(Math.min(width / maxWidth, height / maxHeight)));
}

/** Size of the picture after shrinking by `k`: even, so 4:2:0 chroma planes stay whole (≥ 2 px). */
export function downscaledSize(width: number, height: number, k: number): { width: number; height: number } {
  return { width: Math.max(2, Math.floor(width / k) & ~1), height: Math.max(2, Math.floor(height / k) & ~1) };
}

/**
 * Shrink a planar picture by `k`: each output sample is the rounded mean of the k×k block of input samples it covers
 * (blocks past the input's edge are clipped).
 *
 * @param src the input planes (as `VideoFrame.copyTo` wrote them), `srcLayout` one entry per plane
 * @param width, height the input picture (luma px)
 * @param out the output picture's size (see downscaledSize; ≤ input / k)
 * @returns the output planes packed tightly (stride = plane width × channels) in one buffer, and their layout
 * @throws Error when `format` is not one of PLANAR_FORMATS or the layouts do not match it
 */
export function downscalePlanes(
  format: string,
  src: Uint8Array,
  srcLayout: readonly PlaneLayout[],
  width: number,
  height: number,
  k: number,
  out: { width: number; height: number },
): { data: Uint8Array; layout: PlaneLayout[] } {
  const planes = PLANAR_FORMATS[format];
  if (!planes) throw new Error(`pixel format ${format}: not an 8-bit planar format`);
  if (srcLayout.length !== planes.length) throw new Error(`pixel format ${format}: ${srcLayout.length} planes, expected ${planes.length}`);
  const dims = planes.map((p) => ({
    inW: Math.ceil(width / p.sub[0]),
    inH: Math.ceil(height / p.sub[1]),
    outW: Math.ceil(out.width / p.sub[0]),
    outH: Math.ceil(out.height / p.sub[1]),
  }));
  const total = planes.reduce((n, p, i) => n + dims[i]!.outW * dims[i]!.outH * p.channels, 0);
  const data = new Uint8Array(total);
  const words = LITTLE_ENDIAN && src.byteOffset % 4 === 0 ? new Uint32Array(src.buffer, src.byteOffset, src.byteLength >> 2) : null;
  const layout: PlaneLayout[] = [];
  let offset = 0;
  planes.forEach((p, i) => {
    const d = dims[i]!;
    const stride = d.outW * p.channels;
    boxPlane(src, words, srcLayout[i]!, d.inW, d.inH, p.channels, k, data, offset, stride, d.outW, d.outH);
    layout.push({ offset, stride });
    offset += stride * d.outH;
  });
  return { data, layout };
}

/** Typed arrays here are little-endian (every platform Chromium and Electron ship on): the word paths rely on it. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Two 8-bit lanes of each 16-bit half of a word added: (b0 + b1) | (b2 + b3) << 16. */
const pairSums = (w: number): number => (w & 0x00ff00ff) + ((w >>> 8) & 0x00ff00ff);

/** Box-average one plane (interleaved `channels`) by k into `dst` at `dstOffset`. */
function boxPlane(
  src: Uint8Array,
  words: Uint32Array | null,
  at: PlaneLayout,
  inW: number,
  inH: number,
  channels: number,
  k: number,
  dst: Uint8Array,
  dstOffset: number,
  dstStride: number,
  outW: number,
  outH: number,
): void {
  const base = at.offset;
  const stride = at.stride;
  // 4 samples per read where rows are word-aligned (k = 2 or 4, one channel): the common 4:2:0 planes.
  const wordRows = words !== null && channels === 1 && (k === 2 || k === 4) && base % 4 === 0 && stride % 4 === 0;
  for (let y = 0; y < outH; y++) {
    const y0 = y * k;
    const rows = Math.min(inH, y0 + k) - y0;
    const rowOut = dstOffset + y * dstStride;
    if (rows <= 0) {
      dst.fill(0, rowOut, rowOut + outW * channels);
      continue;
    }
    const rowIn = base + y0 * stride;
    if (channels === 1) {
      const full = Math.min(outW, Math.floor(inW / k));
      let x = 0;
      if (wordRows && rows === k) {
        const w = rowIn >> 2;
        const ws = stride >> 2;
        if (k === 2) {
          for (let j = 0; j + 1 < full; j += 2) {
            const sum = pairSums(words![w + (j >> 1)]!) + pairSums(words![w + ws + (j >> 1)]!);
            dst[rowOut + j] = ((sum & 0xffff) + 2) >> 2;
            dst[rowOut + j + 1] = ((sum >>> 16) + 2) >> 2;
          }
          x = full & ~1;
        } else {
          for (let j = 0; j < full; j++) {
            const sum = pairSums(words![w + j]!) + pairSums(words![w + ws + j]!) + pairSums(words![w + 2 * ws + j]!) + pairSums(words![w + 3 * ws + j]!);
            dst[rowOut + j] = ((sum & 0xffff) + (sum >>> 16) + 8) >> 4;
          }
          x = full;
        }
      }
      const inv = 1 / (rows * k);
      for (; x < full; x++) {
        let sum = 0;
        for (let r = 0, p = rowIn + x * k; r < rows; r++, p += stride) {
          for (let s = 0; s < k; s++) sum += src[p + s]!;
        }
        dst[rowOut + x] = (sum * inv + 0.5) | 0;
      }
      for (; x < outW; x++) {
        const x0 = x * k;
        const cols = Math.min(inW, x0 + k) - x0;
        let sum = 0;
        for (let r = 0, p = rowIn + x0; r < rows; r++, p += stride) {
          for (let s = 0; s < cols; s++) sum += src[p + s]!;
        }
        dst[rowOut + x] = cols > 0 ? (sum / (rows * cols) + 0.5) | 0 : 0;
      }
      continue;
    }
    for (let x = 0; x < outW; x++) {
      const x0 = x * k;
      const cols = Math.min(inW, x0 + k) - x0;
      const n = rows * cols;
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        let p = rowIn + x0 * channels + c;
        for (let r = 0; r < rows; r++, p += stride) {
          for (let s = 0, q = p; s < cols; s++, q += channels) sum += src[q]!;
        }
        dst[rowOut + x * channels + c] = n > 0 ? ((sum + (n >> 1)) / n) | 0 : 0;
      }
    }
  }
}
