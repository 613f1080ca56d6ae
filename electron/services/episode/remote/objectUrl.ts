/**
 * Episodes on object storage (issue #18): which paths name an object rather than a local file, and how to reach it.
 * `s3://bucket/key` (S3 or any S3-compatible store) and plain `https://` / `http://` URLs.
 */
import { resolve } from "node:path";

/** An object an episode is read from. */
export type ObjectLocation = { kind: "s3"; bucket: string; key: string; url: string } | { kind: "http"; url: string };

/** True when `path` names an object (s3://, https://, http://) rather than a local file. */
export function isObjectUrl(path: string): boolean {
  return /^(s3|https?):\/\//i.test(path);
}

/**
 * Parse an object URL.
 * @throws Error naming the URL when it is not `s3://bucket/key` or an http(s) URL with a path
 */
export function parseObjectUrl(url: string): ObjectLocation {
  const s3 = /^s3:\/\/([^/]+)\/(.+)$/i.exec(url);
  if (s3) return { kind: "s3", bucket: s3[1]!, key: s3[2]!, url };
  if (/^https?:\/\//i.test(url)) {
    try {
      new URL(url);
      return { kind: "http", url };
    } catch {
      // falls through to the error
    }
  }
  throw new Error(`${redactUrl(url)}: not an object URL (expected s3://bucket/key or https://host/path)`);
}

/** `url` without user info or query string (a presigned URL's signature must never reach a log). */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z0-9]+:\/\/)[^/@]*@/i, "$1").replace(/\?.*$/, "?…");
}

/** `p` made absolute when it is a local path; an object URL as it is. */
export function absoluteEpisodePath(p: string): string {
  return isObjectUrl(p) ? p : resolve(p);
}
