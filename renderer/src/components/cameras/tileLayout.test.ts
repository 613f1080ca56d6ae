import { describe, expect, it } from "vitest";
import { applyOrder, emptyLayout, loadLayout, moveTopic, saveLayout } from "./tileLayout.ts";

describe("tile layout", () => {
  it("orders topics by the saved order, unknown ones last", () => {
    expect(applyOrder(["/a", "/b", "/c", "/d"], ["/c", "/a"])).toEqual(["/c", "/a", "/b", "/d"]);
  });
  it("moves a topic, clamped", () => {
    expect(moveTopic(["/a", "/b", "/c"], "/c", -1)).toEqual(["/a", "/c", "/b"]);
    expect(moveTopic(["/a", "/b", "/c"], "/a", -1)).toEqual(["/a", "/b", "/c"]);
  });
  it("saves and loads per dataset root; garbage loads as empty", () => {
    const m = new Map<string, string>();
    const storage = { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
    const saved = { order: ["/b", "/a"], maximized: "/a", spans: { "/b": 2 as const }, colormaps: { "/depth": "gray" as const }, syncBy: { "/a": "header" as const } };
    saveLayout(storage, "/data/x", saved);
    expect(loadLayout(storage, "/data/x")).toEqual(saved);
    expect(loadLayout(storage, "/data/y")).toEqual(emptyLayout());
    m.set("episcope.tileLayout:/data/z", "{not json");
    expect(loadLayout(storage, "/data/z")).toEqual(emptyLayout());
    // Bad entries are dropped one by one (an old layout without spans/colormaps loads too).
    m.set("episcope.tileLayout:/data/w", JSON.stringify({ order: ["/a"], spans: { "/a": 3, "/b": 2 }, colormaps: { "/a": "jet" } }));
    expect(loadLayout(storage, "/data/w")).toEqual({ order: ["/a"], maximized: null, spans: { "/b": 2 }, colormaps: {}, syncBy: {} });
  });
});
