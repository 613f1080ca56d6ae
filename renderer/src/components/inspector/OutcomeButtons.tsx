/** Outcome buttons Success/Failure/Partial/Unusable (keys 1–4), the active one `aria-pressed`. */
import { OUTCOMES, type Outcome } from "../../../../shared/annotation.ts";
import { OUTCOME_KEYS } from "../../keyboard/keymap.ts";
import { annotationStore, useAnnotation } from "../../stores/annotation.ts";
import { selectCanEdit, selectOutcome } from "../../stores/selectors.ts";

const LABELS: Record<Outcome, string> = { success: "Success", failure: "Failure", partial: "Partial", unusable: "Unusable" };

/** The outcome picker. */
export function OutcomeButtons() {
  const outcome = useAnnotation(selectOutcome);
  const canEdit = useAnnotation(selectCanEdit);
  return (
    <div className="outcomes" role="group" aria-label="Outcome">
      {OUTCOMES.map((o) => (
        <button
          key={o}
          type="button"
          className={`outcome outcome-${o}`}
          aria-pressed={outcome === o}
          aria-keyshortcuts={OUTCOME_KEYS[o]}
          disabled={!canEdit}
          onClick={() => annotationStore.getState().setOutcome(o)}
        >
          <kbd aria-hidden="true">{OUTCOME_KEYS[o]}</kbd>
          {LABELS[o]}
        </button>
      ))}
    </div>
  );
}
