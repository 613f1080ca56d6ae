/** Which rows of a fixed-row-height list are drawn (the windowing of VirtualList). */

/**
 * The half-open range [first, last) of row indexes to render for a viewport of `height` px scrolled to `scrollTop` px,
 * rows of `rowHeight` px, `count` rows, plus `overscan` rows beyond each edge.
 */
export function windowRange(scrollTop: number, height: number, rowHeight: number, count: number, overscan: number): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return { first: Math.min(first, last), last };
}

/** The scrollTop that brings row `index` into view with the least movement (unchanged when it is visible). */
export function scrollToShow(index: number, rowHeight: number, scrollTop: number, height: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + height) return top + rowHeight - height;
  return scrollTop;
}
