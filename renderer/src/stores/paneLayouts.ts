/**
 * Named pane layouts of the review workspace ("review", "annotate", "audit"): how the window is shared between the
 * episode list, cameras, plots, inspector and timeline, as percentages of each split (react-resizable-panels sizes).
 * A user's sizes are saved per dataset and globally (localStorage); a dataset without its own sizes takes the global
 * ones, and a layout never saved takes its preset.
 */

/** The named layouts, in the order of their keys (Alt+1, Alt+2, Alt+3). */
export const LAYOUT_NAMES = ["review", "annotate", "audit"] as const;
/** A named layout. */
export type LayoutName = (typeof LAYOUT_NAMES)[number];

/** The splits of the workspace (one react-resizable-panels group each). */
export type PaneGroupId = "outer" | "columns" | "stage";

/** Sizes of one split in percent of its group, summing to 100: outer [top, bottom], columns [sidebar, stage, inspector], stage [cameras, plots]. */
export type PaneSizes = Record<PaneGroupId, number[]>;

/**
 * Preset sizes. "review": cameras first (at 1600×1000 the camera pane is ~1100×570 px, so three 4:3 pictures cover
 * more than a third of the window); "annotate": room for the tiers and the inspector's instruction editor;
 * "audit": plots as tall as the cameras.
 */
export const PRESETS: Readonly<Record<LayoutName, PaneSizes>> = {
  review: { outer: [76, 24], columns: [13, 69, 18], stage: [76, 24] },
  annotate: { outer: [58, 42], columns: [12, 64, 24], stage: [70, 30] },
  audit: { outer: [70, 30], columns: [13, 69, 18], stage: [50, 50] },
};

const NAME_KEY = "episcope.layoutName";
const sizesKey = (root: string, name: LayoutName) => `episcope.panes:${root}:${name}`;

function validSizes(v: unknown, n: number): v is number[] {
  if (!Array.isArray(v) || v.length !== n || !v.every((x) => typeof x === "number" && Number.isFinite(x) && x >= 0)) return false;
  const sum = v.reduce((a: number, b: number) => a + b, 0);
  return Math.abs(sum - 100) < 0.5;
}

/** True when `v` is a known layout name. */
export function isLayoutName(v: unknown): v is LayoutName {
  return (LAYOUT_NAMES as readonly unknown[]).includes(v);
}

function read(storage: Pick<Storage, "getItem"> | undefined, key: string): Partial<Record<PaneGroupId, unknown>> | null {
  try {
    const raw = storage?.getItem(key);
    const v: unknown = raw ? JSON.parse(raw) : null;
    return v && typeof v === "object" ? (v as Partial<Record<PaneGroupId, unknown>>) : null;
  } catch {
    return null;
  }
}

/**
 * The sizes of layout `name` for the dataset at `root` (`""`: none open): per group, the dataset's saved sizes, else
 * the global ones, else the preset. Unreadable or malformed entries are ignored.
 */
export function loadPaneSizes(storage: Pick<Storage, "getItem"> | undefined, root: string, name: LayoutName): PaneSizes {
  const own = read(storage, sizesKey(root, name));
  const global = read(storage, sizesKey("", name));
  const preset = PRESETS[name];
  const pick = (g: PaneGroupId): number[] => {
    for (const src of [own, global]) {
      const v = src?.[g];
      if (validSizes(v, preset[g].length)) return v;
    }
    return [...preset[g]];
  };
  return { outer: pick("outer"), columns: pick("columns"), stage: pick("stage") };
}

/** Save one group's sizes of layout `name` for the dataset and as the global default (storage errors are ignored). */
export function savePaneSizes(storage: Storage | undefined, root: string, name: LayoutName, group: PaneGroupId, sizes: number[]): void {
  for (const key of new Set([sizesKey(root, name), sizesKey("", name)])) {
    try {
      const prev = read(storage, key) ?? {};
      storage?.setItem(key, JSON.stringify({ ...prev, [group]: sizes.map((s) => Math.round(s * 100) / 100) }));
    } catch {
      /* storage full or disabled: the layout is a convenience */
    }
  }
}

/** The layout last chosen (globally), default "review". */
export function loadLayoutName(storage: Pick<Storage, "getItem"> | undefined): LayoutName {
  try {
    const v = storage?.getItem(NAME_KEY);
    return isLayoutName(v) ? v : "review";
  } catch {
    return "review";
  }
}

/** Remember the chosen layout. */
export function saveLayoutName(storage: Pick<Storage, "setItem"> | undefined, name: LayoutName): void {
  try {
    storage?.setItem(NAME_KEY, name);
  } catch {
    /* ignored */
  }
}
