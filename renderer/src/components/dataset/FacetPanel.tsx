/** Facets of the episode list: per column, each value with its count; click to filter by it. */
import { useMemo } from "react";
import { facetCounts, type FacetKey } from "../../../../shared/dataset/rowFilter.ts";
import type { AgreementState, EffectiveStatus } from "../../../../shared/dataset/datasetRow.ts";
import { datasetStore, useDataset } from "../../stores/dataset.ts";
import { AGREEMENT_LABEL, STATUS_LABEL } from "./datasetFormat.ts";

const SHOWN: Array<[FacetKey, string]> = [
  ["agreement", "Annotators"],
  ["status", "Status"],
  ["outcome", "Outcome"],
  ["operator", "Operator"],
  ["task", "Task"],
  ["session", "Session"],
  ["robot", "Robot"],
  ["annotator", "Annotator"],
  ["flag", "Flags"],
  ["readable", "File"],
];

/** How a facet value reads (status and agreement values have labels). */
function facetLabel(key: FacetKey, value: string): string {
  if (key === "status") return STATUS_LABEL[value as EffectiveStatus] ?? value;
  if (key === "agreement") return AGREEMENT_LABEL[value as AgreementState] ?? value;
  return value;
}

/** The facet column. */
export function FacetPanel() {
  const rows = useDataset((s) => s.rows);
  const filter = useDataset((s) => s.filter);
  const counts = useMemo(() => facetCounts(rows, filter, SHOWN.map(([k]) => k)), [rows, filter]);
  return (
    <aside className="facets" aria-label="Facets">
      {SHOWN.map(([key, title]) => {
        const values = counts[key];
        if (values.length === 0) return null;
        const selected = new Set(filter.facets[key] ?? []);
        return (
          <fieldset key={key} className="facet">
            <legend>{title}</legend>
            {values.slice(0, 30).map((v) => (
              <label key={v.value} className="facet-value">
                <input type="checkbox" checked={selected.has(v.value)} onChange={() => datasetStore.getState().toggleFacet(key, v.value)} />
                <span className="facet-label">{facetLabel(key, v.value)}</span>
                <span className="muted">{v.count}</span>
              </label>
            ))}
            {values.length > 30 && <span className="muted small">+{values.length - 30} more (use the filter)</span>}
          </fieldset>
        );
      })}
    </aside>
  );
}
