import type { IncomingMessage } from "node:http";
import type { Account } from "../../shared/annotation/roles.ts";
import type { IpcHandlers } from "../../shared/ipc/contract.ts";
import { readCookie, tokenCookieName } from "./serveToken.ts";

/**
 * Accounts of a shared server (`episcope serve --store`, issue 18): instead of one per-start token, each request must
 * carry a user's token (created by `episcope store user add`), and is served by that account's handlers (its identity
 * as annotator, its role's checks).
 */
export interface ServeAccounts {
  /** The active account holding `token`, or null (unknown or revoked). */
  identify(token: string): Promise<Account | null>;
  /** The handler table that serves `account`'s requests. */
  handlersFor(account: Account): IpcHandlers;
}

/**
 * The user token a request carries: `Authorization: Bearer <T>` (or `token <T>`, as scripts send the per-start token),
 * else the session cookie of the server on `port` (set by `GET /?token=<T>`); null when none.
 */
export function requestUserToken(req: IncomingMessage, port: number): string | null {
  const auth = /^(?:bearer|token)\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  if (auth) return auth[1]!;
  return readCookie(req.headers.cookie, tokenCookieName(port));
}

/** The `Set-Cookie` value that keeps a user's token as the HttpOnly, SameSite=Strict session cookie of `port`. */
export function userCookieHeader(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}
