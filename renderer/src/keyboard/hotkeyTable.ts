/**
 * The hotkey table in effect: command id → binding, the dataset config's `hotkeys` over the defaults
 * (shared/annotation/datasetConfig.ts). Registered commands (commandRegistry.ts) are run by these bindings.
 */
import { DEFAULT_HOTKEYS } from "../../../shared/annotation/datasetConfig.ts";
import type { KeyInput } from "./keymap.ts";
import { matchesKeyBinding, parseKeyBinding, type KeyBinding } from "./keyBinding.ts";
import { getCommand } from "./commandRegistry.ts";

let table: Readonly<Record<string, string>> = DEFAULT_HOTKEYS;
let parsed = new Map<string, KeyBinding>();

function reparse(): void {
  parsed = new Map();
  for (const [id, binding] of Object.entries(table)) {
    try {
      parsed.set(id, parseKeyBinding(binding));
    } catch {
      // A bad binding is reported by the config's validation (dataset.config problems); the command just has no key.
    }
  }
}
reparse();

/** Use the dataset's table (already merged over the defaults by the config schema). */
export function setHotkeyTable(next: Readonly<Record<string, string>>): void {
  table = { ...DEFAULT_HOTKEYS, ...next };
  reparse();
}

/** The binding of a command id as written in the table (`"Shift+P"`), or undefined. */
export function bindingOf(id: string): string | undefined {
  return table[id];
}

/** The id of the registered command bound to this key event, or null. */
export function registeredCommandForKey(e: KeyInput): string | null {
  for (const [id, binding] of parsed) {
    if (matchesKeyBinding(binding, e) && getCommand(id)) return id;
  }
  return null;
}
