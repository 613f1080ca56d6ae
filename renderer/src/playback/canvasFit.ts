/**
 * Backing-store size of a tile canvas: the image scaled to fit the tile's box (CSS px × devicePixelRatio), never
 * larger than the image itself. Drawing a 720p frame into a 302×170 backing store instead of 1280×720 cuts the
 * per-frame colour conversion, scaling and compositing work (software rendering here) by ~16×; the frame converter
 * makes its bitmaps no larger than this (frameConverter.ts).
 */

/** Width and height (≥ 1, integers) of the canvas for an `imageW`×`imageH` image shown in a `boxW`×`boxH` px box. */
export function fitCanvasSize(imageW: number, imageH: number, boxW: number, boxH: number, dpr: number): { width: number; height: number } {
  if (imageW <= 0 || imageH <= 0) return { width: 1, height: 1 };
  if (!(boxW > 0) || !(boxH > 0)) return { width: imageW, height: imageH };
  const scale = Math.min(1, (boxW * dpr) / imageW, (boxH * dpr) / imageH);
  return { width: Math.max(1, Math.round(imageW * scale)), height: Math.max(1, Math.round(imageH * scale)) };
}
