/**
 * A windowed list of fixed-height rows: only the rows in view (plus a few) are in the DOM, so 10,000 episodes scroll
 * as smoothly as 10. Keeps `activeIndex` scrolled into view when it changes.
 */
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { scrollToShow, windowRange } from "./windowRange.ts";

/** Props of VirtualList. */
export interface VirtualListProps<T> {
  items: readonly T[];
  /** Row height in CSS pixels (every row). */
  rowHeight: number;
  renderRow(item: T, index: number): ReactNode;
  getKey(item: T): string;
  /** Index to keep in view (e.g. the open episode), or -1. */
  activeIndex?: number;
  className?: string;
  ariaLabel: string;
  /** Rows rendered beyond each edge of the viewport. */
  overscan?: number;
}

/** The list. Each row is wrapped in a `role="listitem"` div positioned at `index * rowHeight`. */
export function VirtualList<T>({ items, rowHeight, renderRow, getKey, activeIndex = -1, className, ariaLabel, overscan = 8 }: VirtualListProps<T>) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setHeight(el.clientHeight);
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el || activeIndex < 0) return;
    const target = scrollToShow(activeIndex, rowHeight, el.scrollTop, el.clientHeight);
    if (target !== el.scrollTop) el.scrollTop = target;
  }, [activeIndex, rowHeight]);

  const { first, last } = windowRange(scrollTop, height, rowHeight, items.length, overscan);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const item = items[i]!;
    rows.push(
      <div key={getKey(item)} role="listitem" className="vlist-row" style={{ top: i * rowHeight, height: rowHeight }}>
        {renderRow(item, i)}
      </div>,
    );
  }
  return (
    <div ref={ref} className={`vlist ${className ?? ""}`} role="list" aria-label={ariaLabel} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <div className="vlist-spacer" style={{ height: items.length * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
