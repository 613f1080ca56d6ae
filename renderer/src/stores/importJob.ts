/**
 * The import dialog's state (File › Import): whether it is open, the job being run and its progress, from the
 * `job.progress` events (kind `import`). When the job ends, the episode listing and the dataset index refresh so
 * the imported episodes show up.
 */
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";
import type { ImportProgress } from "../../../shared/import/importJob.ts";
import type { EpiscopeApi } from "../../../shared/ipc/contract.ts";
import { errorMessage } from "../app/errors.ts";
import { api as defaultApi } from "../ipc/api.ts";
import { datasetStore } from "./dataset.ts";
import { episodeStore } from "./episode.ts";
import { jobFollower } from "./jobEvents.ts";

/** State and actions of the import dialog. */
export interface ImportState {
  open: boolean;
  progress: ImportProgress | null;
  /** Why the last start/cancel was refused (names the path or the reason). */
  error: string | null;
  show(): void;
  hide(): void;
  /** Start importing `source` (absolute path) into `outDir` (relative to the served folder; default imports/<name>). */
  start(source: string, outDir?: string): Promise<void>;
  cancel(): Promise<void>;
}

/** Create the store (tests pass their own api). */
export function createImportStore(api: EpiscopeApi = defaultApi) {
  return createStore<ImportState>()((set, get) => {
    const follow = jobFollower(
      api,
      "import",
      (progress) => set({ progress }),
      () => void finish(),
    );
    const finish = async () => {
      await episodeStore.getState().loadListing();
      await datasetStore.getState().reindex().catch(() => undefined);
    };
    return {
      open: false,
      progress: null,
      error: null,
      show: () => set({ open: true }),
      hide: () => set({ open: false }),
      async start(source, outDir) {
        set({ error: null });
        try {
          follow(await api.import.start({ source, ...(outDir ? { outDir } : {}) }));
        } catch (e) {
          set({ error: errorMessage(e) });
        }
      },
      async cancel() {
        const jobId = get().progress?.jobId;
        if (!jobId) return;
        try {
          const progress = await api.import.cancel({ jobId });
          set({ progress });
        } catch (e) {
          set({ error: errorMessage(e) });
        }
      },
    };
  });
}

/** The app's import store. */
export const importStore = createImportStore();

/** Read the import state in React. */
export function useImport<T>(selector: (s: ImportState) => T): T {
  return useStore(importStore, selector);
}
