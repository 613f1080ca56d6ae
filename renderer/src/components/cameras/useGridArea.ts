/**
 * Size of the camera grid's area and the aspect ratio of its pictures, for choosing the arrangement (bestGrid).
 * The area is watched with a ResizeObserver; the aspect is the widest-spread tile canvas's width / height (a canvas'
 * backing store keeps its image's aspect, canvasFit.ts), watched with a MutationObserver on the canvases' size
 * attributes and style (made visible by its first frame); 4:3 until a frame is drawn.
 */
import { useLayoutEffect, useState } from "react";

/** The measured grid area (CSS px) and picture aspect (width / height). */
export interface GridArea {
  width: number;
  height: number;
  aspect: number;
}

const DEFAULT_ASPECT = 4 / 3;

function measure(el: HTMLElement): GridArea {
  const aspects: number[] = [];
  for (const c of el.querySelectorAll<HTMLCanvasElement>("canvas.tile-canvas")) {
    // Only drawn canvases: before its first frame a canvas has the default 300×150 backing store.
    if (c.style.visibility === "visible" && c.width > 1 && c.height > 1) aspects.push(c.width / c.height);
  }
  aspects.sort((a, b) => a - b);
  const aspect = aspects[Math.floor(aspects.length / 2)] ?? DEFAULT_ASPECT;
  return { width: el.clientWidth, height: el.clientHeight, aspect };
}

/**
 * Track the area of an element: returns the area and the callback ref to put on the element (re-renders only when a
 * value changes).
 */
export function useGridArea(): [GridArea, (el: HTMLElement | null) => void] {
  const [area, setArea] = useState<GridArea>({ width: 0, height: 0, aspect: DEFAULT_ASPECT });
  const [el, setEl] = useState<HTMLElement | null>(null);
  // Measured before the first paint, so tiles are never first drawn in a provisional arrangement.
  useLayoutEffect(() => {
    if (!el) return;
    const update = () => {
      const next = measure(el);
      setArea((prev) => (Math.round(prev.width) === Math.round(next.width) && Math.round(prev.height) === Math.round(next.height) && Math.abs(prev.aspect - next.aspect) < 0.01 ? prev : next));
    };
    update();
    const resize = new ResizeObserver(update);
    resize.observe(el);
    const sizes = new MutationObserver(update);
    sizes.observe(el, { subtree: true, attributes: true, attributeFilter: ["width", "height", "style"] });
    return () => {
      resize.disconnect();
      sizes.disconnect();
    };
  }, [el]);
  return [area, setEl];
}
