/** Small SVG icons for the transport (fonts on review machines often lack the media-control glyphs). */
const PATHS = {
  "to-start": "M5 4h2v16H5zM19 4v16L8 12z",
  "step-back": "M6 4h2v16H6zM20 4v16L10 12z",
  play: "M7 4v16l13-8z",
  pause: "M6 4h4v16H6zM14 4h4v16h-4z",
  "step-forward": "M16 4h2v16h-2zM4 4v16l10-8z",
  "to-end": "M17 4h2v16h-2zM5 4v16l11-8z",
} as const;

/** Name of an icon. */
export type IconName = keyof typeof PATHS;

/** An icon, hidden from assistive tech (the button carries the name). */
export function Icon({ name }: { name: IconName }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  );
}
