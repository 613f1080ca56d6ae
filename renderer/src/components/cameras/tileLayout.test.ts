import { describe, expect, it } from "vitest";
import { applyOrder, loadLayout, moveTopic, saveLayout } from "./tileLayout.ts";

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
    saveLayout(storage, "/data/x", { order: ["/b", "/a"], maximized: "/a" });
    expect(loadLayout(storage, "/data/x")).toEqual({ order: ["/b", "/a"], maximized: "/a" });
    expect(loadLayout(storage, "/data/y")).toEqual({ order: [], maximized: null });
    m.set("episcope.tileLayout:/data/z", "{not json");
    expect(loadLayout(storage, "/data/z")).toEqual({ order: [], maximized: null });
  });
});
