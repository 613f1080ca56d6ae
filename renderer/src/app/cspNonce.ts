/**
 * The style nonce of this page load (meta `episcope-csp-nonce`, filled in by the server with the nonce of its
 * Content-Security-Policy; see electron/serve/contentSecurityPolicy.ts), for libraries that add a `<style>` element
 * (wavesurfer.js's `cspNonce`). Undefined outside a page that has it (unit tests).
 */
export function cspNonce(): string | undefined {
  if (typeof document === "undefined") return undefined;
  return document.querySelector<HTMLMetaElement>('meta[name="episcope-csp-nonce"]')?.content || undefined;
}
