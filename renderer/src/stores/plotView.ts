/**
 * The x range every plot panel shows (log time, ns); null = the whole episode. Zooming one panel zooms them all.
 */
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";

/** State and actions of the shared plot view. */
export interface PlotViewState {
  range: { startNs: bigint; endNs: bigint } | null;
  /** Show [aNs, bNs] (ordered); a span under 1 ms is ignored. */
  zoomTo(aNs: bigint, bNs: bigint): void;
  /** Back to the whole episode. */
  reset(): void;
}

/** The shared plot view store. */
export const plotViewStore = createStore<PlotViewState>()((set) => ({
  range: null,
  zoomTo(aNs, bNs) {
    const [startNs, endNs] = aNs <= bNs ? [aNs, bNs] : [bNs, aNs];
    if (endNs - startNs < 1_000_000n) return;
    set({ range: { startNs, endNs } });
  },
  reset() {
    set({ range: null });
  },
}));

/** Read the plot view in React. */
export function usePlotView<T>(selector: (s: PlotViewState) => T): T {
  return useStore(plotViewStore, selector);
}

/** The zoomed range, or null for the whole episode. */
export const selectPlotRange = (s: PlotViewState) => s.range;
