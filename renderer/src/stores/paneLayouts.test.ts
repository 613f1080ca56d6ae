import { describe, expect, it } from "vitest";
import { loadLayoutName, loadPaneSizes, PRESETS, saveLayoutName, savePaneSizes } from "./paneLayouts.ts";

/** A Map-backed Storage (the browser's localStorage API). */
function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, v),
  };
}

describe("pane layouts", () => {
  it("takes the preset when nothing is saved", () => {
    expect(loadPaneSizes(memoryStorage(), "/data", "audit")).toEqual(PRESETS.audit);
  });

  it("saves per dataset and globally; another dataset takes the global sizes", () => {
    const s = memoryStorage();
    savePaneSizes(s, "/data/a", "review", "stage", [60, 40]);
    expect(loadPaneSizes(s, "/data/a", "review").stage).toEqual([60, 40]);
    expect(loadPaneSizes(s, "/data/b", "review").stage).toEqual([60, 40]);
    savePaneSizes(s, "/data/b", "review", "stage", [80, 20]);
    expect(loadPaneSizes(s, "/data/a", "review").stage).toEqual([60, 40]);
    expect(loadPaneSizes(s, "/data/c", "review").stage).toEqual([80, 20]);
    // Other groups and layouts keep their presets.
    expect(loadPaneSizes(s, "/data/a", "review").columns).toEqual(PRESETS.review.columns);
    expect(loadPaneSizes(s, "/data/a", "annotate").stage).toEqual(PRESETS.annotate.stage);
  });

  it("ignores malformed entries (wrong count, not summing to 100, bad JSON)", () => {
    const s = memoryStorage();
    s.setItem("episcope.panes:/d:review", JSON.stringify({ stage: [50, 30], columns: [10, 20, 30, 40], outer: "x" }));
    expect(loadPaneSizes(s, "/d", "review")).toEqual(PRESETS.review);
    s.setItem("episcope.panes:/d:review", "{not json");
    expect(loadPaneSizes(s, "/d", "review")).toEqual(PRESETS.review);
  });

  it("remembers the layout name, default review", () => {
    const s = memoryStorage();
    expect(loadLayoutName(s)).toBe("review");
    saveLayoutName(s, "annotate");
    expect(loadLayoutName(s)).toBe("annotate");
    s.setItem("episcope.layoutName", "nonsense");
    expect(loadLayoutName(s)).toBe("review");
  });
});
