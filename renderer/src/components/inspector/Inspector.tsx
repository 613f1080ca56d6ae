/** The right-hand inspector: outcome, score, quality flags, note, segment, undo/redo and save state, episode facts, channels, problems. */
import "./quality.css";
import { AnnotationInspectorSections } from "../annotation/AnnotationInspectorSections.tsx";
import { useAnnotation } from "../../stores/annotation.ts";
import { useEpisode } from "../../stores/episode.ts";
import { selectAnnotationLoadError, selectSummary } from "../../stores/selectors.ts";
import { ChannelList } from "./ChannelList.tsx";
import { EpisodeFacts } from "./EpisodeFacts.tsx";
import { HistoryButtons } from "./HistoryButtons.tsx";
import { NoteField } from "./NoteField.tsx";
import { OutcomeButtons } from "./OutcomeButtons.tsx";
import { ProblemList } from "./ProblemList.tsx";
import { QualityFlags } from "./QualityFlags.tsx";
import { SaveIndicator } from "./SaveIndicator.tsx";
import { ScoreButtons } from "./ScoreButtons.tsx";
import { SegmentEditor } from "./SegmentEditor.tsx";

/** The inspector panel. */
export function Inspector() {
  const loadError = useAnnotation(selectAnnotationLoadError);
  const summary = useEpisode(selectSummary);
  return (
    <aside className="inspector" aria-label="Inspector">
      <section className="inspector-section" aria-labelledby="h-outcome">
        <h2 id="h-outcome">Outcome</h2>
        <OutcomeButtons />
      </section>
      <section className="inspector-section" aria-labelledby="h-quality">
        <h2 id="h-quality">Quality</h2>
        <ScoreButtons />
        <QualityFlags />
        <NoteField />
        <p className="key-hint">Score: Shift+1 … Shift+5 · Undo: Ctrl+Z · Redo: Ctrl+Shift+Z or Ctrl+Y</p>
      </section>
      <section className="inspector-section" aria-labelledby="h-segment">
        <h2 id="h-segment">Segments</h2>
        <SegmentEditor />
      </section>
      <AnnotationInspectorSections />
      <section className="inspector-section" aria-labelledby="h-save">
        <h2 id="h-save">Annotation</h2>
        <SaveIndicator />
        <HistoryButtons />
        {loadError && (
          <p role="alert" className="error-text">
            Could not load the annotation: {loadError}. Editing is off so nothing is overwritten.
          </p>
        )}
      </section>
      {summary && (
        <section className="inspector-section" aria-label="Episode">
          <EpisodeFacts />
          <ProblemList />
          <ChannelList />
        </section>
      )}
    </aside>
  );
}
