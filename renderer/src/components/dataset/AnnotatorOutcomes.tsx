/**
 * Every annotator's outcome of an episode, side by side (`alice failure · bob success`), so a disagreement shows in
 * the episode list and the table; the adjudicated layer, when present, is marked ⚖.
 */
import type { DatasetRow } from "../../../../shared/dataset/datasetRow.ts";
import { ADJUDICATED_ANNOTATOR } from "../../../../shared/dataset/datasetRow.ts";
import { OUTCOME_COLOR, STATUS_LABEL } from "./datasetFormat.ts";

/** The outcomes of `row.reviews`; nothing when no layer exists. */
export function AnnotatorOutcomes({ row }: { row: DatasetRow }) {
  if (row.reviews.length === 0) return null;
  const title = row.reviews.map((r) => `${r.annotator}: ${STATUS_LABEL[r.status]}${r.outcome ? `, ${r.outcome}` : ""}`).join("\n");
  return (
    <span className={`annotator-outcomes${row.conflict ? " conflict" : ""}`} title={title} aria-label={`Annotators: ${title.replace(/\n/g, "; ")}`}>
      {row.reviews.map((r, i) => (
        <span key={r.annotator} className="annotator-outcome" data-annotator={r.annotator} data-outcome={r.outcome ?? ""}>
          {i > 0 && <span className="muted"> · </span>}
          {r.annotator === ADJUDICATED_ANNOTATOR ? "⚖ " : ""}
          {r.annotator} <span style={{ color: r.outcome ? OUTCOME_COLOR[r.outcome] : undefined }}>{r.outcome ?? "–"}</span>
        </span>
      ))}
    </span>
  );
}
