/** Columns and rows of the camera grid for `n` tiles: 1 → 1×1, 2 → 2×1, 3–4 → 2×2, 5–6 → 3×2, more → ⌈√n⌉ wide. */
export function gridShape(n: number): { cols: number; rows: number } {
  if (n <= 1) return { cols: 1, rows: 1 };
  const cols = n === 2 ? 2 : n <= 4 ? 2 : n <= 6 ? 3 : Math.ceil(Math.sqrt(n));
  return { cols, rows: Math.ceil(n / cols) };
}

/** A grid arrangement of camera tiles: columns, rows, and whether the first tile spans 2 × 2 cells ("featured"). */
export interface GridFit {
  cols: number;
  rows: number;
  featured: boolean;
  /** Total picture area of all tiles (px²) in this arrangement. */
  pictureArea: number;
}

/** Area (px²) of a picture of aspect `aspect` (width / height) fitted into a `w`×`h` px box. */
function fittedArea(w: number, h: number, aspect: number): number {
  if (w <= 0 || h <= 0) return 0;
  const pw = Math.min(w, h * aspect);
  return pw * (pw / aspect);
}

/**
 * The arrangement of `n` tiles of picture aspect `aspect` (width / height, e.g. 4/3) in a `width`×`height` px area with
 * `gap` px between cells that shows the most picture: every uniform grid (1…n columns) and, from 3 tiles on, grids
 * where the first tile spans 2 × 2 cells (one large overview camera beside smaller wrist cameras). Ties go to the
 * uniform grid with fewer rows. Returns the `gridShape` arrangement when the area is not measured yet.
 */
export function bestGrid(n: number, aspect: number, width: number, height: number, gap: number): GridFit {
  const fallback = { ...gridShape(n), featured: false, pictureArea: 0 };
  if (n <= 0 || !(width > 0) || !(height > 0) || !(aspect > 0)) return fallback;
  let best: GridFit | null = null;
  const consider = (cols: number, rows: number, featured: boolean) => {
    const cw = (width - (cols - 1) * gap) / cols;
    const ch = (height - (rows - 1) * gap) / rows;
    const small = fittedArea(cw, ch, aspect);
    const area = featured ? fittedArea(2 * cw + gap, 2 * ch + gap, aspect) + (n - 1) * small : n * small;
    if (!best || area > best.pictureArea * 1.001) best = { cols, rows, featured, pictureArea: area };
  };
  for (let cols = 1; cols <= n; cols++) consider(cols, Math.ceil(n / cols), false);
  if (n >= 3) for (let cols = 2; cols <= n + 1; cols++) consider(cols, Math.max(2, Math.ceil((n + 3) / cols)), true);
  return best ?? fallback;
}
