/** The sections of the shortcut sheet: the built-in keys and the registered commands, merged by group. */
import type { RegisteredCommand } from "./commandRegistry.ts";
import { formatKeyBinding } from "./keyBinding.ts";
import type { BuiltinShortcut } from "./keymap.ts";

/** One line of the sheet: the keys as shown and what they do. */
export interface SheetRow {
  keys: string;
  label: string;
}

/** One section of the sheet. */
export interface SheetSection {
  group: string;
  rows: SheetRow[];
}

/**
 * Built-in groups first (in their order), then the groups of the registered commands; a command without a binding
 * in the table is listed as "(no key)" so it can still be found.
 */
export function shortcutSections(
  builtins: readonly BuiltinShortcut[],
  commands: readonly Pick<RegisteredCommand, "id" | "label" | "group">[],
  bindingOf: (id: string) => string | undefined,
): SheetSection[] {
  const sections = new Map<string, SheetRow[]>();
  const add = (group: string, row: SheetRow) => sections.set(group, [...(sections.get(group) ?? []), row]);
  for (const s of builtins) add(s.group, { keys: s.keys, label: s.label });
  for (const c of commands) {
    const binding = bindingOf(c.id);
    add(c.group, { keys: binding ? formatKeyBinding(binding) : "(no key)", label: c.label });
  }
  return [...sections].map(([group, rows]) => ({ group, rows }));
}
