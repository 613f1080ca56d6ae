/**
 * Text updates outside React on every clock frame (readouts, tile labels): rewriting the data of an element's one text
 * node keeps the node, so the browser only re-lays the text out; `textContent =` replaces the node, which also costs
 * a style recalculation of it (Chromium's invalidation tracking shows "Node was inserted into tree").
 */

/** Set `el`'s text to `text`, reusing its single text node when it has one; no write when unchanged. */
export function setText(el: HTMLElement, text: string): void {
  const node = el.firstChild;
  if (node !== null && node === el.lastChild && node.nodeType === 3) {
    const t = node as Text;
    if (t.data !== text) t.data = text;
  } else if (el.textContent !== text) {
    el.textContent = text;
  }
}
