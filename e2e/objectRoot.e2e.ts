/**
 * A dataset root on object storage in the browser (issue #18): a generated dataset of 6 episodes (one damaged)
 * uploaded to a real S3-protocol server on loopback (s3rver in a child process), served by `episcope serve
 * s3://episodes/robots --labels DIR`: the sidebar lists and indexes it, the first episode opens with its cameras, and
 * a verdict given with keys lands in the label folder — nothing is written to the bucket. Screenshots at 1600×1000
 * and 1280×720 (e2e/artifacts/object-root-*.png).
 */
import { ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import fs from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset, type FixtureEpisode } from "../scripts/dataset-fixture/generateDataset.ts";
import { startObjectServers, type ObjectServers } from "../electron/services/episode/remote/testObjectServers.ts";
import { launchBrowser, screenshot, type BrowserSession } from "./harness/browser.ts";
import { startServe, type ServeProcess } from "./harness/serveProcess.ts";

const BUCKET = "episodes";
const ROOT = `s3://${BUCKET}/robots`;
let tmp: string;
let labels: string;
let episodes: FixtureEpisode[];
let servers: ObjectServers;
let s3: S3Client;
let serve: ServeProcess;
let browser: BrowserSession;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "episcope-e2e-s3root-"));
  const local = join(tmp, "local");
  labels = join(tmp, "labels");
  episodes = await generateDataset(local, { episodes: 6, seed: 12, damaged: 1, annotations: false });
  servers = await startObjectServers(join(tmp, "s3"), local, BUCKET);
  s3 = new S3Client({ endpoint: servers.s3Endpoint, forcePathStyle: true, region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
  for (const e of episodes) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `robots/${e.path}`, Body: fs.readFileSync(join(local, e.path)) }));
  serve = await startServe(
    ROOT,
    {
      EPISCOPE_ANNOTATOR: "rev_s3:Reviewer S3",
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL_S3: servers.s3Endpoint,
      EPISCOPE_OBJECT_CACHE: join(tmp, "cache", "objects"),
    },
    ["--labels", labels],
  );
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await servers?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const sidebar = (page: Page) => page.getByRole("navigation", { name: "Episodes" });
const position = (page: Page) => sidebar(page).getByLabel("Queue position").textContent();

describe("episcope serve s3://bucket/prefix", () => {
  it("lists, indexes and opens episodes from the bucket; a verdict lands in the label folder, not the bucket", async () => {
    const { page } = browser;
    expect(serve.line).toMatch(/^Episcope serving s3:\/\/episodes\/robots at /);
    expect(serve.stderr()).toContain(`labels, review status and config in ${labels}`);
    const readable = episodes.filter((e) => !e.damaged);
    await page.goto(serve.url);
    await expect.poll(() => position(page), { timeout: 60_000 }).toBe(`0 / ${episodes.length} reviewed`);
    await expect.poll(() => sidebar(page).locator(".episode-duration", { hasText: /^\d+:\d\d\.\d$/ }).count(), { timeout: 60_000 }).toBe(readable.length);
    await expect.poll(() => sidebar(page).locator(".episode-item.unreadable").textContent(), { timeout: 30_000 }).toMatch(/unreadable: truncated/);
    // The first episode opens with its pictures (range reads through the block cache).
    await expect.poll(() => page.locator("canvas, video").count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(1500);
    await screenshot(page, "object-root-1600x1000");
    await page.keyboard.press("1");
    await page.keyboard.press("a");
    await expect.poll(() => position(page), { timeout: 30_000 }).toBe(`1 / ${episodes.length} reviewed`);
    const layer = join(labels, ".episcope", "annotations", "rev_s3");
    await expect.poll(() => fs.existsSync(layer) && fs.readdirSync(layer, { recursive: true }).some((f) => String(f).endsWith(".json")), { timeout: 10_000 }).toBe(true);
    const keys = (await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents!.map((o) => o.Key!);
    expect(keys.sort()).toEqual(episodes.map((e) => `robots/${e.path}`).sort());
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.waitForTimeout(500);
    await screenshot(page, "object-root-1280x720");
  }, 180_000);
});
