import { defineConfig } from "vitest/config";
import { sharedDataDir } from "./vitest.sharedData.ts";
import { testCacheEnv } from "./vitest.testCaches.ts";

/** End-to-end tests: Playwright (playwright-core) driving Debian's Chromium against `episcope serve`. */
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    environment: "node",
    env: { EPISCOPE_SHARED_DATA: sharedDataDir(), ...testCacheEnv() },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: "forks",
  },
});
