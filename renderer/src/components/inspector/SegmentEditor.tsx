/** The review segment (failure or recovery): kind, in/out at the playhead (I/O), start/end, delete. */
import { PRIMARY_SEGMENT_KINDS, type PrimarySegmentKind } from "../../../../shared/playback/segmentEdit.ts";
import { formatClock } from "../../../../shared/time.ts";
import { annotationStore, useAnnotation } from "../../stores/annotation.ts";
import { clockStore, useClock } from "../../stores/clock.ts";
import { selectCanEdit, selectNewSegmentKind, selectPrimarySegment, selectStartNs } from "../../stores/selectors.ts";

/** The segment editor. */
export function SegmentEditor() {
  const segment = useAnnotation(selectPrimarySegment);
  const newKind = useAnnotation(selectNewSegmentKind);
  const canEdit = useAnnotation(selectCanEdit);
  const startNs = useClock(selectStartNs);
  const a = () => annotationStore.getState();
  const kind = (segment?.kind as PrimarySegmentKind | undefined) ?? newKind;
  return (
    <div className="segment-editor" role="group" aria-label="Segment">
      <div className="row">
        <label htmlFor="segment-kind">Kind</label>
        <select
          id="segment-kind"
          aria-label="Segment kind"
          value={kind}
          disabled={!canEdit}
          className={`kind-${kind}`}
          onChange={(e) => {
            a().setSegmentKind(e.target.value as PrimarySegmentKind);
            e.target.blur();
          }}
        >
          {PRIMARY_SEGMENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </div>
      <div className="row">
        <button type="button" disabled={!canEdit} aria-keyshortcuts="I" onClick={() => a().setSegmentIn(clockStore.getState().requestNs)}>
          <kbd aria-hidden="true">I</kbd> Set in
        </button>
        <button type="button" disabled={!canEdit} aria-keyshortcuts="O" onClick={() => a().setSegmentOut(clockStore.getState().requestNs)}>
          <kbd aria-hidden="true">O</kbd> Set out
        </button>
        <button type="button" disabled={!canEdit || !segment} onClick={() => a().deleteSegment()} aria-label="Delete segment">
          Delete
        </button>
      </div>
      {segment ? (
        <dl className="segment-times" data-testid="segment" data-kind={segment.kind}>
          <dt>Start</dt>
          <dd data-testid="segment-start">{formatClock(segment.startNs - startNs)}</dd>
          <dt>End</dt>
          <dd data-testid="segment-end">{formatClock(segment.endNs - startNs)}</dd>
          <dt>Length</dt>
          <dd>{formatClock(segment.endNs - segment.startNs)}</dd>
        </dl>
      ) : (
        <p className="muted small">No segment. Press I at its start and O at its end.</p>
      )}
    </div>
  );
}
