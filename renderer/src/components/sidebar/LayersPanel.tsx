/**
 * The open episode's annotation layers (sidebar): each annotator's status, outcome, score and flags, which layer is
 * being edited, a button to overlay another layer beside it, and the adjudication mode (DESIGN §9): a banner that stays
 * while the lead adjudicates this dataset, its keys (Shift+A on/off, Alt+L next layer, Alt+A / Alt+O / Alt+V / Alt+C
 * adopt all / outcome / segments / chunks of the overlaid layer — one undo step each).
 */
import { useEffect } from "react";
import type { DatasetRow } from "../../../../shared/dataset/datasetRow.ts";
import { useCommand } from "../../keyboard/commandRegistry.ts";
import { bindingOf } from "../../keyboard/hotkeyTable.ts";
import { ADJUDICATED_ID, adoptOverlaid, overlayNext, toggleAdjudication, useAdjudication, watchAdjudication } from "../../stores/adjudication.ts";
import { overlayStore, useOverlay } from "../../stores/annotationOverlay.ts";
import { datasetStore, useDataset } from "../../stores/dataset.ts";
import { STATUS_LABEL } from "../dataset/datasetFormat.ts";

const GROUP = "Adjudication";

/** Register the adjudication keys and follow the dataset's mode. */
function useAdjudicationCommands(): void {
  useEffect(() => watchAdjudication(), []);
  useCommand("adjudicate.toggle", "Adjudicate this dataset: edits go to the adjudicated layer (again to leave)", GROUP, toggleAdjudication);
  useCommand("adjudicate.nextLayer", "Overlay the next annotator's layer beside the edited one", GROUP, () => overlayNext(1));
  useCommand("adjudicate.adoptAll", "Adopt every label of the overlaid layer", GROUP, () => void adoptOverlaid("all"));
  useCommand("adjudicate.adoptReview", "Adopt the overlaid layer's outcome, score, flags and note", GROUP, () => void adoptOverlaid("review"));
  useCommand("adjudicate.adoptSegments", "Adopt the overlaid layer's segments", GROUP, () => void adoptOverlaid("segments"));
  useCommand("adjudicate.adoptChunks", "Adopt the overlaid layer's action chunks", GROUP, () => void adoptOverlaid("chunks"));
}

/** The banner shown at the top of the sidebar all the time the open dataset is being adjudicated, with the queue order. */
export function AdjudicationBanner() {
  const identity = useDataset((s) => s.annotator);
  const active = useAdjudication((s) => s.active);
  const disagreementsFirst = useDataset((s) => s.disagreementsFirst);
  if (!active) return null;
  return (
    <div className="adjudication-banner" role="status" aria-label="Adjudication mode">
      <span title="Every edit and adopt goes to the adjudicated layer, whatever your name; leaving returns to your own layer">
        <b>⚖ Adjudicating</b>: edits go to the <b>adjudicated</b> layer{identity ? ` (you are ${identity})` : ""}
      </span>
      <label title="n opens the episodes where annotators disagree first">
        <input type="checkbox" checked={disagreementsFirst} onChange={(e) => datasetStore.getState().setDisagreementsFirst(e.target.checked)} /> disagreements first
      </label>
      <button type="button" className="small-button" onClick={toggleAdjudication} title={`Back to your own layer (${bindingOf("adjudicate.toggle") ?? "Shift+A"})`}>
        Leave
      </button>
    </div>
  );
}

/** The layers of `row` and the adjudication controls. */
export function LayersPanel({ row }: { row: DatasetRow | null }) {
  useAdjudicationCommands();
  const identity = useDataset((s) => s.annotator);
  const active = useAdjudication((s) => s.active);
  const overlaid = useOverlay((s) => s.annotator);
  const editing = active ? ADJUDICATED_ID : identity;
  return (
    <>
      {row && row.annotators.length > 0 && (
        <div className="layers small" aria-label="Annotation layers">
          <span className="muted">
            Layers{" "}
            <button
              type="button"
              className="text-button"
              aria-pressed={active}
              title={`write the adjudicated layer: overlay each annotator's layer, adopt the best, edit it (${bindingOf("adjudicate.toggle") ?? "Shift+A"})`}
              onClick={toggleAdjudication}
            >
              {active ? "stop adjudicating" : "adjudicate"}
            </button>
          </span>
          {row.reviews.map((r) => (
            <span key={r.annotator} className={`layer${r.annotator === editing ? " mine" : ""}`} title={r.annotator === editing ? "the layer you edit" : "another layer: read-only"}>
              <b>{r.annotator}</b>
              {r.annotator === editing ? (r.annotator === identity ? " (you, editing)" : " (editing)") : r.annotator === identity ? " (you, read-only)" : " (read-only)"}
              : {STATUS_LABEL[r.status]}
              {r.outcome ? ` · ${r.outcome}` : ""}
              {r.score ? ` · ${"★".repeat(r.score)}` : ""}
              {r.flags.length > 0 ? ` · ${r.flags.join(", ")}` : ""}
              {r.annotator !== editing && (
                <>
                  {" "}
                  <button
                    type="button"
                    className="text-button"
                    aria-pressed={overlaid === r.annotator}
                    aria-label={`Overlay ${r.annotator} on the timeline`}
                    onClick={() => overlayStore.getState().toggle(r.annotator)}
                  >
                    {overlaid === r.annotator ? "◐ overlaid" : "◐ overlay"}
                  </button>
                </>
              )}
            </span>
          ))}
        </div>
      )}
    </>
  );
}
