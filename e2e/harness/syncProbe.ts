import type { Page } from "playwright-core";
import { PATTERN_BAND, PATTERN_BLOCKS, patternCheck } from "../../scripts/sync-fixture/framePattern.ts";

/** What the screen shows at one instant: the presented clock and, per camera tile, the frame its pixels carry. */
export interface SyncSnapshot {
  /** `data-clock-ns` of the role="timer" element (exact presented log time). */
  clockNs: bigint;
  /** Text of the role="timer" element. */
  timerText: string;
  tiles: Array<{ topic: string; frameIndexAttr: number; visible: boolean; pixelFrame: number }>;
}

/**
 * Take one atomic snapshot (a single synchronous evaluate in the page: nothing can be drawn in between): the clock,
 * and the frame number read from each tile canvas's block pattern (-1 when unreadable).
 */
export async function syncSnapshot(page: Page): Promise<SyncSnapshot> {
  const raw = await page.evaluate(
    ({ blocks, top, bottom }) => {
      const timer = document.querySelector('[role="timer"]') as HTMLElement | null;
      const tiles = Array.from(document.querySelectorAll("section.tile")).map((el) => {
        const tile = el as HTMLElement;
        const canvas = tile.querySelector("canvas") as HTMLCanvasElement;
        const lumas: number[] = [];
        if (canvas.width > 0 && canvas.height > 0) {
          const ctx = canvas.getContext("2d")!;
          const w = canvas.width;
          const h = canvas.height;
          const y0 = Math.floor(h * (top + 0.05));
          const y1 = Math.ceil(h * (bottom - 0.05));
          const data = ctx.getImageData(0, y0, w, y1 - y0).data;
          const bw = w / blocks;
          for (let b = 0; b < blocks; b++) {
            const x0 = Math.floor(b * bw + bw * 0.3);
            const x1 = Math.ceil((b + 1) * bw - bw * 0.3);
            let sum = 0;
            let n = 0;
            for (let y = 0; y < y1 - y0; y += 2) {
              for (let x = x0; x < x1; x += 2) {
                const o = (y * w + x) * 4;
                sum += 0.299 * data[o]! + 0.587 * data[o + 1]! + 0.114 * data[o + 2]!;
                n++;
              }
            }
            lumas.push(n ? sum / n : 0);
          }
        }
        return {
          topic: tile.dataset.topic ?? "",
          frameIndexAttr: Number(tile.dataset.frameIndex ?? -1),
          visible: canvas.style.visibility !== "hidden",
          lumas,
        };
      });
      return { clockNs: timer?.dataset.clockNs ?? "", timerText: timer?.textContent ?? "", tiles };
    },
    { blocks: PATTERN_BLOCKS, top: PATTERN_BAND.top, bottom: PATTERN_BAND.bottom },
  );
  return {
    clockNs: BigInt(raw.clockNs || "-1"),
    timerText: raw.timerText,
    tiles: raw.tiles.map((t) => ({ topic: t.topic, frameIndexAttr: t.frameIndexAttr, visible: t.visible, pixelFrame: decodeLumas(t.lumas) })),
  };
}

/** Block lumas → frame number, -1 when the check bits fail or there are no blocks. */
export function decodeLumas(lumas: readonly number[]): number {
  if (lumas.length !== PATTERN_BLOCKS) return -1;
  let word = 0;
  for (const l of lumas) word = (word << 1) | (l >= 128 ? 1 : 0);
  const index = word >> 4;
  return (word & 15) === patternCheck(index) ? index : -1;
}
