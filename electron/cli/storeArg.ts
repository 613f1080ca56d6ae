/**
 * The `--store postgres://… [--dataset-key KEY]` option of the batch commands (`episcope export|agreement|index|audit|
 * merge`, issue 18): read the labels — layers, documents, review status, metadata table — from the team store on
 * PostgreSQL instead of the dataset's files, as `episcope serve --store` keeps them. KEY defaults to the dataset
 * folder's name, as for serve and `episcope store import`.
 */
import { basename } from "node:path";
import type { TeamStore } from "../services/annotation/postgres/teamStore.ts";

/** Usage of the option, for the commands' usage lines. */
export const STORE_OPTION_USAGE = "[--store postgres://… [--dataset-key KEY]]";

/** The parseArgs options of `--store` and `--dataset-key`. */
export const STORE_OPTIONS = { store: { type: "string" }, "dataset-key": { type: "string" } } as const;

/**
 * The team store `--store` names, connected and migrated, for the dataset at `location` (a folder or
 * `s3://bucket/prefix`); null without `--store`. The caller closes it.
 * @throws Error for `--dataset-key` without `--store`; EpiscopeError `bad-store` when the URL is not postgres:// or
 *   the server cannot be reached (naming the URL without its password)
 */
export async function openStoreArg(values: { store?: string | undefined; "dataset-key"?: string | undefined }, location: string): Promise<TeamStore | null> {
  if (values.store === undefined) {
    if (values["dataset-key"] !== undefined) throw new Error("--dataset-key names the dataset in the team store: give --store postgres://… with it");
    return null;
  }
  // loaded on demand: the file store needs no PostgreSQL client
  const { openTeamStore } = await import("../services/annotation/postgres/teamStore.ts");
  return openTeamStore(values.store, values["dataset-key"] ?? basename(location.replace(/\/+$/, "")), 2);
}
