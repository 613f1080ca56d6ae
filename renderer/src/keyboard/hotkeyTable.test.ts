import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_HOTKEYS } from "../../../shared/annotation/datasetConfig.ts";
import { registerCommand } from "./commandRegistry.ts";
import { bindingOf, registeredCommandForKey, setHotkeyTable } from "./hotkeyTable.ts";
import { parseKeyBinding } from "./keyBinding.ts";
import { commandForKey, type KeyInput } from "./keymap.ts";

/** Default commands that name a built-in key of keymap.ts (the same key on purpose). */
const BUILT_IN_IDS = new Set(["outcome.success", "outcome.failure", "outcome.partial", "outcome.unusable", "segment.in", "segment.out", "playback.toggle", "edit.undo", "edit.redo"]);

/** The key event a binding describes (letters as typed, Shift giving the capital). */
function eventOf(binding: string): KeyInput {
  const b = parseKeyBinding(binding);
  const letter = /^[a-z]$/.test(b.key);
  return {
    key: letter && b.shift ? b.key.toUpperCase() : b.key,
    code: letter ? `Key${b.key.toUpperCase()}` : undefined,
    shiftKey: b.shift,
    ctrlKey: b.ctrl,
    altKey: b.alt,
    metaKey: false,
  };
}

afterEach(() => setHotkeyTable({}));

describe("default hotkeys", () => {
  it("bind every command to its own key, none taken by a built-in key of the review screen", () => {
    const seen = new Map<string, string>();
    for (const [id, binding] of Object.entries(DEFAULT_HOTKEYS)) {
      const key = JSON.stringify(parseKeyBinding(binding));
      expect(seen.get(key), `${id} and ${seen.get(key)} share ${binding}`).toBeUndefined();
      seen.set(key, id);
      if (!BUILT_IN_IDS.has(id)) expect(commandForKey(eventOf(binding)), `${id} (${binding}) collides with a built-in key`).toBeNull();
    }
  });

  it("run a registered command by its key, and a dataset's table rebinds it", () => {
    const ran: string[] = [];
    const off = registerCommand({ id: "chunk.split", label: "Split", group: "Action chunks", run: () => ran.push("split") });
    expect(registeredCommandForKey(eventOf("s"))).toBe("chunk.split");
    expect(registeredCommandForKey(eventOf("Shift+S"))).toBeNull();
    setHotkeyTable({ "chunk.split": "Ctrl+E" });
    expect(bindingOf("chunk.split")).toBe("Ctrl+E");
    expect(registeredCommandForKey(eventOf("s"))).toBeNull();
    expect(registeredCommandForKey(eventOf("Ctrl+E"))).toBe("chunk.split");
    expect(bindingOf("segment.nextKind")).toBe("Shift+K"); // the rest keep their defaults
    off();
    expect(registeredCommandForKey(eventOf("Ctrl+E"))).toBeNull();
  });
});
