/**
 * The main job end to end on real input: `episcope serve` on the bundled sample (H.264 + JPEG, 3 cameras, 14 joints
 * at 100 Hz), Debian's Chromium decoding for real (WebCodecs, createImageBitmap).
 */
import { cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestAtOrBefore } from "../shared/time.ts";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { httpApi } from "./harness/httpApi.ts";
import { canvasStats, clockSeconds, frameIndexOf, waitForAllFrames } from "./harness/pageProbes.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const SAMPLE = fileURLToPath(new URL("../assets/sample/", import.meta.url));
const EPISODE = "pick_cube_001.mcap";
const CAMERAS = ["/cam_high", "/cam_left_wrist", "/cam_right_wrist"];
const ANNOTATOR = { EPISCOPE_ANNOTATOR: "e2e-reviewer:E2E Reviewer" };

let dataset: string;
let serve: ServeProcess;
let browser: BrowserSession;

beforeAll(async () => {
  // A copy of the sample, so the annotations this test writes never land in the repo.
  dataset = await mkdtemp(join(tmpdir(), "episcope-e2e-sample-"));
  await cp(SAMPLE, dataset, { recursive: true });
  serve = await startServe(dataset, ANNOTATOR);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

describe("review screen on the bundled sample", () => {
  it("prints exactly the serve line", () => {
    expect(serve.line).toBe(`Episcope serving ${dataset.replace(/\/$/, "")} at ${serve.url}/?token=${serve.token}`);
  });

  it("shows every camera decoded and the joint plot with every point", async () => {
    const { page } = browser;
    await page.goto(`${serve.url}/?episode=${EPISODE}&t=3`);
    await expect.poll(() => page.locator("section.tile").count(), { timeout: 30_000 }).toBe(3);
    await waitForAllFrames(page, CAMERAS);
    for (const topic of CAMERAS) {
      const stats = await canvasStats(page.getByRole("region", { name: topic, exact: true }));
      expect(stats.width, topic).toBeGreaterThanOrEqual(200);
      expect(stats.distinctColors, `${topic} shows a real image`).toBeGreaterThan(20);
      expect(stats.lumaStd, `${topic} is not flat`).toBeGreaterThan(10);
    }
    // 12 s of JointState at 100 Hz: the plot holds every message.
    const summary = await httpApi(serve.url).episode.open({ path: EPISODE });
    const joints = summary.channels.find((c) => c.topic === "/joint_states")!;
    expect(joints.messageCount).toBe(1200);
    const plot = page.locator('section.plot-panel[data-topic="/joint_states"]');
    await expect.poll(() => plot.first().getAttribute("data-point-count"), { timeout: 30_000 }).toBe("1200");
    // One panel per joint group of the bimanual robot; the 14 joints between them.
    await expect.poll(() => plot.evaluateAll((els) => els.map((e) => e.getAttribute("data-group")))).toEqual(["left arm", "left gripper", "right arm", "right gripper"]);
    await expect.poll(() => plot.locator(".plot-legend li").count()).toBe(14);
    expect(await plot.first().locator(".plot-legend").textContent()).toContain("left_waist");
    // The overview draws the joint speed (a flat line would mean the peaks never reached wavesurfer).
    await expect
      .poll(
        () =>
          page.locator(".overview canvas").first().evaluate((c: HTMLCanvasElement) => {
            const { data } = c.getContext("2d")!.getImageData(0, 0, c.width, c.height);
            let inked = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked++;
            return inked / (c.width * c.height);
          }),
        { timeout: 15_000 },
      )
      .toBeGreaterThan(0.1);
    await screenshot(page, "review-sample");
  });

  it("seeking by clicking the timeline moves the clock, every camera, the plot cursor and the playhead", async () => {
    const { page } = browser;
    const api = httpApi(serve.url);
    const summary = await api.episode.open({ path: EPISODE });
    const before = {
      clock: await clockSeconds(page),
      frames: await Promise.all(CAMERAS.map((t) => frameIndexOf(page.getByRole("region", { name: t, exact: true })))),
      plotCursor: await page.locator(".plot-playhead").first().evaluate((e) => (e as HTMLElement).style.transform),
      playhead: (await page.locator(".timeline-playhead").first().boundingBox())!.x,
    };
    const overview = page.getByRole("group", { name: /Timeline overview/ });
    const box = (await overview.boundingBox())!;
    await overview.click({ position: { x: box.width * 0.75, y: box.height / 2 } });
    await expect.poll(() => clockSeconds(page)).toBeGreaterThan(8);
    const t = await clockSeconds(page);
    expect(t).toBeCloseTo(12 * 0.75, 0);
    // The sync rule, checked against the engine's own frame times: latest frame with log time ≤ t.
    // (The timer shows ms; allow the frame either side of a boundary that falls within that millisecond.)
    for (const topic of CAMERAS) {
      const index = await api.episode.frameIndex({ episodeId: summary.episodeId, topic });
      const tNs = summary.startNs + BigInt(Math.round(t * 1e9));
      const expected = latestAtOrBefore(index.logTimesNs, tNs);
      const tile = page.getByRole("region", { name: topic, exact: true });
      await expect.poll(() => frameIndexOf(tile), { timeout: 15_000 }).not.toBe(before.frames[CAMERAS.indexOf(topic)]);
      const shown = await frameIndexOf(tile);
      const boundary = latestAtOrBefore(index.logTimesNs, tNs + 1_000_000n);
      expect([expected, boundary], topic).toContain(shown);
    }
    expect(t).not.toBe(before.clock);
    expect(await page.locator(".plot-playhead").first().evaluate((e) => (e as HTMLElement).style.transform)).not.toBe(before.plotCursor);
    // The overview's playhead line moved to 3/4 of the overview.
    const line = (await page.locator(".timeline-playhead").first().boundingBox())!;
    expect(line.x).not.toBe(before.playhead);
    expect(line.x + line.width / 2).toBeCloseTo(box.x + box.width * 0.75, -1);
    await screenshot(page, "review-sample-seeked");
  });

  it("marks the outcome and a segment; both survive a reload and a server restart", async () => {
    const { page } = browser;
    await page.goto(`${serve.url}/?episode=${EPISODE}&t=2`);
    await expect.poll(() => clockSeconds(page), { timeout: 30_000 }).toBe(2);
    await page.keyboard.press("2"); // failure
    await expect.poll(() => page.getByRole("button", { name: /Failure/ }).getAttribute("aria-pressed")).toBe("true");
    await page.keyboard.press("i");
    await page.keyboard.press("Shift+ArrowRight");
    await page.keyboard.press("Shift+ArrowRight");
    await page.keyboard.press("o");
    await expect.poll(() => page.getByTestId("segment-end").textContent(), { timeout: 10_000 }).toBe("00:04.000");
    await expect.poll(() => page.getByTestId("save-state").textContent(), { timeout: 10_000 }).toMatch(/Saved/);

    const file = join(dataset, ".episcope/annotations/e2e-reviewer/pick_cube_001.json");
    const onDisk = JSON.parse(await readFile(file, "utf8"));
    expect(onDisk.review.outcome).toBe("failure");
    expect(onDisk.segments).toHaveLength(1);
    expect(BigInt(onDisk.segments[0].endNs) - BigInt(onDisk.segments[0].startNs)).toBe(2_000_000_000n);

    const check = async () => {
      await expect.poll(() => page.getByRole("button", { name: /Failure/ }).getAttribute("aria-pressed"), { timeout: 30_000 }).toBe("true");
      expect(await page.getByTestId("segment-start").textContent()).toBe("00:02.000");
      expect(await page.getByTestId("segment-end").textContent()).toBe("00:04.000");
      // The segment is drawn on the timeline where it lies: 2–4 s of the ~12 s overview.
      const overview = (await page.getByRole("group", { name: /Timeline overview/ }).boundingBox())!;
      const region = page.locator('[part~="region"]').first();
      // Read in one go: the overview draws its regions again when the joint series arrive (after the pictures).
      const placed = async () => {
        const box = await region.boundingBox();
        return box ? [Math.round(((box.x - overview.x) / overview.width) * 20), Math.round((box.width / overview.width) * 20)] : null;
      };
      await expect.poll(placed, { timeout: 10_000 }).toEqual([Math.round((2 / 11.99) * 20), Math.round((2 / 11.99) * 20)]);
    };
    await page.reload();
    await check();
    // Leave the page before stopping its server: frames it buffers in the background would otherwise fail to load
    // (Chromium logs every refused request to the console, which this test counts as an error).
    await page.goto("about:blank");
    await serve.stop();
    serve = await startServe(dataset, ANNOTATOR);
    await page.goto(`${serve.url}/?episode=${EPISODE}`);
    await check();
    await waitForAllFrames(page, CAMERAS);
    await screenshot(page, "review-sample-annotated");
    expect(browser.errors.filter((e) => !e.includes("favicon"))).toEqual([]);
  });
});
