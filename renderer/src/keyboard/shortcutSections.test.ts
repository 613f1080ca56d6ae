import { describe, expect, it } from "vitest";
import { DEFAULT_HOTKEYS } from "../../../shared/annotation/datasetConfig.ts";
import { BUILTIN_SHORTCUTS } from "./keymap.ts";
import { shortcutSections } from "./shortcutSections.ts";

describe("shortcut sheet sections", () => {
  it("lists the built-in keys and every registered command with its formatted key, merged by group", () => {
    const commands = [
      { id: "segment.nextKind", label: "Next segment kind", group: "Segments" },
      { id: "chunk.split", label: "Split the chunk", group: "Action chunks" },
      { id: "custom.thing", label: "Something unbound", group: "Other" },
    ];
    const sections = shortcutSections(BUILTIN_SHORTCUTS, commands, (id) => DEFAULT_HOTKEYS[id]);
    expect(sections.map((s) => s.group)).toEqual(["Playback", "Review", "Segments", "Edit", "Action chunks", "Other"]);
    const segments = sections.find((s) => s.group === "Segments")!.rows;
    expect(segments.map((r) => r.keys)).toEqual(["I", "O", "Shift+K"]);
    expect(sections.find((s) => s.group === "Action chunks")!.rows).toEqual([{ keys: "S", label: "Split the chunk" }]);
    expect(sections.find((s) => s.group === "Other")!.rows[0]!.keys).toBe("(no key)");
    expect(sections.find((s) => s.group === "Playback")!.rows[0]).toEqual({ keys: "Space", label: "Play / pause" });
  });
});
