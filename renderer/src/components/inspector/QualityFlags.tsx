/** Quality flags as toggle chips: the dataset config's vocabulary, plus any flag the document already holds. */
import { annotationStore, useAnnotation } from "../../stores/annotation.ts";
import { useDatasetFlags } from "../../stores/annotationConfig.ts";
import { useEpisode } from "../../stores/episode.ts";
import { selectCanEdit } from "../../stores/selectors.ts";

const NO_FLAGS: readonly string[] = [];

/** The flag chips. */
export function QualityFlags() {
  const root = useEpisode((s) => s.listing?.root ?? null);
  const vocabulary = useDatasetFlags(root);
  const active = useAnnotation((s) => s.document?.review.flags ?? NO_FLAGS);
  const canEdit = useAnnotation(selectCanEdit);
  const shown = [...vocabulary, ...active.filter((f) => !vocabulary.includes(f))];
  return (
    <div className="flag-chips" role="group" aria-label="Quality flags">
      {shown.map((flag) => (
        <button
          key={flag}
          type="button"
          className="flag-chip"
          aria-pressed={active.includes(flag)}
          disabled={!canEdit}
          onClick={() => annotationStore.getState().toggleFlag(flag)}
        >
          {flag}
        </button>
      ))}
    </div>
  );
}
