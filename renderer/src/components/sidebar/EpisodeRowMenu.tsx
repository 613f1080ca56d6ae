/**
 * The context menu of an episode row (right-click, the Menu key or Shift+F10 on the row): open it, or mark it
 * unusable — the verdict an unreadable episode can get without being opened (stores/markUnusable.ts).
 */
import { useEffect, useRef } from "react";
import type { DatasetRow } from "../../../../shared/dataset/datasetRow.ts";
import { player } from "../../app/player.ts";
import { markRowUnusable } from "../../stores/markUnusable.ts";
import "./episodeRowMenu.css";

/** Where the menu is open: for which row, at which window point (px). */
export interface RowMenuAt {
  row: DatasetRow;
  x: number;
  y: number;
}

/** The menu; `onClose` when an item ran, on Escape or on a click elsewhere. */
export function EpisodeRowMenu({ at, onClose }: { at: RowMenuAt; onClose(): void }) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    first.current?.focus();
    const away = (e: MouseEvent) => {
      if (!(e.target as HTMLElement).closest?.(".row-menu")) onClose();
    };
    window.addEventListener("mousedown", away);
    return () => window.removeEventListener("mousedown", away);
  }, [onClose]);
  const run = (action: () => void) => () => {
    onClose();
    action();
  };
  return (
    <div
      className="row-menu"
      role="menu"
      aria-label={`Episode ${at.row.name}`}
      style={{ left: at.x, top: at.y }}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === "Escape") onClose();
        if (e.key === "ArrowDown" || e.key === "ArrowUp") {
          const items = Array.from(e.currentTarget.querySelectorAll<HTMLButtonElement>("[role=menuitem]"));
          const i = items.indexOf(document.activeElement as HTMLButtonElement);
          items[(i + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length]?.focus();
          e.preventDefault();
        }
      }}
    >
      <button ref={first} type="button" role="menuitem" onClick={run(() => void markRowUnusable(at.row.path))}>
        Mark unusable <span className="muted">4</span>
      </button>
      <button type="button" role="menuitem" onClick={run(() => void player.open(at.row.path))}>
        Open
      </button>
    </div>
  );
}
