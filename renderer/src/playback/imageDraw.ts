/**
 * Drawing still-image frames (JPEG/PNG/WebP and raw pixels) onto a tile's canvas.
 */
import type { CameraFrame } from "../../../shared/episode.ts";
import type { DepthColormap } from "../../../shared/playback/colormap.ts";
import { rawToRgba } from "../../../shared/playback/rawImage.ts";

/** A decoded still frame, ready to draw. */
export type DecodedImage = { kind: "bitmap"; bitmap: ImageBitmap } | { kind: "pixels"; image: ImageData };

/** Decode a compressed or raw frame; `colormap` is how 16-bit/float (depth) pixels are shown. */
export async function decodeImageFrame(frame: CameraFrame, colormap?: DepthColormap): Promise<DecodedImage> {
  if (frame.payload === "raw") {
    const width = frame.width ?? 0;
    const height = frame.height ?? 0;
    const rgba = rawToRgba({ data: frame.data, width, height, step: frame.step ?? 0, encoding: frame.format, bigEndian: frame.bigEndian }, { colormap });
    return { kind: "pixels", image: new ImageData(rgba, width, height) };
  }
  const bitmap = await createImageBitmap(new Blob([frame.data as Uint8Array<ArrayBuffer>]));
  return { kind: "bitmap", bitmap };
}

/** Release what a decoded image holds. */
export function releaseImage(img: DecodedImage): void {
  if (img.kind === "bitmap") img.bitmap.close();
}

/** Resize the canvas to w×h (only when it differs, which would clear it). */
export function sizeCanvas(canvas: HTMLCanvasElement, w: number, h: number): void {
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
}

/** Draw a decoded image at its own size, then release it. */
export function drawImage(canvas: HTMLCanvasElement, img: DecodedImage): void {
  const ctx = canvas.getContext("2d");
  if (img.kind === "bitmap") {
    sizeCanvas(canvas, img.bitmap.width, img.bitmap.height);
    ctx?.drawImage(img.bitmap, 0, 0);
  } else {
    sizeCanvas(canvas, img.image.width, img.image.height);
    ctx?.putImageData(img.image, 0, 0);
  }
  releaseImage(img);
}
