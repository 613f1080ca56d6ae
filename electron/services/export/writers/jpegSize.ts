/**
 * Picture size of a JPEG file from its start-of-frame segment (ITU-T T.81 §B.2.2: SOFn = FFC0–FFCF except C4, C8,
 * CC; after the 2-byte length: precision, height, width, components).
 */

/**
 * Width, height and component count of a JPEG, or null when no SOF segment is found before the scan data.
 */
export function jpegSize(bytes: Uint8Array): { width: number; height: number; components: number } | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let o = 2;
  while (o + 4 <= bytes.length) {
    if (bytes[o] !== 0xff) return null;
    const marker = bytes[o + 1]!;
    if (marker === 0xff) {
      o++;
      continue;
    }
    const length = (bytes[o + 2]! << 8) | bytes[o + 3]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (o + 10 > bytes.length) return null;
      return { height: (bytes[o + 5]! << 8) | bytes[o + 6]!, width: (bytes[o + 7]! << 8) | bytes[o + 8]!, components: bytes[o + 9]! };
    }
    if (marker === 0xda) return null; // start of scan without a frame header
    o += 2 + length;
  }
  return null;
}
