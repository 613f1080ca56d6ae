import { describe, expect, it } from "vitest";
import type { EpiscopeApi } from "../../../shared/ipc/contract.ts";
import { createOpenDialogStore, matchDropped, relativeToRoot } from "./openDialog.ts";

// The store's notices need no server: no call reaches the API in these tests.
const noApi = {} as EpiscopeApi;

describe("open dialog store", () => {
  it("says what a desktop drop opened and why the rest was not", () => {
    const store = createOpenDialogStore(noApi);
    store.getState().noteDesktopDrop({ opened: "/data/ep1.mcap", refused: [] });
    expect(store.getState().notice).toEqual({ kind: "info", text: "Opening /data/ep1.mcap." });
    store.getState().noteDesktopDrop({ opened: null, refused: [{ path: "/data/notes.txt", reason: "not an .mcap episode or a folder of episodes" }] });
    expect(store.getState().notice).toEqual({
      kind: "error",
      text: "Not opened: /data/notes.txt (not an .mcap episode or a folder of episodes).",
    });
    store.getState().noteDesktopDrop(new Error("main did not answer"));
    expect(store.getState().notice?.kind).toBe("error");
    expect(store.getState().notice?.text).toContain("main did not answer");
    store.getState().dismissNotice();
    expect(store.getState().notice).toBeNull();
  });

  it("matches a dropped file to one served episode by name and size", () => {
    const episodes = [
      { path: "a/ep1.mcap", sizeBytes: 10 },
      { path: "b/ep1.mcap", sizeBytes: 12 },
    ] as unknown as Parameters<typeof matchDropped>[1];
    expect(matchDropped({ name: "ep1.mcap", size: 12 }, episodes)?.path).toBe("b/ep1.mcap");
    expect(matchDropped({ name: "ep1.mcap", size: 11 }, episodes)).toBeNull();
    expect(relativeToRoot("/srv/data/a/ep1.mcap", "/srv/data")).toBe("a/ep1.mcap");
    expect(relativeToRoot("/elsewhere/ep1.mcap", "/srv/data")).toBeNull();
  });
});
