/** Score 1–5 buttons (keys Shift+1 … Shift+5), the active one `aria-pressed`; clicking it again clears the score. */
import { SCORE_KEYS } from "../../keyboard/keymap.ts";
import { annotationStore, useAnnotation } from "../../stores/annotation.ts";
import { selectCanEdit } from "../../stores/selectors.ts";

const SCORES = [1, 2, 3, 4, 5] as const;

/** The score picker. */
export function ScoreButtons() {
  const score = useAnnotation((s) => s.document?.review.score ?? null);
  const canEdit = useAnnotation(selectCanEdit);
  return (
    <div className="scores" role="group" aria-label="Score">
      {SCORES.map((n, i) => (
        <button
          key={n}
          type="button"
          className="score"
          aria-label={`Score ${n}`}
          aria-pressed={score === n}
          aria-keyshortcuts={SCORE_KEYS[i]}
          title={`Score ${n} (${SCORE_KEYS[i]})`}
          disabled={!canEdit}
          onClick={() => annotationStore.getState().setScore(score === n ? null : n)}
        >
          {n}
        </button>
      ))}
    </div>
  );
}
