/**
 * The export dialog's state (File › Export): the request being edited, its preview (refreshed on every change), and the
 * running job's progress, from the `job.progress` events (kind `export`).
 */
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";
import type { ExportJobProgress, ExportPreview, ExportRequest } from "../../../shared/export/exportJob.ts";
import type { EpiscopeApi } from "../../../shared/ipc/contract.ts";
import { errorMessage } from "../app/errors.ts";
import { api as defaultApi } from "../ipc/api.ts";
import { jobFollower } from "./jobEvents.ts";

/** State and actions of the export dialog. */
export interface ExportState {
  open: boolean;
  request: ExportRequest;
  preview: ExportPreview | null;
  progress: ExportJobProgress | null;
  /** Why the last request was refused. */
  error: string | null;
  show(): void;
  hide(): void;
  /** Change the request and refresh the preview. */
  update(patch: Partial<ExportRequest>): void;
  start(): Promise<void>;
  cancel(): Promise<void>;
}

/** Create the store (tests pass their own api). */
export function createExportStore(api: EpiscopeApi = defaultApi) {
  return createStore<ExportState>()((set, get) => {
    let previewToken = 0;
    const refresh = async () => {
      const token = ++previewToken;
      try {
        const preview = await api.export.preview(get().request);
        if (token === previewToken) set({ preview, error: null });
      } catch (e) {
        if (token === previewToken) set({ error: errorMessage(e) });
      }
    };
    const follow = jobFollower(
      api,
      "export",
      (progress) => set({ progress }),
      () => void refresh(),
    );
    return {
      open: false,
      request: { format: "lerobot", out: "export-lerobot", status: [], outcome: [] },
      preview: null,
      progress: null,
      error: null,
      show() {
        set({ open: true });
        void refresh();
      },
      hide: () => set({ open: false }),
      update(patch) {
        const request = { ...get().request, ...patch };
        // The default output folder follows the format until the user types one.
        if (patch.format && get().request.out === `export-${get().request.format}`) request.out = `export-${patch.format}`;
        set({ request });
        void refresh();
      },
      async start() {
        set({ error: null });
        try {
          follow(await api.export.start(get().request));
        } catch (e) {
          set({ error: errorMessage(e) });
        }
      },
      async cancel() {
        const jobId = get().progress?.jobId;
        if (!jobId) return;
        try {
          set({ progress: await api.export.cancel({ jobId }) });
        } catch (e) {
          set({ error: errorMessage(e) });
        }
      },
    };
  });
}

/** The app's export store. */
export const exportStore = createExportStore();

/** Read the export state in React. */
export function useExport<T>(selector: (s: ExportState) => T): T {
  return useStore(exportStore, selector);
}
