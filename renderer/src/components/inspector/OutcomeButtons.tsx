/**
 * Outcome buttons Success/Failure/Partial/Unusable (keys 1–4), the active one `aria-pressed`; after a failed save the
 * active one is marked unsaved (hatched, "unsaved"), never shown as if it were on disk.
 */
import { OUTCOMES, type Outcome } from "../../../../shared/annotation.ts";
import { OUTCOME_KEYS } from "../../keyboard/keymap.ts";
import { annotationStore, useAnnotation } from "../../stores/annotation.ts";
import { selectCanEdit, selectOutcome, selectUnsaved } from "../../stores/selectors.ts";

const LABELS: Record<Outcome, string> = { success: "Success", failure: "Failure", partial: "Partial", unusable: "Unusable" };

/** The outcome picker. */
export function OutcomeButtons() {
  const outcome = useAnnotation(selectOutcome);
  const canEdit = useAnnotation(selectCanEdit);
  const unsaved = useAnnotation(selectUnsaved);
  return (
    <div className="outcomes" role="group" aria-label="Outcome">
      {OUTCOMES.map((o) => (
        <button
          key={o}
          type="button"
          className={`outcome outcome-${o}`}
          aria-pressed={outcome === o}
          data-unsaved={unsaved && outcome === o ? "true" : undefined}
          aria-keyshortcuts={OUTCOME_KEYS[o]}
          disabled={!canEdit}
          onClick={() => annotationStore.getState().setOutcome(o)}
        >
          <kbd aria-hidden="true">{OUTCOME_KEYS[o]}</kbd>
          {LABELS[o]}
          {unsaved && outcome === o && <span className="unsaved-mark">unsaved</span>}
        </button>
      ))}
    </div>
  );
}
