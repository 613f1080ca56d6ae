import { defineConfig } from "vitest/config";
import { sharedDataDir } from "./vitest.sharedData.ts";
import { testCacheEnv } from "./vitest.testCaches.ts";

/** Unit tests: colocated `*.test.ts(x)` beside the code, run under Node against real files. */
export default defineConfig({
  test: {
    include: ["shared/**/*.test.ts", "electron/**/*.test.ts", "renderer/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    env: { EPISCOPE_SHARED_DATA: sharedDataDir(), ...testCacheEnv() },
    testTimeout: 60_000,
    // Hooks start servers (PostgreSQL) and open episodes: on a loaded 2-core machine 10 s (the default) is not enough.
    hookTimeout: 60_000,
    pool: "forks",
    // Memory tests (e.g. streamedMemory.test.ts) collect garbage before they measure what a structure retains.
    poolOptions: { forks: { execArgv: ["--expose-gc"] } },
  },
});
