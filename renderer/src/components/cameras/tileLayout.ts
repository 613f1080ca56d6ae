/**
 * Camera grid layout (tile order, maximized tile, tile sizes, depth colormaps), persisted per dataset in localStorage.
 */
import { DEPTH_COLORMAPS, type DepthColormap } from "../../../../shared/playback/colormap.ts";

/** Size of a tile in grid cells per side: 1 (normal) or 2 (large: spans two columns and two rows). */
export type TileSpan = 1 | 2;

/** A grid layout: topics in display order (unknown topics go last), the maximized topic, spans and colormaps. */
export interface TileLayout {
  order: string[];
  maximized: string | null;
  /** Tiles made large (absent: 1). */
  spans: Record<string, TileSpan>;
  /** Depth colormap chosen per camera (absent: the encoding's default). */
  colormaps: Record<string, DepthColormap>;
  /** Cameras synced by their header stamps instead of log time (absent: log time). */
  syncBy: Record<string, TileSyncBy>;
}

/** What a camera's frames are placed on the clock by: MCAP log time, or the capture time in the message header. */
export type TileSyncBy = "log" | "header";

/** An empty layout. */
export function emptyLayout(): TileLayout {
  return { order: [], maximized: null, spans: {}, colormaps: {}, syncBy: {} };
}

/** Entries of a stored record whose values pass `ok`. */
function pick<T>(raw: unknown, ok: (v: unknown) => v is T): Record<string, T> {
  const out: Record<string, T> = {};
  if (raw && typeof raw === "object" && !Array.isArray(raw)) {
    for (const [k, v] of Object.entries(raw)) if (ok(v)) out[k] = v;
  }
  return out;
}

/** `topics` sorted by their place in `order`; topics not in it keep their relative order after the others. */
export function applyOrder(topics: readonly string[], order: readonly string[]): string[] {
  const rank = (t: string) => {
    const i = order.indexOf(t);
    return i < 0 ? order.length : i;
  };
  return topics.map((t, i) => ({ t, i })).sort((a, b) => rank(a.t) - rank(b.t) || a.i - b.i).map(({ t }) => t);
}

/** Move `topic` by `delta` places within `current` (clamped). */
export function moveTopic(current: readonly string[], topic: string, delta: number): string[] {
  const i = current.indexOf(topic);
  if (i < 0) return [...current];
  const j = Math.max(0, Math.min(current.length - 1, i + delta));
  const out = [...current];
  out.splice(i, 1);
  out.splice(j, 0, topic);
  return out;
}

const key = (root: string) => `episcope.tileLayout:${root}`;

/** The saved layout of a dataset (empty when none or unreadable). */
export function loadLayout(storage: Pick<Storage, "getItem"> | undefined, root: string): TileLayout {
  try {
    const raw = storage?.getItem(key(root));
    const v = raw ? (JSON.parse(raw) as Partial<TileLayout>) : {};
    return {
      order: Array.isArray(v.order) ? v.order.filter((t): t is string => typeof t === "string") : [],
      maximized: typeof v.maximized === "string" ? v.maximized : null,
      spans: pick(v.spans, (s): s is TileSpan => s === 1 || s === 2),
      colormaps: pick(v.colormaps, (c): c is DepthColormap => (DEPTH_COLORMAPS as readonly unknown[]).includes(c)),
      syncBy: pick(v.syncBy, (b): b is TileSyncBy => b === "log" || b === "header"),
    };
  } catch {
    return emptyLayout();
  }
}

/** Save a dataset's layout (quota errors are ignored: the layout is a convenience). */
export function saveLayout(storage: Pick<Storage, "setItem"> | undefined, root: string, layout: TileLayout): void {
  try {
    storage?.setItem(key(root), JSON.stringify(layout));
  } catch {
    /* storage full or disabled */
  }
}
