/** Facets of the episode list: per column, each value with its count; click to filter by it. */
import { useMemo } from "react";
import { facetCounts, type FacetKey } from "../../../../shared/dataset/rowFilter.ts";
import type { ReviewStatus } from "../../../../shared/annotation.ts";
import { datasetStore, useDataset } from "../../stores/dataset.ts";
import { STATUS_LABEL } from "./datasetFormat.ts";

const SHOWN: Array<[FacetKey, string]> = [
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
                <span className="facet-label">{key === "status" ? (STATUS_LABEL[v.value as ReviewStatus] ?? v.value) : v.value}</span>
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
