/**
 * Timeline colors (dark theme, high contrast): segment kinds (failure red, recovery green, hesitation amber,
 * intervention violet, idle grey, project-defined kinds a stable hue from their name) and chunk primitives.
 */
const KIND_RGB: Readonly<Record<string, string>> = {
  failure: "255, 92, 92",
  recovery: "61, 220, 132",
  hesitation: "255, 196, 0",
  intervention: "179, 157, 219",
  idle: "150, 160, 175",
};

/** A stable hue 0–359 from a name (FNV-1a). */
function hueOf(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return (h >>> 0) % 360;
}

/** CSS color of a segment kind with opacity `alpha`. */
export function segmentColor(kind: string, alpha = 1): string {
  const rgb = KIND_RGB[kind];
  return rgb ? `rgba(${rgb}, ${alpha})` : `hsla(${hueOf(kind)}, 70%, 62%, ${alpha})`;
}

const PRIMITIVE_HUE: Readonly<Record<string, number>> = { reach: 205, grasp: 30, lift: 120, transport: 265, place: 175, release: 330, retract: 55 };

/** CSS color of an action-chunk primitive (or task/subtask name) with opacity `alpha`. */
export function primitiveColor(primitive: string, alpha = 1): string {
  return `hsla(${PRIMITIVE_HUE[primitive] ?? hueOf(primitive)}, 55%, 52%, ${alpha})`;
}
