/**
 * Split a stream of concatenated baseline JPEG files (ffmpeg `-f image2pipe -c:v mjpeg`) into single images.
 * Walks marker segments (ITU-T T.81 Annex B) instead of searching for FF D9, so an EOI inside a segment
 * cannot cut an image short.
 */

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;

/** Index one past the EOI of the JPEG starting at `from` (which must point at FF D8). */
function jpegEnd(data: Uint8Array, from: number): number {
  let i = from + 2;
  while (i + 1 < data.length) {
    if (data[i] !== 0xff) throw new Error(`JPEG at ${from}: expected a marker at ${i}`);
    const marker = data[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === EOI) return i + 2;
    if (i + 3 >= data.length) break;
    const length = (data[i + 2]! << 8) | data[i + 3]!;
    i += 2 + length;
    if (marker === SOS) {
      // Entropy-coded data: FF 00 is a stuffed byte, FF D0..D7 are restart markers; anything else ends it.
      while (i + 1 < data.length) {
        if (data[i] === 0xff) {
          const next = data[i + 1]!;
          if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7)) break;
          i += 2;
        } else {
          i++;
        }
      }
    }
  }
  throw new Error(`JPEG at ${from} has no end-of-image marker`);
}

/** Split concatenated JPEGs into views of `data`, each starting with FF D8 and ending with FF D9. */
export function splitJpegStream(data: Uint8Array): Uint8Array[] {
  const images: Uint8Array[] = [];
  let i = 0;
  while (i < data.length) {
    if (data[i] !== 0xff || data[i + 1] !== SOI) throw new Error(`expected JPEG start (FF D8) at byte ${i}`);
    const end = jpegEnd(data, i);
    images.push(data.subarray(i, end));
    i = end;
  }
  return images;
}
