/**
 * A dataset root on object storage (issue #18): the `*.mcap` objects under `s3://bucket/prefix`, listed with
 * ListObjectsV2 (paginated, through the fetch worker like every other object read: syncObjectReads.ts), each opened
 * by range reads (remoteEpisodeFile.ts). Nothing is ever written to the bucket:
 * - the summary cache goes to the local cache folder: `<parent of $EPISCOPE_OBJECT_CACHE>/episcope-datasets/<hash>/`
 *   when that variable is set, else `$XDG_CACHE_HOME/episcope/datasets/<hash>/` (`~/.cache` without it), keyed by
 *   the SHA-256 of the root URL;
 * - labels (annotations, review status, metadata table) and `.episcope/config.json` live in the label folder: the one
 *   given (`--labels DIR`), else `$XDG_DATA_HOME/episcope/labels/<bucket>/<prefix>/` (`~/.local/share` without it) —
 *   data, not cache: it is never cleaned up. The CLI prints it at start.
 */
import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";
import type { EpisodeEntry, FolderEntry, FolderListing } from "../../../../shared/episode.ts";
import { EpiscopeError } from "../../../../shared/ipc/contract.ts";
import type { FileFingerprint } from "../../dataset/fingerprint.ts";
import type { EpisodeRoot } from "../episodeRoot.ts";
import { SKIPPED_FOLDERS } from "../listEpisodes.ts";
import type { EpisodeLocation } from "../resolveEpisodePath.ts";
import { redactUrl } from "./objectUrl.ts";
import { headObjectSync, listObjectPageSync } from "./syncObjectReads.ts";

/** How long list() reuses a listing of the bucket (ms). */
export const LIST_REUSE_MS = 10_000;

/** The bucket and key prefix of an `s3://bucket/prefix` root; `prefix` is "" or ends with `/`. */
export interface ObjectPrefix {
  bucket: string;
  prefix: string;
  /** `s3://bucket/prefix` without a trailing `/`. */
  url: string;
}

/**
 * Parse a dataset root URL: `s3://bucket`, `s3://bucket/`, `s3://bucket/a/b` and `s3://bucket/a/b/` (the prefix is a
 * folder: `a/b/`).
 * @throws Error naming the URL: an http(s) URL (a plain web server has no listing: name one episode instead), or not
 *   `s3://bucket[/prefix]`, or a prefix with empty, `.` or `..` segments
 */
export function parseObjectPrefix(url: string): ObjectPrefix {
  if (/^https?:\/\//i.test(url)) {
    throw new Error(`${redactUrl(url)}: a dataset root on object storage must be s3://bucket/prefix (an http(s) server cannot be listed; an http(s) URL names one episode)`);
  }
  const match = /^s3:\/\/([^/?#]+)(?:\/(.*))?$/i.exec(url);
  if (!match) throw new Error(`${redactUrl(url)}: not a dataset root URL (expected s3://bucket/prefix)`);
  const bucket = match[1]!;
  const parts = (match[2] ?? "").replace(/\/+$/, "").split("/").filter((p, i, all) => !(all.length === 1 && p === ""));
  if (parts.some((p) => p === "" || p === "." || p === "..")) throw new Error(`${redactUrl(url)}: the prefix may not have empty, '.' or '..' segments`);
  const prefix = parts.length ? `${parts.join("/")}/` : "";
  return { bucket, prefix, url: `s3://${bucket}${prefix ? `/${prefix.slice(0, -1)}` : ""}` };
}

/** The default label folder of the root `url`: `$XDG_DATA_HOME/episcope/labels/<bucket>/<prefix>/`. */
export function defaultLabelFolder(url: string, env: NodeJS.ProcessEnv = process.env): string {
  const { bucket, prefix } = parseObjectPrefix(url);
  const data = env.XDG_DATA_HOME || path.join(os.homedir(), ".local", "share");
  return path.join(data, "episcope", "labels", bucket, ...prefix.split("/").filter(Boolean));
}

/** The summary cache file of the root `url` (see the file comment). */
export function objectRootCacheFile(url: string, env: NodeJS.ProcessEnv = process.env): string {
  const hash = createHash("sha256").update(url).digest("hex").slice(0, 16);
  const base = env.EPISCOPE_OBJECT_CACHE
    ? path.join(path.dirname(path.resolve(env.EPISCOPE_OBJECT_CACHE)), "episcope-datasets")
    : path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "episcope", "datasets");
  return path.join(base, hash, "episode-summaries.json");
}

/** The episodes under an `s3://bucket/prefix` root. */
export class ObjectPrefixRoot implements EpisodeRoot {
  readonly kind = "objects" as const;
  readonly location: string;
  readonly labelFolder: string;
  readonly summaryCacheFile: string;
  readonly #bucket: string;
  readonly #prefix: string;
  /** Fingerprints of the latest listing, by relative path. */
  #listed = new Map<string, FileFingerprint>();
  /** The latest listing (sorted) and when it was made (performance.now(), ms). */
  #latest: { entries: EpisodeEntry[]; at: number } | null = null;
  readonly #listReuseMs: number;

  /**
   * @param url `s3://bucket/prefix` (see parseObjectPrefix)
   * @param options.labels the label folder (default: defaultLabelFolder(url))
   * @param options.listReuseMs how long a listing is reused by list() (ms; default LIST_REUSE_MS, 0 = list every time)
   * @throws Error naming the URL when it is not an s3 root URL
   */
  constructor(url: string, options: { labels?: string; listReuseMs?: number } = {}) {
    this.#listReuseMs = options.listReuseMs ?? LIST_REUSE_MS;
    const parsed = parseObjectPrefix(url);
    this.#bucket = parsed.bucket;
    this.#prefix = parsed.prefix;
    this.location = parsed.url;
    this.labelFolder = path.resolve(options.labels ?? defaultLabelFolder(parsed.url));
    this.summaryCacheFile = objectRootCacheFile(parsed.url);
  }

  /**
   * Every `*.mcap` object (case-insensitive) under the prefix, by key relative to it, sorted in code-unit order;
   * keys under `.episcope/`, `node_modules/`, `.git/` or with empty, `.` or `..` segments are left out (no relative
   * path names them). One ListObjectsV2 request per 1000 keys; a listing younger than `listReuseMs` is reused (a serve
   * page asks for the list on each refresh and the Open dialog on each folder: 100,000 keys are 100 requests), so an
   * object added to the bucket shows up at most that late; `options.fresh` always lists.
   * @throws EpiscopeError `not-found` (no such bucket, or no object at all under the prefix), `forbidden` (access
   *   denied), `unreadable` (the store could not be reached), naming the URL
   */
  list(options: { fresh?: boolean } = {}): EpisodeEntry[] {
    if (!options.fresh && this.#latest && performance.now() - this.#latest.at < this.#listReuseMs) return [...this.#latest.entries];
    const entries: EpisodeEntry[] = [];
    const listed = new Map<string, FileFingerprint>();
    let objects = 0;
    let continuation: string | null = null;
    do {
      let page;
      try {
        page = listObjectPageSync(this.#bucket, this.#prefix, continuation, this.location);
      } catch (error) {
        const code = (error as { code?: string }).code;
        throw new EpiscopeError(code === "not-found" || code === "forbidden" ? code : "unreadable", (error as Error).message);
      }
      objects += page.objects.length;
      for (const o of page.objects) {
        const rel = o.key.slice(this.#prefix.length);
        const parts = rel.split("/");
        if (!/\.mcap$/i.test(rel) || parts.some((p) => p === "" || p === "." || p === ".." || SKIPPED_FOLDERS.has(p))) continue;
        entries.push({ path: rel, name: parts[parts.length - 1]!.replace(/\.mcap$/i, ""), sizeBytes: o.size });
        listed.set(rel, { sizeBytes: o.size, mtimeMs: o.lastModifiedMs, ...(o.etag ? { etag: o.etag } : {}) });
      }
      continuation = page.next;
    } while (continuation !== null);
    if (objects === 0) {
      throw new EpiscopeError("not-found", `${this.location}: no objects under prefix ${JSON.stringify(this.#prefix)} of bucket ${JSON.stringify(this.#bucket)} (empty or mistyped prefix)`);
    }
    this.#listed = listed;
    entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    this.#latest = { entries, at: performance.now() };
    return [...entries];
  }

  fingerprint(relPath: string): FileFingerprint | null {
    return this.#listed.get(relPath) ?? null;
  }

  episodePath(relPath: string): string {
    return `s3://${this.#bucket}/${this.#prefix}${relPath}`;
  }

  /**
   * The episode `relPath` names: a relative `*.mcap` key under the prefix that is in the latest listing or, when not,
   * that exists in the bucket now (one HEAD request).
   * @throws EpiscopeError `invalid-path` (absolute, `..`), `not-found`
   */
  resolve(relPath: string, field = "path"): EpisodeLocation {
    const parts = relPath.split(/[\\/]+/).filter((p) => p !== "" && p !== ".");
    const named = JSON.stringify(relPath);
    if (parts.length === 0 || relPath.startsWith("/") || parts.includes("..")) {
      throw new EpiscopeError("invalid-path", `${field}: ${named} must be a path relative to ${this.location}, without '..'`);
    }
    const key = parts.join("/");
    const notFound = new EpiscopeError("not-found", `${field}: ${named} is not an episode of ${this.location} (an .mcap object)`);
    if (!/\.mcap$/i.test(key) || parts.some((p) => SKIPPED_FOLDERS.has(p))) throw notFound;
    if (!this.#listed.has(key)) {
      try {
        headObjectSync(this.episodePath(key));
      } catch {
        throw notFound;
      }
    }
    return { key, absPath: this.episodePath(key) };
  }

  /**
   * The sub-folders (common prefixes) and episodes of folder `dir` ("" = the root) from a fresh listing, for the Open
   * dialog: folders first, then episodes, each by name (numeric order), at most `limit` entries.
   * @throws EpiscopeError `invalid-path`, `not-found` (no episode under `dir`), and list()'s errors
   */
  browse(dir: string, limit: number): FolderListing {
    const parts = dir.split(/[\\/]+/).filter((p) => p !== "" && p !== ".");
    if (dir.startsWith("/") || parts.includes("..")) throw new EpiscopeError("invalid-path", `dir: ${JSON.stringify(dir)} must be a path relative to ${this.location}, without '..'`);
    const key = parts.join("/");
    const under = key ? `${key}/` : "";
    const folders = new Set<string>();
    const entries: FolderEntry[] = [];
    for (const e of this.list()) {
      if (!e.path.startsWith(under)) continue;
      const rest = e.path.slice(under.length);
      const slash = rest.indexOf("/");
      if (slash >= 0) folders.add(rest.slice(0, slash));
      else entries.push({ name: rest, path: e.path, kind: "episode", sizeBytes: e.sizeBytes });
    }
    if (key && folders.size === 0 && entries.length === 0) throw new EpiscopeError("not-found", `dir: ${JSON.stringify(dir)} is not a folder of ${this.location}`);
    const byName = (a: FolderEntry, b: FolderEntry) => a.name.localeCompare(b.name, "en", { numeric: true });
    const all = [...[...folders].map((name): FolderEntry => ({ name, path: `${under}${name}`, kind: "folder", sizeBytes: null })).sort(byName), ...entries.sort(byName)];
    const parent = key === "" ? null : key.includes("/") ? key.slice(0, key.lastIndexOf("/")) : "";
    return { root: this.location, dir: key, parent, entries: all.slice(0, limit), single: false };
  }
}
