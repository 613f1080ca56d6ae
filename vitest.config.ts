import { defineConfig } from "vitest/config";

/** Unit tests: colocated `*.test.ts(x)` beside the code, run under Node against real files. */
export default defineConfig({
  test: {
    include: ["shared/**/*.test.ts", "electron/**/*.test.ts", "renderer/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    pool: "forks",
  },
});
