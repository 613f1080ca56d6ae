import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { defaultDatasetConfig, parseDatasetConfig } from "../../../shared/annotation/datasetConfig.ts";
import type { DatasetConfigInfo } from "../../../shared/annotation/storeTypes.ts";

/** The dataset config file, relative to the dataset folder. */
export const DATASET_CONFIG_FILE = ".episcope/config.json";

/**
 * Read `<root>/.episcope/config.json`: every valid field, defaults for the rest, each bad field reported at its path.
 * A missing file gives the defaults and no problems; an unreadable one is reported. Never throws.
 */
export async function loadDatasetConfig(root: string): Promise<DatasetConfigInfo> {
  let text: string;
  try {
    text = await readFile(join(root, DATASET_CONFIG_FILE), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problems = code === "ENOENT" ? [] : [{ path: "(document)", message: `cannot read: ${(error as Error).message}; using the defaults`, severity: "error" as const }];
    return { config: defaultDatasetConfig(), problems, file: DATASET_CONFIG_FILE, exists: code !== "ENOENT" };
  }
  return { ...parseDatasetConfig(text), file: DATASET_CONFIG_FILE, exists: true };
}
