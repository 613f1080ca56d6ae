import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { E2E_TOKEN } from "./serveProcess.ts";

/** Where screenshots are kept (CI artifacts; git-ignored). */
export const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A fresh Chromium profile with one page; `errors` collects page errors and console errors. */
export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

/**
 * Launch Debian's Chromium (`/usr/bin/chromium`, or EPISCOPE_CHROMIUM) through playwright-core with a new empty
 * profile. Never downloads a browser. Every request carries `Authorization: token <E2E_TOKEN>` (the token of every
 * server startServe starts) unless `withToken` is false (tests of the token URL and cookie).
 */
export async function launchBrowser(options: { withToken?: boolean } = {}): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), "episcope-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.EPISCOPE_CHROMIUM ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    viewport: { width: 1600, height: 1000 },
    extraHTTPHeaders: options.withToken === false ? {} : { authorization: `token ${E2E_TOKEN}` },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  return { context, page, errors, close: () => context.close() };
}

/** Save a full-page screenshot to e2e/artifacts/<name>.png and return its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
