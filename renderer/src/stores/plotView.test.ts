import { describe, expect, it } from "vitest";
import { plotViewStore, selectPlotRange } from "./plotView.ts";

describe("plot view store", () => {
  it("zooms to an ordered range, ignores tiny spans, resets", () => {
    plotViewStore.getState().zoomTo(5_000_000_000n, 2_000_000_000n);
    expect(selectPlotRange(plotViewStore.getState())).toEqual({ startNs: 2_000_000_000n, endNs: 5_000_000_000n });
    plotViewStore.getState().zoomTo(1n, 2n);
    expect(selectPlotRange(plotViewStore.getState())?.startNs).toBe(2_000_000_000n);
    plotViewStore.getState().reset();
    expect(selectPlotRange(plotViewStore.getState())).toBeNull();
  });
});
