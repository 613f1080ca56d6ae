// ESLint flat config. Layering (VS Code's code-layering idea): shared/ is pure TypeScript; renderer/ and electron/
// never import each other.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

const nodeBuiltins = ["node:*", "fs", "fs/*", "path", "os", "child_process", "worker_threads", "http", "net", "url", "crypto", "stream", "util", "events", "buffer"];

export default tseslint.config(
  { ignores: ["dist/**", "release/**", "node_modules/**", "e2e/artifacts/**", "electron/native/**/build/**", "bench-results/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    files: ["shared/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: nodeBuiltins, message: "shared/ is pure TypeScript: no Node imports." },
            { group: ["electron", "electron/*"], message: "shared/ is pure TypeScript: no Electron imports." },
            { group: ["react", "react-dom", "react/*", "react-dom/*", "zustand", "uplot", "wavesurfer.js", "wavesurfer.js/*"], message: "shared/ is pure TypeScript: no DOM/UI imports." },
            { group: ["**/electron/**", "**/renderer/**"], message: "shared/ must not import electron/ or renderer/." },
          ],
        },
      ],
      "no-restricted-globals": ["error", "window", "document", "process", "Buffer", "require", "__dirname"],
    },
  },
  {
    files: ["renderer/**/*.ts", "renderer/**/*.tsx"],
    languageOptions: { globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/electron/**", "electron", "electron/*"], message: "renderer/ talks to the Node side only through the IPC contract in shared/." },
            { group: nodeBuiltins, message: "renderer/ runs in the browser: no Node imports." },
          ],
        },
      ],
    },
  },
  {
    // The playback pipeline is UI-free: components render it, it never reaches into components (nor Node/Electron).
    files: ["renderer/src/playback/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/components/**"], message: "renderer/src/playback/ never imports components/ (components render playback, not the reverse)." },
            { group: ["**/electron/**", "electron", "electron/*"], message: "renderer/ talks to the Node side only through the IPC contract in shared/." },
            { group: nodeBuiltins, message: "renderer/ runs in the browser: no Node imports." },
          ],
        },
      ],
    },
  },
  {
    files: ["electron/**/*.ts"],
    languageOptions: { globals: globals.node },
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/renderer/**"], message: "electron/ must not import renderer/ (use shared/)." }] },
      ],
    },
  },
  {
    files: ["scripts/**/*.{js,mjs,ts}", "e2e/**/*.ts", "bin/**/*.mjs", "*.config.{js,ts}"],
    languageOptions: { globals: globals.node },
  },
);
