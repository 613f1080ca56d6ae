/**
 * Real third-party input (a rosbag2 recording from ../shared/data) and bad files: the app shows what it can, names
 * the file and the problem for what it cannot, and keeps running.
 */
import { copyFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { canvasStats, waitForAllFrames } from "./harness/pageProbes.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const ZOO = `${process.env.EPISCOPE_SHARED_DATA}/mcap/ros2_message_zoo.mcap`;
const SAMPLE_EPISODE = fileURLToPath(new URL("../assets/sample/pick_cube_001.mcap", import.meta.url));

let browser: BrowserSession;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("a real rosbag2 recording (ros2_message_zoo.mcap)", () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServe(ZOO);
  });
  afterAll(async () => {
    await serve?.stop();
  });

  it("shows the raw and the JPEG image, plots /joint_state, and lists empty channels", async () => {
    const { page } = browser;
    await page.goto(serve.url);
    await waitForAllFrames(page, ["/image", "/compressed_image"]);
    for (const topic of ["/image", "/compressed_image"]) {
      const stats = await canvasStats(page.getByRole("region", { name: topic, exact: true }));
      // The raw image is drawn at its size; the JPEG bitmap at the tile's size (never larger than the image).
      expect(stats.width, topic).toBeGreaterThanOrEqual(400);
      expect(stats.width, topic).toBeLessThanOrEqual(640);
      expect(stats.distinctColors, `${topic} shows a real image`).toBeGreaterThan(20);
    }
    const plot = page.locator('section.plot-panel[data-topic="/joint_state"]');
    await expect.poll(() => plot.first().getAttribute("data-point-count"), { timeout: 30_000 }).toBe("15");
    const channels = page.getByRole("table", { name: "Channels" });
    for (const empty of ["/events/write_split", "/parameter_events", "/relative_humidity", "/temperature"]) {
      await expect.poll(() => channels.locator(`tr[data-topic="${empty}"]`).count(), { timeout: 10_000 }).toBe(1);
    }
    await screenshot(page, "review-ros2-zoo");
    expect(browser.errors.filter((e) => !e.includes("favicon"))).toEqual([]);
  });
});

describe("bad input", () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), "episcope-e2e-bad-"));
    await writeFile(join(dir, "not_mcap.mcap"), "this is a CSV file, not an MCAP\n1,2,3\n");
    await writeFile(join(dir, "empty.mcap"), "");
    const whole = await readFile(SAMPLE_EPISODE);
    await writeFile(join(dir, "truncated.mcap"), whole.subarray(0, Math.floor(whole.length * 0.6)));
    await copyFile(SAMPLE_EPISODE, join(dir, "good.mcap"));
    serve = await startServe(dir);
  });
  afterAll(async () => {
    await serve?.stop();
  });

  const cases: [string, RegExp][] = [
    ["not_mcap.mcap", /not_mcap\.mcap.*not an MCAP file/],
    ["empty.mcap", /empty\.mcap.*empty/],
  ];
  for (const [file, message] of cases) {
    it(`names ${file} and its problem, and keeps running`, async () => {
      const { page } = browser;
      await page.goto(`${serve.url}/?episode=${file}`);
      const alert = page.getByRole("main").getByRole("alert");
      await expect.poll(() => alert.textContent(), { timeout: 15_000 }).toMatch(message);
      await screenshot(page, `bad-input-${file.replace(".mcap", "")}`);
      // The app still works: open the good episode from the list.
      await page.getByRole("navigation", { name: "Episodes" }).getByText("good", { exact: true }).click();
      await waitForAllFrames(page, ["/cam_high", "/cam_left_wrist", "/cam_right_wrist"]);
    });
  }

  it("opens a recording cut short with what was written, the damage named with file and offset", async () => {
    const { page } = browser;
    await page.goto(`${serve.url}/?episode=truncated.mcap&t=1`);
    await expect.poll(() => page.locator(".problem-error").first().textContent(), { timeout: 15_000 }).toMatch(/truncated\.mcap: truncated MCAP: .*offset \d+/);
    // The part before the cut plays: every camera shows a frame at 1 s.
    await waitForAllFrames(page, ["/cam_high", "/cam_left_wrist", "/cam_right_wrist"]);
    await screenshot(page, "bad-input-truncated");
  });
});
