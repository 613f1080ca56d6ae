/** The "Outcome & quality" tier: one compact strip with the outcome's colour, the score and the quality flags. */
import { useAnnotation } from "../../stores/annotation.ts";
import { selectReview } from "../../stores/annotationSelectors.ts";

/** The outcome & quality strip. */
export function QualityStrip() {
  const review = useAnnotation(selectReview);
  const outcome = review?.outcome ?? null;
  const flags = review?.flags ?? [];
  return (
    <div className="quality-strip" data-outcome={outcome ?? "none"} data-testid="quality-strip">
      <span className="quality-outcome">{outcome ?? "no outcome (1–4)"}</span>
      <span className="quality-score" aria-label={`Score ${review?.score ?? "none"}`}>
        {[1, 2, 3, 4, 5].map((n) => (
          <span key={n} className={review?.score != null && n <= review.score ? "star on" : "star"} aria-hidden="true">
            ★
          </span>
        ))}
      </span>
      <span className="quality-flags">{flags.length > 0 ? flags.join(" · ") : <span className="muted">no flags</span>}</span>
      {review?.note ? (
        <span className="quality-note" title={review.note}>
          “{review.note}”
        </span>
      ) : null}
    </div>
  );
}
