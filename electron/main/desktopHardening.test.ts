/**
 * The desktop hardening that cannot run here (no Electron binary), checked in its sources and config: the fuses in the
 * electron-builder config, the CSP without 'unsafe-inline' (header and the page's meta tag), the permission handlers,
 * DevTools only unpackaged, and the rule that a deep link naming another folder asks first.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { contentSecurityPolicy, CSP_NONCE_PLACEHOLDER, withCspNonce } from "../serve/contentSecurityPolicy.ts";
import { linkFolderNeedingConsent, parseEpiscopeLink } from "./episcopeLink.ts";

const read = (rel: string) => readFileSync(fileURLToPath(new URL(rel, import.meta.url)), "utf8");

describe("desktop hardening", () => {
  it("sets the Electron fuses in the electron-builder config", () => {
    const config = parse(read("../../build/electron-builder.yml")) as { electronFuses?: Record<string, boolean>; asar?: boolean };
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asar).not.toBe(false); // onlyLoadAppFromAsar needs the ASAR
  });

  it("has a CSP without 'unsafe-inline', with a per-load style nonce, in the header and the page", () => {
    const csp = contentSecurityPolicy("abc123==");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("style-src 'self' 'nonce-abc123=='");
    expect(csp).toContain("script-src 'self'");
    const html = read("../../renderer/index.html");
    expect(html).not.toContain("unsafe-inline");
    expect(html).toContain(`'nonce-${CSP_NONCE_PLACEHOLDER}'`);
    const served = withCspNonce(html, "abc123==");
    expect(served).not.toContain(CSP_NONCE_PLACEHOLDER);
    expect(served).toContain('<meta name="episcope-csp-nonce" content="abc123==" />');
  });

  it("denies every permission request, and offers DevTools only unpackaged", () => {
    const main = read("./main.ts");
    expect(main).toMatch(/setPermissionRequestHandler\(\(_contents, _permission, callback\) => callback\(false\)\)/);
    expect(main).toMatch(/setPermissionCheckHandler\(\(\) => false\)/);
    expect(main).toMatch(/devTools: !app\.isPackaged/);
    expect(main).toMatch(/app\.isPackaged \? \[\] : \[\{ role: "toggleDevTools" \}/);
    expect(main).toMatch(/sandbox: true/);
    expect(main).toMatch(/contextIsolation: true/);
  });

  it("asks before a deep link opens a folder other than the open dataset", () => {
    const other = parseEpiscopeLink("episcope://open?episode=a.mcap&t=1&dataset=/data/other")!;
    expect(linkFolderNeedingConsent(other, "/data/mine")).toBe("/data/other");
    expect(linkFolderNeedingConsent(other, null)).toBe("/data/other");
    expect(linkFolderNeedingConsent(other, "/data/other/")).toBeNull();
    expect(linkFolderNeedingConsent(parseEpiscopeLink("episcope://open?episode=a.mcap&t=1")!, "/data/mine")).toBeNull();
    const main = read("./main.ts");
    expect(main).toMatch(/async function openLink[^]*?if \(!\(await consentToLinkFolder\(link\)\)\) return;/);
  });
});
