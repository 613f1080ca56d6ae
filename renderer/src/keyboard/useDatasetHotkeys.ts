/** Use the open dataset's hotkeys (its `.episcope/config.json`, over the defaults) for registered commands. */
import { useEffect } from "react";
import { loadDatasetConfig } from "../stores/annotationConfig.ts";
import { useEpisode } from "../stores/episode.ts";
import { selectDatasetRoot } from "../stores/selectors.ts";
import { setHotkeyTable } from "./hotkeyTable.ts";

/** Load the dataset config's hotkeys into the hotkey table whenever the dataset root changes. */
export function useDatasetHotkeys(): void {
  const root = useEpisode(selectDatasetRoot);
  useEffect(() => {
    if (root === null) return;
    let live = true;
    void loadDatasetConfig(root).then((config) => {
      if (live) setHotkeyTable(config.hotkeys);
    });
    return () => {
      live = false;
    };
  }, [root]);
}
