/**
 * The dataset's annotation vocabulary (quality flags) from `api.dataset.config`, fetched once per dataset root.
 * Until it arrives, or when it cannot be read, the defaults of shared/annotation/datasetConfig.ts are used.
 */
import { useEffect, useState } from "react";
import { DEFAULT_FLAGS } from "../../../shared/annotation/datasetConfig.ts";
import type { EpiscopeApi } from "../../../shared/ipc/contract.ts";
import { api as defaultApi } from "../ipc/api.ts";

const DEFAULTS: readonly string[] = [...DEFAULT_FLAGS];
const cache = new Map<string, Promise<readonly string[]>>();

/** The quality flags of the dataset at `root` (one request per root; defaults on failure). */
export function loadDatasetFlags(root: string, api: EpiscopeApi = defaultApi): Promise<readonly string[]> {
  let flags = cache.get(root);
  if (!flags) {
    flags = api.dataset.config({}).then(
      (info) => (info.config.flags.length > 0 ? info.config.flags : DEFAULTS),
      () => DEFAULTS,
    );
    cache.set(root, flags);
  }
  return flags;
}

/** The quality flags of the dataset at `root` in React: the defaults first, the dataset's own once loaded. */
export function useDatasetFlags(root: string | null): readonly string[] {
  const [flags, setFlags] = useState<{ root: string | null; flags: readonly string[] }>({ root: null, flags: DEFAULTS });
  useEffect(() => {
    if (root === null) return;
    let live = true;
    void loadDatasetFlags(root).then((loaded) => {
      if (live) setFlags({ root, flags: loaded });
    });
    return () => {
      live = false;
    };
  }, [root]);
  return flags.root === root ? flags.flags : DEFAULTS;
}
