/** The right-hand inspector: outcome, segment, save state, episode facts, channels, problems. */
import { useAnnotation } from "../../stores/annotation.ts";
import { useEpisode } from "../../stores/episode.ts";
import { selectAnnotationLoadError, selectSummary } from "../../stores/selectors.ts";
import { ChannelList } from "./ChannelList.tsx";
import { EpisodeFacts } from "./EpisodeFacts.tsx";
import { OutcomeButtons } from "./OutcomeButtons.tsx";
import { ProblemList } from "./ProblemList.tsx";
import { SaveIndicator } from "./SaveIndicator.tsx";
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
      <section className="inspector-section" aria-labelledby="h-segment">
        <h2 id="h-segment">Segment</h2>
        <SegmentEditor />
      </section>
      <section className="inspector-section" aria-labelledby="h-save">
        <h2 id="h-save">Annotation</h2>
        <SaveIndicator />
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
