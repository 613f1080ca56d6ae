/**
 * The DATASET argument of `episcope index|audit|serve` (issue #18): a local folder, or `s3://bucket/prefix` on object
 * storage (credentials from the standard AWS environment and profiles; `AWS_ENDPOINT_URL_S3` for S3-compatible
 * stores). For an object root the label folder — where the labels, review status, metadata table and config live,
 * since nothing is written to the bucket — is `--labels DIR` or the default of the root URL, and is announced.
 */
import fs from "node:fs";
import path from "node:path";
import { EpiscopeError } from "../../shared/ipc/contract.ts";
import { folderRoot, type EpisodeRoot } from "../services/episode/episodeRoot.ts";
import { ObjectPrefixRoot } from "../services/episode/remote/objectPrefixRoot.ts";
import { isObjectUrl } from "../services/episode/remote/objectUrl.ts";

/** Usage of the `--labels` option, for the commands' usage lines. */
export const LABELS_USAGE = "[--labels DIR]";

/**
 * The root `arg` names; for an object root, tells `err` where its labels are.
 * @param labels `--labels DIR` (object roots only)
 * @throws EpiscopeError `not-found` when a local DATASET is not a folder; Error for `--labels` with a local folder or
 *   a malformed URL (an http(s) URL, which cannot be listed)
 */
export function datasetRootArg(arg: string, labels: string | undefined, err: (text: string) => void): EpisodeRoot {
  if (isObjectUrl(arg)) {
    const root = new ObjectPrefixRoot(arg, labels === undefined ? {} : { labels: path.resolve(labels) });
    err(`episcope: episodes read from ${root.location} (nothing is written to the bucket); labels, review status and config in ${root.labelFolder}${labels === undefined ? " (choose with --labels DIR)" : ""}\n`);
    return root;
  }
  if (labels !== undefined) throw new Error(`--labels applies to a dataset on object storage (s3://bucket/prefix); ${arg} keeps its labels in its .episcope folder`);
  const abs = path.resolve(arg);
  if (!fs.statSync(abs, { throwIfNoEntry: false })?.isDirectory()) throw new EpiscopeError("not-found", `${arg}: no such folder`);
  return folderRoot(abs);
}
