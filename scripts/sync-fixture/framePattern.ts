/**
 * The machine-readable frame number drawn into every frame of the sync fixture: a row of 16 large black/white blocks
 * across the image (12 bits of the number, most significant first, then a 4-bit check), robust to JPEG/H.264 loss.
 *
 * Pure code shared by the generator (which draws it into RGB frames) and the tests (which read it back from canvas
 * pixels, in Node or inside the page via `readPatternSource`).
 */

/** Number of blocks in the row. */
export const PATTERN_BLOCKS = 16;
/** Bits of the frame number (max 4095). */
export const PATTERN_INDEX_BITS = 12;
/** The band holding the blocks, as fractions of the image height. */
export const PATTERN_BAND = { top: 0.4, bottom: 0.6 } as const;

/** The 4-bit check of a frame number. */
export function patternCheck(index: number): number {
  return (index * 7 + 3) & 15;
}

/** The 16 block values (true = white) for frame number `index` (0..4095). @throws RangeError outside that range */
export function patternBits(index: number): boolean[] {
  if (!Number.isInteger(index) || index < 0 || index >= 1 << PATTERN_INDEX_BITS) throw new RangeError(`frame number ${index} does not fit 12 bits`);
  const word = (index << 4) | patternCheck(index);
  return Array.from({ length: PATTERN_BLOCKS }, (_, b) => ((word >> (PATTERN_BLOCKS - 1 - b)) & 1) === 1);
}

/**
 * Read the frame number from RGBA pixels (`width`×`height`, 4 bytes per pixel): the mean luma of the middle of each
 * block, thresholded at 128. Returns -1 when the check bits do not match (not a pattern, or a torn image).
 */
export function readPattern(rgba: ArrayLike<number>, width: number, height: number): number {
  let word = 0;
  const blockW = width / PATTERN_BLOCKS;
  const y0 = Math.floor(height * (PATTERN_BAND.top + 0.05));
  const y1 = Math.ceil(height * (PATTERN_BAND.bottom - 0.05));
  for (let b = 0; b < PATTERN_BLOCKS; b++) {
    const x0 = Math.floor(b * blockW + blockW * 0.3);
    const x1 = Math.ceil((b + 1) * blockW - blockW * 0.3);
    let sum = 0;
    let n = 0;
    for (let y = y0; y < y1; y += 2) {
      for (let x = x0; x < x1; x += 2) {
        const o = (y * width + x) * 4;
        sum += 0.299 * rgba[o]! + 0.587 * rgba[o + 1]! + 0.114 * rgba[o + 2]!;
        n++;
      }
    }
    word = (word << 1) | (n > 0 && sum / n >= 128 ? 1 : 0);
  }
  const index = word >> 4;
  return (word & 15) === patternCheck(index) ? index : -1;
}

/**
 * Draw frame `index` of a camera as RGB24 (`width`×`height`×3 bytes): a moving texture (so the encoder has real
 * motion to code) with the block row over it.
 * @param hue 0..2, which channel the texture tints, so the cameras look different.
 */
export function drawPatternFrame(index: number, width: number, height: number, hue: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  const bits = patternBits(index);
  const top = Math.floor(height * PATTERN_BAND.top);
  const bottom = Math.floor(height * PATTERN_BAND.bottom);
  const blockW = width / PATTERN_BLOCKS;
  // One texture row long enough to be shifted for every image row (the texture is diagonal), and the band row.
  const texture = new Uint8Array((width + 64) * 3);
  for (let x = 0; x < width + 64; x++) {
    const wave = ((x + index * 4) & 63) * 2 + 40;
    texture[x * 3] = texture[x * 3 + 1] = texture[x * 3 + 2] = 90;
    texture[x * 3 + hue] = wave;
  }
  const band = new Uint8Array(width * 3);
  for (let x = 0; x < width; x++) band.fill(bits[Math.min(PATTERN_BLOCKS - 1, Math.floor(x / blockW))] ? 235 : 16, x * 3, x * 3 + 3);
  for (let y = 0; y < height; y++) {
    const row = y * width * 3;
    if (y >= top && y < bottom) rgb.set(band, row);
    else rgb.set(texture.subarray((y & 63) * 3, ((y & 63) + width) * 3), row);
  }
  return rgb;
}
