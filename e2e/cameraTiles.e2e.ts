/**
 * Camera tiles: a 16UC1 depth camera is drawn through the Turbo colormap (no-return pixels black), the colormap can be
 * switched to gray, a tile can be made large, and both choices persist for the dataset across a reload.
 * Fixture: an MCAP written here with two ROS 2 `sensor_msgs/msg/Image` cameras (16UC1 depth with a known ramp, rgb8).
 */
import { parse as parseRosMsg } from "@foxglove/rosmsg";
import { MessageWriter } from "@foxglove/rosmsg2-serialization";
import { McapWriter } from "@mcap/core";
import { FileHandleWritable } from "@mcap/nodejs";
import { mkdtemp, open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { colormapTable } from "../shared/playback/colormap.ts";
import { IMAGE_DEFINITION } from "../shared/mcap/ros2Definitions.ts";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const W = 64;
const H = 48;
const START_NS = 1_700_000_000_000_000_000n;

/** Depth ramp in mm: column 0 has no return (0), columns 1..63 go 500 → 3600 mm. */
function depthFrame(): Uint8Array {
  const px = new Uint16Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) px[y * W + x] = x === 0 ? 0 : 500 + (x - 1) * 50;
  return new Uint8Array(px.buffer);
}

async function writeFixture(path: string): Promise<void> {
  const handle = await open(path, "w");
  const writer = new McapWriter({ writable: new FileHandleWritable(handle) });
  await writer.start({ profile: "ros2", library: "episcope e2e" });
  const schemaId = await writer.registerSchema({ name: "sensor_msgs/msg/Image", encoding: "ros2msg", data: new TextEncoder().encode(IMAGE_DEFINITION) });
  const depth = await writer.registerChannel({ topic: "/camera/depth", schemaId, messageEncoding: "cdr", metadata: new Map() });
  const color = await writer.registerChannel({ topic: "/camera/color", schemaId, messageEncoding: "cdr", metadata: new Map() });
  const cdr = new MessageWriter(parseRosMsg(IMAGE_DEFINITION, { ros2: true }));
  const rgb = new Uint8Array(W * H * 3).fill(90);
  for (let i = 0; i < 10; i++) {
    const t = START_NS + BigInt(i) * 100_000_000n;
    const stamp = (ns: bigint) => ({ stamp: { sec: Number(ns / 1_000_000_000n), nanosec: Number(ns % 1_000_000_000n) }, frame_id: "camera" });
    const image = (header: ReturnType<typeof stamp>, encoding: string, step: number, data: Uint8Array) =>
      cdr.writeMessage({ header, height: H, width: W, encoding, is_bigendian: 0, step, data });
    await writer.addMessage({ channelId: depth, sequence: i, logTime: t, publishTime: t, data: image(stamp(t), "16UC1", W * 2, depthFrame()) });
    // The colour camera's frames were captured 50 ms before they were logged (header stamp = log time − 50 ms).
    await writer.addMessage({ channelId: color, sequence: i, logTime: t, publishTime: t, data: image(stamp(t - 50_000_000n), "rgb8", W * 3, rgb) });
  }
  await writer.end();
  await handle.close();
}

let serve: ServeProcess;
let browser: BrowserSession;

beforeAll(async () => {
  const dataset = await mkdtemp(join(tmpdir(), "episcope-e2e-tiles-"));
  await writeFixture(join(dataset, "depth.mcap"));
  serve = await startServe(dataset);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

/** RGB of the depth tile's canvas at image column `x` (middle row). */
async function pixel(x: number): Promise<number[]> {
  return browser.page.evaluate(
    ({ x, y }) => {
      const canvas = document.querySelector<HTMLCanvasElement>('section.tile[data-topic="/camera/depth"] canvas')!;
      return Array.from(canvas.getContext("2d")!.getImageData(x, y, 1, 1).data.subarray(0, 3));
    },
    { x, y: H / 2 },
  );
}

describe("camera tiles", () => {
  it("draws depth through Turbo (no return black), switches to gray, makes a tile large; both persist", async () => {
    const { page } = browser;
    await page.goto(`${serve.url}/?episode=depth.mcap&t=0.5`);
    const tile = page.getByRole("region", { name: "/camera/depth" });
    await expect.poll(() => tile.getAttribute("data-frame-index"), { timeout: 20_000 }).toBe("5");
    const turbo = colormapTable("turbo");
    await expect.poll(() => pixel(0)).toEqual([0, 0, 0]);
    expect(await pixel(1)).toEqual(Array.from(turbo.subarray(0, 3)));
    expect(await pixel(W - 1)).toEqual(Array.from(turbo.subarray(255 * 3, 256 * 3)));
    const picker = page.getByRole("combobox", { name: "Colormap of /camera/depth" });
    await expect.poll(() => picker.inputValue()).toBe("turbo");
    // The colour camera has no colormap choice.
    expect(await page.getByRole("combobox", { name: "Colormap of /camera/color" }).count()).toBe(0);
    await screenshot(page, "camera-tiles-depth-turbo");
    // No joints channel: the overview is a thin "time" strip, not an empty "joint speed" lane.
    expect(await page.locator(".timeline-label-overview > span").textContent()).toBe("time");
    expect((await page.locator(".timeline-label-overview").boundingBox())!.height).toBeLessThan(40);

    await picker.selectOption("gray");
    await expect.poll(() => pixel(W - 1)).toEqual([255, 255, 255]);
    expect(await pixel(1)).toEqual([0, 0, 0]);

    const area = async (name: string) => {
      const box = (await page.getByRole("region", { name }).boundingBox())!;
      return box.width * box.height;
    };
    await page.getByRole("button", { name: "Make /camera/depth large" }).click();
    // Two columns × two rows against one cell (gaps aside).
    await expect.poll(async () => (await area("/camera/depth")) / (await area("/camera/color"))).toBeGreaterThan(3);
    await screenshot(page, "camera-tiles-large");

    await page.reload();
    await expect.poll(() => tile.getAttribute("data-frame-index"), { timeout: 20_000 }).toBe("5");
    await expect.poll(() => page.getByRole("combobox", { name: "Colormap of /camera/depth" }).inputValue()).toBe("gray");
    expect(await page.getByRole("button", { name: "Make /camera/depth normal size" }).getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => pixel(W - 1)).toEqual([255, 255, 255]);
  });

  it("syncs a camera by its header stamps: frames captured 50 ms before logging show 50 ms earlier; persists", async () => {
    const { page } = browser;
    await page.goto(`${serve.url}/?episode=depth.mcap&t=0.47`);
    const color = page.getByRole("region", { name: "/camera/color" });
    // Log time: the frame logged at 0.4 s is the latest ≤ 0.47 s.
    await expect.poll(() => color.getAttribute("data-frame-index"), { timeout: 20_000 }).toBe("4");
    await page.getByRole("combobox", { name: "Sync /camera/color by" }).selectOption("header");
    // Header stamp: the frame captured at 0.45 s (logged at 0.5 s).
    await expect.poll(() => color.getAttribute("data-frame-index")).toBe("5");
    expect(await color.getAttribute("data-frame-ns")).toBe(String(START_NS + 450_000_000n));
    // The other camera keeps log time.
    expect(await page.getByRole("region", { name: "/camera/depth" }).getAttribute("data-frame-index")).toBe("4");
    await screenshot(page, "camera-tiles-header-stamp");
    await page.reload();
    await expect.poll(() => page.getByRole("combobox", { name: "Sync /camera/color by" }).inputValue(), { timeout: 20_000 }).toBe("header");
    await expect.poll(() => color.getAttribute("data-frame-index")).toBe("5");
  });
});
