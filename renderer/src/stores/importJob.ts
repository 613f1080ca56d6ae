/**
 * The import dialog's state (File › Import): whether it is open, the job being run and its progress, polled from
 * `import.status` every 250 ms while it runs. When the job ends, the episode listing and the dataset index refresh so
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

/** How often a running import is polled (ms). */
const POLL_MS = 250;

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
    let timer: ReturnType<typeof setTimeout> | null = null;
    const finish = async () => {
      await episodeStore.getState().loadListing();
      await datasetStore.getState().reindex().catch(() => undefined);
    };
    const poll = async (jobId: string) => {
      timer = null;
      try {
        const progress = await api.import.status({ jobId });
        set({ progress });
        if (progress?.state === "running") timer = setTimeout(() => void poll(jobId), POLL_MS);
        else await finish();
      } catch (e) {
        set({ error: errorMessage(e) });
      }
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
          const progress = await api.import.start({ source, ...(outDir ? { outDir } : {}) });
          set({ progress });
          if (timer) clearTimeout(timer);
          timer = setTimeout(() => void poll(progress.jobId), POLL_MS);
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
