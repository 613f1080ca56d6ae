import { randomBytes } from "node:crypto";

/** Stands for the per-response nonce in renderer/index.html (its CSP meta tag and `episcope-csp-nonce` meta). */
export const CSP_NONCE_PLACEHOLDER = "__EPISCOPE_CSP_NONCE__";

/**
 * The Content-Security-Policy of the renderer, for the Electron window and for `serve` (the same as the meta tag in
 * renderer/index.html). Scripts only from the app itself; no eval, no inline script; styles from the app's files and
 * the one `<style>` element wavesurfer.js puts in its shadow root, allowed by a nonce fresh for every page load (no
 * 'unsafe-inline'; React's style props go through the CSSOM, which CSP does not restrict).
 * See https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy and
 * https://www.w3.org/TR/CSP3/#framework-directive-source-list (nonce-source).
 * @param nonce base64, from newCspNonce()
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A fresh nonce: 16 random bytes, base64 (CSP3 asks for at least 128 bits). */
export function newCspNonce(): string {
  return randomBytes(16).toString("base64");
}

/** renderer/index.html with every placeholder replaced by `nonce`. */
export function withCspNonce(html: string, nonce: string): string {
  return html.replaceAll(CSP_NONCE_PLACEHOLDER, nonce);
}
