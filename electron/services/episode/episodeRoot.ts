/**
 * Where a dataset's episodes are (issue #18): a local folder, or a prefix of a bucket on S3-compatible object storage
 * (`s3://bucket/prefix`, remote/objectPrefixRoot.ts). The one seam the listing (EpisodeScope), the fingerprints and the
 * dataset service go through, so neither asks which kind it has.
 */
import path from "node:path";
import type { EpisodeEntry } from "../../../shared/episode.ts";
import { fingerprintOf, type FileFingerprint } from "../dataset/fingerprint.ts";
import { CACHE_FILE } from "../dataset/summaryCache.ts";
import { listEpisodeFiles } from "./listEpisodes.ts";
import { ObjectPrefixRoot } from "./remote/objectPrefixRoot.ts";
import { isObjectUrl } from "./remote/objectUrl.ts";
import { resolveEpisodePath, type EpisodeLocation } from "./resolveEpisodePath.ts";

/** The episodes of one dataset and where its local state lives. */
export interface EpisodeRoot {
  /** `folder`: a local folder; `objects`: a prefix of a bucket (nothing is ever written there). */
  readonly kind: "folder" | "objects";
  /** The root as shown to people: the absolute folder, or `s3://bucket/prefix` (no credentials, no trailing `/`). */
  readonly location: string;
  /**
   * The local folder whose `.episcope/` holds the dataset's labels (annotations, review status, metadata table) and
   * config: the dataset folder itself, or for an object root its label folder (objectPrefixRoot.ts).
   */
  readonly labelFolder: string;
  /** The summary cache file (summaryCache.ts): under the folder, or in the local cache folder for an object root. */
  readonly summaryCacheFile: string;
  /**
   * Every episode, sorted by relative path in code-unit order (listEpisodeFiles' order, so `--shard I/N` slices a
   * folder and its copy in a bucket alike). An object root may answer from a listing a few seconds old
   * (ObjectPrefixRoot's listReuseMs) unless `options.fresh` (a reindex asks for a fresh one).
   * @throws EpiscopeError for an object root: `not-found` (no such bucket, nothing under the prefix), `forbidden`,
   *   `unreadable`, naming the URL
   */
  list(options?: { fresh?: boolean }): EpisodeEntry[];
  /**
   * The fingerprint of episode `relPath`: a folder's file is stat'ed now; an object's comes from the latest `list()`
   * (size, LastModified, entity tag), so a reindex reads only changed objects. Null when unknown or unreadable.
   */
  fingerprint(relPath: string): FileFingerprint | null;
  /** What the engine opens for episode `relPath`: an absolute path or an `s3://` URL. */
  episodePath(relPath: string): string;
  /**
   * The episode `relPath` names (see resolveEpisodePath); `absPath` is `episodePath(key)`.
   * @throws EpiscopeError `invalid-path`, `not-found`
   */
  resolve(relPath: string, field?: string): EpisodeLocation;
}

/** The episodes under the local folder `folder` (made absolute). */
export function folderRoot(folder: string): EpisodeRoot {
  const abs = path.resolve(folder);
  return {
    kind: "folder",
    location: abs,
    labelFolder: abs,
    summaryCacheFile: path.join(abs, CACHE_FILE),
    list: () => listEpisodeFiles(abs),
    fingerprint: (relPath) => fingerprintOf(path.join(abs, relPath)),
    episodePath: (relPath) => path.join(abs, relPath),
    resolve: (relPath, field = "path") => resolveEpisodePath(abs, relPath, field),
  };
}

/**
 * The root `root` names: an `s3://bucket/prefix` URL (labels in the default label folder of that URL), a local folder,
 * or an EpisodeRoot already made (e.g. with `--labels DIR`).
 * @throws Error naming the URL when it is an http(s) URL (a plain web server cannot be listed) or a malformed one
 */
export function episodeRoot(root: string | EpisodeRoot): EpisodeRoot {
  if (typeof root !== "string") return root;
  return isObjectUrl(root) ? new ObjectPrefixRoot(root) : folderRoot(root);
}
