import type { Locator, Page } from "playwright-core";

/** Rectangle in CSS px. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Area (CSS px²) of each visible camera picture: the part of the tile canvas the image covers (object-fit: contain
 * of the canvas backing store's aspect into the canvas' box), keyed by topic. Hidden tiles are left out.
 */
export async function pictureAreas(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const tile of Array.from(document.querySelectorAll("section.tile")) as HTMLElement[]) {
      const canvas = tile.querySelector("canvas.tile-canvas") as HTMLCanvasElement | null;
      if (!canvas || tile.closest("[hidden]")) continue;
      const box = canvas.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || canvas.width <= 1) continue;
      const aspect = canvas.width / canvas.height;
      const w = Math.min(box.width, box.height * aspect);
      out[tile.dataset.topic ?? "?"] = w * (w / aspect);
    }
    return out;
  });
}

/** Bounding box of a locator (throws when it is not rendered). */
export async function rectOf(locator: Locator): Promise<Rect> {
  const box = await locator.boundingBox();
  if (!box) throw new Error("element is not rendered");
  return box;
}
