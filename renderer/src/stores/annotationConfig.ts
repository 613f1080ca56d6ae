/**
 * The dataset's annotation config (`<dataset>/.episcope/config.json` through `api.dataset.config`: segment kinds,
 * primitives, quality flags, hotkeys, snap tolerance, paraphrase minimum), fetched once per dataset root. Until it
 * arrives, or when it cannot be read, the defaults of shared/annotation/datasetConfig.ts are used.
 */
import { useEffect, useState } from "react";
import { DEFAULT_FLAGS, defaultDatasetConfig, type DatasetConfig } from "../../../shared/annotation/datasetConfig.ts";
import type { EpiscopeApi } from "../../../shared/ipc/contract.ts";
import { api as defaultApi } from "../ipc/api.ts";

const DEFAULT_CONFIG: DatasetConfig = defaultDatasetConfig();
const DEFAULTS: readonly string[] = [...DEFAULT_FLAGS];
const cache = new Map<string, Promise<DatasetConfig>>();

/** The config of the dataset at `root` (one request per root; the defaults on failure). Never rejects. */
export function loadDatasetConfig(root: string, api: EpiscopeApi = defaultApi): Promise<DatasetConfig> {
  let config = cache.get(root);
  if (!config) {
    config = api.dataset.config({}).then(
      (info) => ({ ...DEFAULT_CONFIG, ...info.config }),
      () => DEFAULT_CONFIG,
    );
    cache.set(root, config);
  }
  return config;
}

/** The quality flags of the dataset at `root` (one request per root; defaults on failure). */
export function loadDatasetFlags(root: string, api: EpiscopeApi = defaultApi): Promise<readonly string[]> {
  return loadDatasetConfig(root, api).then((c) => (c.flags.length > 0 ? c.flags : DEFAULTS));
}

/** The config of the dataset at `root` in React: the defaults first, the dataset's own once loaded. */
export function useDatasetConfig(root: string | null): DatasetConfig {
  const [loaded, setLoaded] = useState<{ root: string | null; config: DatasetConfig }>({ root: null, config: DEFAULT_CONFIG });
  useEffect(() => {
    if (root === null) return;
    let live = true;
    void loadDatasetConfig(root).then((config) => {
      if (live) setLoaded({ root, config });
    });
    return () => {
      live = false;
    };
  }, [root]);
  return loaded.root === root ? loaded.config : DEFAULT_CONFIG;
}

/** The quality flags of the dataset at `root` in React: the defaults first, the dataset's own once loaded. */
export function useDatasetFlags(root: string | null): readonly string[] {
  const config = useDatasetConfig(root);
  return config.flags.length > 0 ? config.flags : DEFAULTS;
}
