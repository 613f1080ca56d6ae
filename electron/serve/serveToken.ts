import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/**
 * The per-start secret of `episcope serve` (the Jupyter model, https://jupyter-server.readthedocs.io/en/latest/operators/security.html):
 * other users of the machine reach 127.0.0.1 too, so every request must carry the token — as the HttpOnly,
 * SameSite=Strict cookie the page gets for it, or as `Authorization: token <T>` from scripts. Any route (HTTP API,
 * event streams, WebSocket upgrades) asks `isAuthorized(req)` before it does anything.
 */
export interface ServeToken {
  /** The secret, or null when serve runs with `--no-token` (no authentication at all). */
  readonly value: string | null;
  /** True when `req` carries the token (cookie or Authorization header); always true without a token. */
  isAuthorized(req: IncomingMessage): boolean;
  /** True when `candidate` (e.g. a `?token=` query value) is the token. */
  matches(candidate: string): boolean;
  /** The `Set-Cookie` header value that trades the token for a session cookie on this port. */
  cookieHeader(): string;
}

/** Tokens given with `--token` / `EPISCOPE_TOKEN`: URL-safe characters, long enough not to be guessed. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,256}$/;

/** A fresh random token: 32 bytes (256 bits) in base64url. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Check a token given by the user.
 * @throws Error naming `source` (`--token` or `EPISCOPE_TOKEN`) when it is shorter than 16 characters or holds
 *   anything but letters, digits, `_` and `-` (it travels in a URL and a cookie).
 */
export function checkGivenToken(token: string, source: string): string {
  if (!TOKEN_PATTERN.test(token)) {
    throw new Error(`${source} must be 16–256 characters of letters, digits, '_' and '-' (got ${token.length} characters)`);
  }
  return token;
}

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Constant-time comparison (hashes first so lengths never leak). */
function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** Name of the cookie for the server on `port`: cookies ignore ports, so two servers on one host must not share it. */
export function tokenCookieName(port: number): string {
  return `episcope-token-${port}`;
}

/** The value of cookie `name` in a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * The token guard of a server on `port`.
 * @param value the token, or null for `--no-token`.
 */
export function createServeToken(value: string | null, port: number): ServeToken {
  const cookieName = tokenCookieName(port);
  const matches = (candidate: string) => value !== null && sameSecret(candidate, value);
  return {
    value,
    matches,
    isAuthorized(req) {
      if (value === null) return true;
      const cookie = readCookie(req.headers.cookie, cookieName);
      if (cookie !== null && matches(cookie)) return true;
      const auth = /^token\s+(\S+)$/i.exec(req.headers.authorization ?? "");
      return auth !== null && matches(auth[1]!);
    },
    cookieHeader: () => `${cookieName}=${value ?? ""}; Path=/; HttpOnly; SameSite=Strict`,
  };
}
