/** Distinct, bright series colors that read well on the dark theme (≥ 4.5:1 against #14171d). */
export const SERIES_COLORS = [
  "#4ea1ff",
  "#ff8a3d",
  "#3ddc84",
  "#ff5c8a",
  "#c792ea",
  "#ffd54f",
  "#26c6da",
  "#ff6e6e",
  "#9ccc65",
  "#f48fb1",
  "#80cbc4",
  "#ffab91",
  "#b39ddb",
  "#e6ee9c",
] as const;

/** Color of series `i` (cycles). */
export function seriesColor(i: number): string {
  return SERIES_COLORS[((i % SERIES_COLORS.length) + SERIES_COLORS.length) % SERIES_COLORS.length]!;
}
