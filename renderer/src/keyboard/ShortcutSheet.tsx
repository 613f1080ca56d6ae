/**
 * The shortcut sheet (`?`, command `help.shortcuts`): a modal listing every key — the built-in keys of the review
 * screen (keymap.ts) and every registered command with its binding from the hotkey table — grouped by section.
 * Escape (or `?` again) closes it; while it is open no other hotkey fires.
 */
import "../styles/shortcutSheet.css";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { commandsVersion, listCommands, subscribeCommands, useCommand } from "./commandRegistry.ts";
import { bindingOf } from "./hotkeyTable.ts";
import { BUILTIN_SHORTCUTS } from "./keymap.ts";
import { shortcutSections } from "./shortcutSections.ts";

/** The modal; mounted once in the app, opened by its command. */
export function ShortcutSheet() {
  const [open, setOpen] = useState(false);
  const dialogRef = useRef<HTMLDivElement>(null);
  const returnFocus = useRef<Element | null>(null);
  useSyncExternalStore(subscribeCommands, commandsVersion);
  useCommand("help.shortcuts", "Show or hide this sheet of shortcuts", "Help", () => setOpen((o) => !o));

  useEffect(() => {
    if (!open) return;
    returnFocus.current = document.activeElement;
    dialogRef.current?.focus();
    return () => {
      const back = returnFocus.current;
      if (back instanceof HTMLElement && back.isConnected) back.focus();
    };
  }, [open]);

  if (!open) return null;
  return (
    <div className="modal-backdrop" onPointerDown={(e) => e.target === e.currentTarget && setOpen(false)}>
      <div
        ref={dialogRef}
        className="shortcut-sheet"
        role="dialog"
        aria-modal="true"
        aria-label="Keyboard shortcuts"
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === "Tab") return;
          // Every other key stays in the sheet: hotkeys check defaultPrevented.
          e.preventDefault();
          if (e.key === "Escape" || e.key === "?") setOpen(false);
        }}
      >
        <header>
          <h2>Keyboard shortcuts</h2>
          <span className="muted small">Keys come from the dataset's .episcope/config.json (hotkeys). Esc closes.</span>
        </header>
        <div className="shortcut-sections">
          {shortcutSections(BUILTIN_SHORTCUTS, listCommands(), bindingOf).map(({ group, rows }) => (
            <section key={group} aria-label={group}>
              <h3>{group}</h3>
              <table>
                <tbody>
                  {rows.map((r) => (
                    <tr key={`${r.keys} ${r.label}`}>
                      <td>
                        <kbd>{r.keys}</kbd>
                      </td>
                      <td>{r.label}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}
