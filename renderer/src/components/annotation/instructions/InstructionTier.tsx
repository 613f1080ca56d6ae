/**
 * The Instructions tier of the timeline: the episode instruction as a span over the whole episode and each
 * per-range instruction as a span over its [startNs, endNs], labelled with its text (positioned in percent of the
 * tier's width, like the other timeline rows). Click a span to edit it in the inspector.
 */
import "../annotation.css";
import * as edit from "../../../../../shared/annotation/instructionEdit.ts";
import { useAnnotation } from "../../../stores/annotation.ts";
import { annotationUiStore, useAnnotationUi } from "../../../stores/annotationUi.ts";
import { useEpisode } from "../../../stores/episode.ts";
import { useDatasetConfig } from "../../../stores/annotationConfig.ts";
import { selectDatasetRoot, selectSummary } from "../../../stores/selectors.ts";
import { focusEpisodeInstruction } from "./InstructionPanel.tsx";

/** The Instructions tier row (reads the stores; no props). */
export function InstructionTier() {
  const doc = useAnnotation((s) => s.document);
  const summary = useEpisode(selectSummary);
  const minimum = useDatasetConfig(useEpisode(selectDatasetRoot)).paraphraseMinimum;
  const selectedId = useAnnotationUi((s) => s.selectedInstructionId);
  if (!summary || !doc) return <div className="instruction-tier" role="group" aria-label="Instructions tier" />;
  const span = Number(summary.endNs - summary.startNs);
  const episode = edit.episodeInstruction(doc);
  const ranges = edit.sortedInstructions(doc).filter((i) => i.scope !== "episode");
  return (
    <div className="instruction-tier" role="group" aria-label="Instructions tier" data-count={doc.instructions.length} data-has-ranges={ranges.length > 0 ? "true" : "false"}>
      {episode ? (
        <button
          type="button"
          className="instruction-span instruction-episode"
          aria-pressed={selectedId === null}
          data-warn={edit.paraphraseShortfall(episode, minimum) > 0 ? "true" : "false"}
          title={`${episode.text}\n${episode.paraphrases.length} paraphrase(s) · ${episode.language}`}
          onClick={() => annotationUiStore.getState().selectInstruction(null)}
        >
          {episode.flags.negative && <span className="tag">neg</span>}
          {episode.flags.ambiguous && <span className="tag">amb</span>}
          {episode.text}
          <span className="muted"> · {episode.paraphrases.length} para.</span>
        </button>
      ) : (
        <button type="button" className="instruction-span instruction-missing" onClick={focusEpisodeInstruction}>
          No episode instruction — press t
        </button>
      )}
      {span > 0 &&
        ranges.map((ins) => {
          if (ins.scope === "episode") return null;
          const left = (Number(ins.scope.startNs - summary.startNs) / span) * 100;
          const width = Math.max(0.5, (Number(ins.scope.endNs - ins.scope.startNs) / span) * 100);
          return (
            <button
              key={ins.id}
              type="button"
              className="instruction-span instruction-range"
              aria-pressed={selectedId === ins.id}
              data-warn={edit.paraphraseShortfall(ins, minimum) > 0 ? "true" : "false"}
              style={{ left: `${left.toFixed(4)}%`, width: `${width.toFixed(4)}%` }}
              title={`${ins.text}\n${ins.paraphrases.length} paraphrase(s) · ${ins.language}`}
              onClick={() => annotationUiStore.getState().selectInstruction(ins.id)}
            >
              {ins.text}
            </button>
          );
        })}
    </div>
  );
}
