/**
 * Key bindings as written in the dataset config's `hotkeys` table: modifiers joined with `+` and one key, e.g. `"s"`,
 * `"Shift+P"`, `"Ctrl+Shift+Z"`, `"?"`, `" "` (space), `"Delete"`. `Ctrl` also matches ⌘ (macOS). Letters match by
 * `KeyboardEvent.code` too, so a non-Latin layout still works.
 */
import type { KeyInput } from "./keymap.ts";

/** A parsed binding. */
export interface KeyBinding {
  /** `KeyboardEvent.key`, lower-cased when it is one letter. */
  key: string;
  shift: boolean;
  ctrl: boolean;
  alt: boolean;
}

/**
 * Parse a binding. Errors: throws `Error` naming the binding when it has an unknown modifier or no key.
 */
export function parseKeyBinding(binding: string): KeyBinding {
  if (binding === " " || binding === "+") return { key: binding, shift: false, ctrl: false, alt: false };
  const parts = binding.split("+");
  const key = parts.pop();
  if (!key) throw new Error(`hotkey ${JSON.stringify(binding)}: no key after the modifiers`);
  const out: KeyBinding = { key: key.length === 1 ? key.toLowerCase() : key, shift: false, ctrl: false, alt: false };
  for (const mod of parts) {
    const m = mod.toLowerCase();
    if (m === "shift") out.shift = true;
    else if (m === "ctrl" || m === "control" || m === "cmd" || m === "meta") out.ctrl = true;
    else if (m === "alt" || m === "option") out.alt = true;
    else throw new Error(`hotkey ${JSON.stringify(binding)}: unknown modifier ${JSON.stringify(mod)}`);
  }
  return out;
}

/** True when the key event is the binding. Shifted symbols (`?`) match whatever Shift state produced them. */
export function matchesKeyBinding(binding: KeyBinding, e: KeyInput): boolean {
  if ((e.ctrlKey || e.metaKey) !== binding.ctrl || e.altKey !== binding.alt) return false;
  const isLetter = /^[a-z]$/.test(binding.key);
  if (isLetter) {
    if (e.shiftKey !== binding.shift) return false;
    return e.key.toLowerCase() === binding.key || e.code === `Key${binding.key.toUpperCase()}`;
  }
  if (binding.key.length === 1 && !/^[0-9 ]$/.test(binding.key)) return e.key === binding.key; // symbols: `?`, `/`
  if (e.shiftKey !== binding.shift) return false;
  if (/^[0-9]$/.test(binding.key)) return e.key === binding.key || e.code === `Digit${binding.key}`;
  return e.key === binding.key;
}

/** Human-readable form for hints and the shortcut sheet: `"Shift+P"`, `"Space"`, `"?"`. */
export function formatKeyBinding(binding: string): string {
  if (binding === " ") return "Space";
  return binding
    .split("+")
    .map((p, i, all) => (i === all.length - 1 && p.length === 1 ? p.toUpperCase() : p))
    .join("+");
}
