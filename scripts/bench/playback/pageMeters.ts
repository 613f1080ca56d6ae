/// <reference lib="dom" />
/**
 * In-page meters for the playback bench, installed with `page.evaluate`. They watch the DOM contract only (the
 * role="timer" element's `data-clock-ns`, each tile's `data-frame-index`), never app internals: every present (clock
 * publish + tile draws, one task) is seen by a MutationObserver with a consistent state.
 */
import type { Page } from "playwright-core";

/**
 * One observed present: wall time (ms, performance.now, when the observer ran), the time of the display frame it was
 * made in (ms, `document.timeline.currentTime`: the animation frame's timestamp, as rAF callbacks get it), and what
 * was shown.
 */
export interface PresentRecord {
  wallMs: number;
  frameMs: number;
  clockNs: string;
  frames: number[];
}

/** Install the present recorder (idempotent) and clear its log. */
export async function installRecorder(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __benchLog?: unknown[]; __benchObs?: MutationObserver };
    w.__benchLog = [];
    if (w.__benchObs) return;
    const timer = document.querySelector('[role="timer"]')!;
    w.__benchObs = new MutationObserver(() => {
      const tiles = Array.from(document.querySelectorAll("section.tile")).map((t) => Number((t as HTMLElement).dataset.frameIndex ?? -1));
      const frameMs = Number(document.timeline.currentTime ?? Number.NaN);
      w.__benchLog!.push({ wallMs: performance.now(), frameMs, clockNs: (timer as HTMLElement).dataset.clockNs ?? "", frames: tiles });
    });
    w.__benchObs.observe(timer, { attributes: true, attributeFilter: ["data-clock-ns"] });
  });
}

/** The presents recorded since `installRecorder`. */
export async function readRecorder(page: Page): Promise<PresentRecord[]> {
  return page.evaluate(() => (window as unknown as { __benchLog: PresentRecord[] }).__benchLog);
}

/**
 * Seek by typing into the jump-to-time field and measure, in the page, from the Enter keydown to the first animation
 * frame after every tile drew the new time (ms).
 */
export async function timedSeek(page: Page, seconds: string, targetNs: string): Promise<number> {
  const input = page.getByRole("textbox", { name: /Jump to time/ });
  await input.fill(seconds);
  const done = page.evaluate(
    (target) =>
      new Promise<number>((resolve) => {
        const input = document.querySelector<HTMLInputElement>('input[aria-label^="Jump to time"]')!;
        const timer = document.querySelector<HTMLElement>('[role="timer"]')!;
        let t0 = 0;
        input.addEventListener("keydown", () => (t0 = performance.now()), { once: true, capture: true });
        const obs = new MutationObserver(() => {
          if (timer.dataset.clockNs !== target) return;
          obs.disconnect();
          // Painted: the frame after the draw has been produced.
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
        });
        obs.observe(timer, { attributes: true, attributeFilter: ["data-clock-ns"] });
      }),
    targetNs,
  );
  await input.press("Enter");
  return done;
}
