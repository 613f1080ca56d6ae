// Vite build of the renderer. `base: './'` because the desktop app loads the built files from a custom protocol
// (and `episcope serve` from its own origin), so every asset URL must be relative.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL("./renderer", import.meta.url)),
  base: "./",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("./dist/renderer", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    // Inline nothing as data: URLs beyond images; scripts always come from files (CSP script-src 'self').
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  server: {
    // `npx vite` for UI work against a running `episcope serve --port 5174`.
    proxy: { "/api": "http://127.0.0.1:5174" },
  },
});
