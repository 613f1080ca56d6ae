import type { Locator, Page } from "playwright-core";

/** Pixel statistics of what a canvas currently shows. */
export interface CanvasStats {
  width: number;
  height: number;
  /** Number of distinct colours among sampled pixels (quantized to 5 bits per channel). */
  distinctColors: number;
  /** Standard deviation of luma over sampled pixels (0–255). */
  lumaStd: number;
}

/**
 * Read back a camera tile's canvas (whatever its context type, through toDataURL) and summarize its pixels.
 * A blank/black/single-colour canvas has distinctColors ≤ 2 and lumaStd ≈ 0.
 */
export async function canvasStats(tile: Locator): Promise<CanvasStats> {
  return tile.locator("canvas").first().evaluate(async (canvas: HTMLCanvasElement) => {
    const img = new Image();
    img.src = canvas.toDataURL("image/png");
    await img.decode();
    const probe = document.createElement("canvas");
    probe.width = canvas.width;
    probe.height = canvas.height;
    const ctx = probe.getContext("2d")!;
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, probe.width, probe.height);
    const colors = new Set<number>();
    let sum = 0;
    let sumSq = 0;
    let n = 0;
    for (let i = 0; i < data.length; i += 4 * 7) {
      const r = data[i]!, g = data[i + 1]!, b = data[i + 2]!;
      colors.add(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
      const y = 0.299 * r + 0.587 * g + 0.114 * b;
      sum += y;
      sumSq += y * y;
      n++;
    }
    const mean = n ? sum / n : 0;
    return { width: canvas.width, height: canvas.height, distinctColors: colors.size, lumaStd: Math.sqrt(Math.max(0, sumSq / Math.max(n, 1) - mean * mean)) };
  });
}

/** The frame index a camera tile currently draws (-1 when none). */
export async function frameIndexOf(tile: Locator): Promise<number> {
  return Number(await tile.getAttribute("data-frame-index"));
}

/** The `role="timer"` readout in seconds (ms precision). */
export async function clockSeconds(page: Page): Promise<number> {
  return Number(await page.getByRole("timer").textContent());
}

/** Wait until every camera tile draws a frame (data-frame-index ≥ 0). */
export async function waitForAllFrames(page: Page, topics: string[]): Promise<void> {
  await page.waitForFunction(
    (ts) => ts.every((t) => Number(document.querySelector(`section.tile[data-topic="${t}"]`)?.getAttribute("data-frame-index") ?? -1) >= 0),
    topics,
    { timeout: 30_000 },
  );
}

/**
 * Wait until `text` is in the page (up to `timeoutMs`); on timeout throw naming what the page showed instead: its
 * address, the first 600 characters of its text, the page and console errors collected so far and `context()` (e.g.
 * the server's stderr), so a CI failure says whether the page was blank, showed an error, or showed something else.
 */
export async function waitForText(page: Page, text: string, errors: string[], timeoutMs = 30_000, context: () => string = () => ""): Promise<void> {
  try {
    await page.getByText(text).first().waitFor({ state: "attached", timeout: timeoutMs });
  } catch (error) {
    const shown = await page.evaluate(() => document.body?.innerText ?? "(no body)").catch((e: Error) => `(unreadable: ${e.message})`);
    throw new Error(
      `"${text}" did not appear in ${timeoutMs} ms (${(error as Error).message.split("\n")[0]}); page ${page.url()} showed: ` +
        `${JSON.stringify(shown.slice(0, 600))}; errors: ${JSON.stringify(errors)}${context() ? `; ${context()}` : ""}`,
    );
  }
}
