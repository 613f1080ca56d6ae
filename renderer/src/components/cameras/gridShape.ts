/** Columns and rows of the camera grid for `n` tiles: 1 → 1×1, 2 → 2×1, 3–4 → 2×2, 5–6 → 3×2, more → ⌈√n⌉ wide. */
export function gridShape(n: number): { cols: number; rows: number } {
  if (n <= 1) return { cols: 1, rows: 1 };
  const cols = n === 2 ? 2 : n <= 4 ? 2 : n <= 6 ? 3 : Math.ceil(Math.sqrt(n));
  return { cols, rows: Math.ceil(n / cols) };
}
