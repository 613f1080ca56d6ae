/**
 * The audit's suggested segments of the open episode (hesitation, idle stretch, action spike), drawn as dashed blocks
 * under the segment lanes. `y` accepts the suggestion at the playhead (or the next one): it becomes an ordinary
 * segment of its kind in the current layer (one undo step); Shift+Y dismisses it for this session. Nothing is written
 * until a suggestion is accepted. `q` switches the review queue between list order and triage order.
 */
import { useEffect, useMemo } from "react";
import { openSuggestions, suggestionAt, type Suggestion } from "../../../../shared/audit/suggestions.ts";
import { formatClock } from "../../../../shared/time.ts";
import { useCommand } from "../../keyboard/commandRegistry.ts";
import { player } from "../../app/player.ts";
import { annotationStore, newSegmentId, useAnnotation } from "../../stores/annotation.ts";
import { selectSegments } from "../../stores/annotationSelectors.ts";
import { auditEpisode, auditStore, suggestionKey, useAudit } from "../../stores/audit.ts";
import { clockStore } from "../../stores/clock.ts";
import { useDataset } from "../../stores/dataset.ts";
import { useEpisode } from "../../stores/episode.ts";
import { selectCanEdit, selectCurrentPath } from "../../stores/selectors.ts";
import { toggleTriageOrder } from "../dataset/TriageView.tsx";
import { segmentColor } from "./segmentColors.ts";
import { percentOfTime } from "./timeAxis.ts";

const GROUP = "Suggested segments";

/** Accept `s` into the current layer as an ordinary segment (one undo step) and select it. */
function accept(s: Suggestion): void {
  annotationStore.getState().addSegment({ id: newSegmentId(), kind: s.kind, startNs: s.startNs, endNs: s.endNs, note: "suggested by the audit", camera: null });
}

/** The suggestions row and its keys. */
export function SuggestionsRow({ startNs, endNs }: { startNs: bigint; endNs: bigint }) {
  const path = useEpisode(selectCurrentPath);
  const entry = useAudit((s) => auditEpisode(s, path));
  const dismissed = useAudit((s) => s.dismissed);
  const hasReport = useAudit((s) => s.report !== null);
  const indexing = useDataset((s) => s.progress?.state === "running");
  const segments = useAnnotation(selectSegments);
  const canEdit = useAnnotation(selectCanEdit);
  useEffect(() => {
    if (hasReport || indexing) return;
    // The audit reads every episode's measures on the Node side: not while the open episode's pictures are coming.
    let live = true;
    void player.whenShown().then(() => {
      if (live && !auditStore.getState().report && !auditStore.getState().loading) void auditStore.getState().load();
    });
    return () => {
      live = false;
    };
  }, [hasReport, indexing]);
  const open = useMemo(
    () => (entry && path ? openSuggestions(entry.suggested, segments, (s) => dismissed.has(suggestionKey(path, s))) : []),
    [entry, path, segments, dismissed],
  );
  const current = () => suggestionAt(open, clockStore.getState().tNs);
  useCommand("suggestion.accept", "Accept the suggested segment at the playhead (or the next one)", GROUP, () => {
    const s = current();
    if (s && canEdit) accept(s);
  });
  useCommand("suggestion.dismiss", "Dismiss the suggested segment at the playhead (or the next one)", GROUP, () => {
    const s = current();
    if (s && path) auditStore.getState().dismiss(path, s.source);
  });
  useCommand("review.triageOrder", "Switch the review queue between list order and triage order", "Review queue", toggleTriageOrder);
  if (open.length === 0) return null;
  return (
    <div className="suggestions-row" role="group" aria-label={`Suggested segments (${open.length}): y accepts, Shift+Y dismisses`}>
      <span className="lane-name" aria-hidden="true">
        suggested
      </span>
      {open.map((s) => (
        <button
          type="button"
          key={`${s.kind}-${s.startNs}`}
          className="suggestion-block"
          data-kind={s.kind}
          title={`Suggested ${s.kind} ${formatClock(s.startNs - startNs)}–${formatClock(s.endNs - startNs)}: click to go there, y to accept, Shift+Y to dismiss`}
          aria-label={`suggested ${s.kind} ${formatClock(s.startNs - startNs)} to ${formatClock(s.endNs - startNs)}`}
          style={{
            left: percentOfTime(s.startNs, startNs, endNs),
            width: `calc(${percentOfTime(s.endNs - s.startNs + startNs, startNs, endNs)} + 3px)`,
            borderColor: segmentColor(s.kind),
            background: segmentColor(s.kind, 0.15),
          }}
          onClick={() => clockStore.getState().seek(s.startNs)}
        />
      ))}
    </div>
  );
}
