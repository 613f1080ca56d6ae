/**
 * The lead's audit in the renderer: the report the Node side builds from what indexing measured (`dataset.audit`),
 * the reviewer's dismissed suggestions (this session only: a suggestion is never written anywhere until accepted), and
 * the actions of the Triage view, the Audit screen and the timeline's suggested segments.
 */
import { useStore } from "zustand";
import { createStore, type StoreApi } from "zustand/vanilla";
import type { AuditEpisode, AuditReport } from "../../../shared/audit/auditReport.ts";
import type { SuggestedSegment } from "../../../shared/audit/episodeMetrics.ts";
import type { EpiscopeApi } from "../../../shared/ipc/contract.ts";
import { errorMessage } from "../app/errors.ts";
import { api as defaultApi } from "../ipc/api.ts";

/** State and actions of the audit store. */
export interface AuditState {
  report: AuditReport | null;
  loading: boolean;
  error: string | null;
  /** Facet the Audit screen groups by. */
  facet: string;
  /** Keys (`path|kind|startNs`) of dismissed suggestions. */
  dismissed: ReadonlySet<string>;
  /** Fetch the report (after indexing). */
  load(): Promise<void>;
  setFacet(facet: string): void;
  dismiss(path: string, s: SuggestedSegment): void;
}

/** Key of a suggestion of an episode. */
export const suggestionKey = (path: string, s: SuggestedSegment) => `${path}|${s.kind}|${s.startNs}`;

/** Create an audit store talking to `api`. */
export function createAuditStore(api: EpiscopeApi = defaultApi): StoreApi<AuditState> {
  return createStore<AuditState>()((set, get) => ({
    report: null,
    loading: false,
    error: null,
    facet: "operator",
    dismissed: new Set(),
    async load() {
      set({ loading: true, error: null });
      try {
        const report = await api.dataset.audit({});
        set({ report, loading: false });
      } catch (e) {
        set({ error: errorMessage(e), loading: false });
      }
    },
    setFacet(facet) {
      set({ facet });
    },
    dismiss(path, s) {
      set({ dismissed: new Set([...get().dismissed, suggestionKey(path, s)]) });
    },
  }));
}

/** The app's audit store. */
export const auditStore = createAuditStore();

/** Read the audit store in a component. */
export function useAudit<T>(selector: (s: AuditState) => T): T {
  return useStore(auditStore, selector);
}

/** The report's entry of episode `path`, or null. */
export function auditEpisode(state: AuditState, path: string | null): AuditEpisode | null {
  return (path && state.report?.episodes.find((e) => e.path === path)) || null;
}
