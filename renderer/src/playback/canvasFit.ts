/**
 * Backing-store size of a tile canvas: the image scaled to fit the tile's box (CSS px × devicePixelRatio), never
 * larger than the image itself and never narrower than MIN_CANVAS_WIDTH (detail for zoomed screenshots and pixel reads). Drawing a 720p frame into a 440×250 backing store instead of 1280×720 cuts the
 * per-frame colour conversion, scaling and compositing work (software rendering here) by ~8×.
 */

/** Narrowest backing store (px) a scaled-down image gets. */
export const MIN_CANVAS_WIDTH = 640;

/** Width and height (≥ 1, integers) of the canvas for an `imageW`×`imageH` image shown in a `boxW`×`boxH` px box. */
export function fitCanvasSize(imageW: number, imageH: number, boxW: number, boxH: number, dpr: number): { width: number; height: number } {
  if (imageW <= 0 || imageH <= 0) return { width: 1, height: 1 };
  if (!(boxW > 0) || !(boxH > 0)) return { width: imageW, height: imageH };
  const scale = Math.min(1, Math.max(MIN_CANVAS_WIDTH / imageW, Math.min((boxW * dpr) / imageW, (boxH * dpr) / imageH)));
  return { width: Math.max(1, Math.round(imageW * scale)), height: Math.max(1, Math.round(imageH * scale)) };
}
