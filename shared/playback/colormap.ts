/**
 * Colormaps for depth images: a 256-entry RGB lookup table per map. Turbo is Google's improved rainbow map
 * (https://research.google/blog/turbo-an-improved-rainbow-colormap-for-visualization/), taken from d3-scale-chromatic's
 * `interpolateTurbo`; gray is the identity ramp.
 */
import { interpolateTurbo } from "d3-scale-chromatic";

/** How 16-bit and float depth pixels are shown. */
export type DepthColormap = "gray" | "turbo";

/** Colormaps offered in the UI, in menu order. */
export const DEPTH_COLORMAPS: readonly DepthColormap[] = ["turbo", "gray"];

const tables = new Map<DepthColormap, Uint8Array>();

/**
 * The map's lookup table: 256 × [r, g, b] bytes, entry 0 for the nearest value of the range, 255 for the farthest.
 * @throws Error when d3's colour string cannot be parsed (it always prints `rgb(r, g, b)`).
 */
export function colormapTable(map: DepthColormap): Uint8Array {
  let table = tables.get(map);
  if (table) return table;
  table = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    if (map === "gray") {
      table[i * 3] = table[i * 3 + 1] = table[i * 3 + 2] = i;
      continue;
    }
    const css = interpolateTurbo(i / 255);
    const m = /^rgb\((\d+), (\d+), (\d+)\)$/.exec(css);
    if (!m) throw new Error(`colormap ${map}: unexpected colour ${JSON.stringify(css)} at entry ${i}`);
    table[i * 3] = Number(m[1]);
    table[i * 3 + 1] = Number(m[2]);
    table[i * 3 + 2] = Number(m[3]);
  }
  tables.set(map, table);
  return table;
}

/** The default view of a raw encoding: turbo for depth (`16UC1`, `32FC1`), gray otherwise. */
export function defaultColormap(encoding: string): DepthColormap {
  return encoding === "16UC1" || encoding === "32FC1" ? "turbo" : "gray";
}
