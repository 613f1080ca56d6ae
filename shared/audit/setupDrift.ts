/**
 * Setup drift (DESIGN §8, after lerobot#3758 "calibration drift"): each camera's first frame, decoded, converted to
 * gray and downscaled to a small thumbnail (THUMB_WIDTH × THUMB_HEIGHT, 8-bit luma), is compared with the pixelwise
 * median first frame of the same camera over the episodes of its task. The drift is the mean absolute difference of
 * the two thumbnails as a fraction of full scale: d = (1/N) Σ |aᵢ − mᵢ| / 255 ∈ [0, 1]. A bumped or moved camera
 * shifts the whole picture and raises d for every episode recorded after the bump.
 */

/** Thumbnail size (pixels) of first frames: small enough to cache for thousands of episodes, big enough to see a shift. */
export const THUMB_WIDTH = 16;
export const THUMB_HEIGHT = 12;

/** A camera's first frame as a gray thumbnail: `gray` is THUMB_WIDTH × THUMB_HEIGHT bytes, row-major, as hex. */
export interface FirstFrame {
  gray: string;
}

/** Hex text of gray bytes. */
export function grayToHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

/**
 * Bytes of a hex thumbnail.
 * @throws RangeError when the text is not THUMB_WIDTH × THUMB_HEIGHT bytes of hex
 */
export function hexToGray(hex: string): Uint8Array {
  const n = THUMB_WIDTH * THUMB_HEIGHT;
  if (hex.length !== 2 * n || !/^[0-9a-f]*$/i.test(hex)) throw new RangeError(`first-frame thumbnail: expected ${2 * n} hex digits, got ${hex.length}`);
  const out = new Uint8Array(n);
  const digit = (c: number) => (c <= 57 ? c - 48 : (c | 32) - 87); // '0'-'9' → 0-9, 'a'-'f' / 'A'-'F' → 10-15
  for (let i = 0; i < n; i++) out[i] = (digit(hex.charCodeAt(2 * i)) << 4) | digit(hex.charCodeAt(2 * i + 1));
  return out;
}

/** Pixelwise median of equally sized thumbnails (lower median for an even count); null when there are none. */
export function medianFrame(frames: readonly Uint8Array[]): Uint8Array | null {
  if (frames.length === 0) return null;
  const n = frames[0]!.length;
  const out = new Uint8Array(n);
  const column = new Uint8Array(frames.length);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < frames.length; f++) column[f] = frames[f]![i]!;
    column.sort();
    out[i] = column[(frames.length - 1) >> 1]!;
  }
  return out;
}

/** Mean absolute difference of two thumbnails as a fraction of full scale (0 = same, 1 = black vs white). */
export function frameDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new RangeError(`frameDifference: sizes differ (${a.length} vs ${b.length})`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / (a.length * 255);
}
