/** Timeline colors of segment kinds: failure red, recovery green, others amber. */
export function segmentColor(kind: string, alpha = 1): string {
  const rgb = kind === "failure" ? "255, 92, 92" : kind === "recovery" ? "61, 220, 132" : "255, 196, 0";
  return `rgba(${rgb}, ${alpha})`;
}
