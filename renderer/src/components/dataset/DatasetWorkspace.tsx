/**
 * The dataset workspace shown over the review screen: the full episode table, the overview or the lead's agreement
 * screen, with the filter bar,
 * facets, queue position, indexing progress and the metadata editor. Escape (outside inputs) goes back to the review.
 */
import { useEffect, useState } from "react";
import { formatPosition, queuePosition } from "../../../../shared/dataset/reviewQueue.ts";
import { datasetStore, useDataset } from "../../stores/dataset.ts";
import { AuditScreen } from "./AuditScreen.tsx";
import { AgreementScreen } from "./AgreementScreen.tsx";
import { DatasetOverview } from "./DatasetOverview.tsx";
import { DatasetTable } from "./DatasetTable.tsx";
import { FacetPanel } from "./FacetPanel.tsx";
import { FilterBar } from "./FilterBar.tsx";
import { IndexProgressBar } from "./IndexProgressBar.tsx";
import { MetadataEditor, MetadataTableButtons } from "./MetadataEditor.tsx";
import { TriageView } from "./TriageView.tsx";
import "./dataset.css";
import "./audit.css";

const TABS = [
  ["table", "Episodes"],
  ["overview", "Overview"],
  ["agreement", "Agreement"],
  ["triage", "Triage"],
  ["audit", "Audit"],
] as const;
const VIEW_LABEL = { review: "Review", table: "Dataset table", overview: "Dataset overview", agreement: "Annotator agreement", triage: "Triage", audit: "Audit" } as const;

/** The overlay, or nothing in review view. */
export function DatasetWorkspace() {
  const view = useDataset((s) => s.view);
  const visible = useDataset((s) => s.visible);
  const total = useDataset((s) => s.rows.length);
  const root = useDataset((s) => s.root);
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => {
    if (view === "review") return;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLInputElement | null;
      const typing = t && (t.tagName === "TEXTAREA" || t.tagName === "SELECT" || (t.tagName === "INPUT" && t.type !== "checkbox" && t.type !== "radio"));
      if (e.key === "Escape" && !typing) datasetStore.getState().setView("review");
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [view]);
  if (view === "review") return null;
  const position = queuePosition(visible);
  return (
    <section className="dataset-workspace" aria-label={VIEW_LABEL[view]}>
      <header className="workspace-header">
        <div className="tabs" role="tablist">
          {TABS.map(([v, label]) => (
            <button key={v} type="button" role="tab" aria-selected={view === v} onClick={() => datasetStore.getState().setView(v)}>
              {label}
            </button>
          ))}
        </div>
        <span className="workspace-title" title={root ?? ""}>
          {root?.split(/[\\/]/).filter(Boolean).pop() ?? "Dataset"} · {visible.length === total ? `${total} episodes` : `${visible.length} of ${total} episodes`} ·{" "}
          <b className="queue-position">{formatPosition(position)}</b>
        </span>
        <IndexProgressBar />
        <button type="button" className="small-button" onClick={() => datasetStore.getState().setView("review")} title="Back to the review (Esc)">
          Close ✕
        </button>
      </header>
      {view === "agreement" ? (
        <div className="workspace-body">
          <AgreementScreen />
        </div>
      ) : (
        <>
      <div className="workspace-filter">
        <FilterBar />
        <MetadataTableButtons />
      </div>
      <div className="workspace-body">
        <FacetPanel />
        {view === "table" ? (
          <DatasetTable selected={selected} onSelect={setSelected} />
        ) : view === "triage" ? (
          <TriageView />
        ) : view === "audit" ? (
          <AuditScreen />
        ) : (
          <DatasetOverview />
        )}
        {view === "table" && selected && <MetadataEditor path={selected} />}
      </div>
        </>
      )}
    </section>
  );
}
