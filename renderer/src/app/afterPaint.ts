/**
 * Work that should wait until the page has painted what it has now: run once the browser is idle after its next paint.
 */

/** Longest wait for a painted frame (ms): a hidden window paints none. */
const PAINT_WAIT_MAX_MS = 500;
/** Longest wait for an idle moment after the paint (ms): a busy machine has none. */
const IDLE_WAIT_MAX_MS = 50;

/**
 * Run `fn` once, when the browser is idle after the next frame was painted (rAF runs before the paint; idle callbacks
 * after it, once input and other due tasks had their turn) or IDLE_WAIT_MAX_MS after the paint; after
 * PAINT_WAIT_MAX_MS at the latest. Without rAF (tests under Node) on the next turn of the event loop.
 * @returns cancel: `fn` is not run if it has not run yet
 */
export function afterPaint(fn: () => void): () => void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    fn();
  };
  setTimeout(run, typeof requestAnimationFrame === "function" ? PAINT_WAIT_MAX_MS : 0);
  if (typeof requestAnimationFrame === "function") {
    requestAnimationFrame(() => {
      if (typeof requestIdleCallback === "function") requestIdleCallback(run, { timeout: IDLE_WAIT_MAX_MS });
      else setTimeout(run, 0);
    });
  }
  return () => {
    done = true;
  };
}
