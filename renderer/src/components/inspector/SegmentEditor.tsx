/**
 * The segments of the review: the kind of new segments (Shift+K cycles), in/out at the playhead (I/O), every segment
 * in time order (click to select; V / Shift+V select by key), and for the selected one its kind, range, note, the
 * camera that shows it best, and Delete.
 */
import { segmentsInTimeOrder } from "../../../../shared/annotation/segments.ts";
import { formatClock } from "../../../../shared/time.ts";
import { annotationStore, useAnnotation } from "../../stores/annotation.ts";
import { useDatasetConfig } from "../../stores/annotationConfig.ts";
import { selectSegments, selectSelectedSegment } from "../../stores/annotationSelectors.ts";
import { clockStore, useClock } from "../../stores/clock.ts";
import { useEpisode } from "../../stores/episode.ts";
import { selectCameraChannels, selectCanEdit, selectDatasetRoot, selectNewSegmentKind, selectStartNs } from "../../stores/selectors.ts";
import { segmentColor } from "../timeline/segmentColors.ts";

/** The segment editor. */
export function SegmentEditor() {
  const segments = useAnnotation(selectSegments);
  const selected = useAnnotation(selectSelectedSegment);
  const newKind = useAnnotation(selectNewSegmentKind);
  const canEdit = useAnnotation(selectCanEdit);
  const startNs = useClock(selectStartNs);
  const cameras = useEpisode(selectCameraChannels);
  const config = useDatasetConfig(useEpisode(selectDatasetRoot));
  const kinds = [...new Set([...config.segmentKinds, newKind])];
  const a = () => annotationStore.getState();
  const t = (ns: bigint) => formatClock(ns - startNs);
  return (
    <div className="segment-editor" role="group" aria-label="Segments">
      <div className="row">
        <label htmlFor="segment-kind">New</label>
        <select
          id="segment-kind"
          aria-label="Kind of new segments"
          value={newKind}
          disabled={!canEdit}
          className={`kind-${newKind}`}
          onChange={(e) => {
            a().setSegmentKind(e.target.value);
            e.target.blur();
          }}
        >
          {kinds.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
        <button type="button" disabled={!canEdit} aria-keyshortcuts="I" onClick={() => a().setSegmentIn(clockStore.getState().requestNs)}>
          <kbd aria-hidden="true">I</kbd> In
        </button>
        <button type="button" disabled={!canEdit} aria-keyshortcuts="O" onClick={() => a().setSegmentOut(clockStore.getState().requestNs)}>
          <kbd aria-hidden="true">O</kbd> Out
        </button>
      </div>
      {segments.length === 0 ? (
        <p className="muted small">No segments. Press I at a segment's start and O at its end, or drag on the Segments tier.</p>
      ) : (
        <ul className="segment-list" aria-label="Segment list">
          {segmentsInTimeOrder(segments).map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className="segment-item"
                data-testid="segment"
                data-kind={s.kind}
                aria-pressed={s.id === selected?.id}
                onClick={() => a().selectSegment(s.id === selected?.id ? null : s.id)}
              >
                <span className="swatch" style={{ background: segmentColor(s.kind) }} aria-hidden="true" />
                <span className="segment-kind">{s.kind}</span>
                <span data-testid="segment-start">{t(s.startNs)}</span>–<span data-testid="segment-end">{t(s.endNs)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {selected && (
        <div className="segment-detail" role="group" aria-label="Selected segment" data-testid="selected-segment">
          <div className="row">
            <label htmlFor="selected-segment-kind">Kind</label>
            <select
              id="selected-segment-kind"
              aria-label="Selected segment kind"
              value={selected.kind}
              disabled={!canEdit}
              onChange={(e) => {
                a().updateSegment(selected.id, { kind: e.target.value });
                e.target.blur();
              }}
            >
              {[...new Set([...kinds, selected.kind])].map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </div>
          <dl className="segment-times">
            <dt>Start</dt>
            <dd>{t(selected.startNs)}</dd>
            <dt>End</dt>
            <dd>{t(selected.endNs)}</dd>
            <dt>Length</dt>
            <dd>{formatClock(selected.endNs - selected.startNs)}</dd>
          </dl>
          <div className="row">
            <label htmlFor="selected-segment-camera">Best camera</label>
            <select
              id="selected-segment-camera"
              aria-label="Best camera"
              value={selected.camera ?? ""}
              disabled={!canEdit}
              onChange={(e) => {
                a().updateSegment(selected.id, { camera: e.target.value === "" ? null : e.target.value });
                e.target.blur();
              }}
            >
              <option value="">(none)</option>
              {[...new Set([...cameras.map((c) => c.topic), ...(selected.camera ? [selected.camera] : [])])].map((topic) => (
                <option key={topic} value={topic}>
                  {topic}
                </option>
              ))}
            </select>
          </div>
          <input
            type="text"
            className="note-field"
            aria-label="Segment note"
            placeholder="Segment note"
            value={selected.note}
            disabled={!canEdit}
            onChange={(e) => a().updateSegment(selected.id, { note: e.target.value }, `segment-note-${selected.id}`)}
            onBlur={() => a().sealHistory()}
            onKeyDown={(e) => {
              if (e.key === "Enter" || e.key === "Escape") e.currentTarget.blur();
            }}
          />
          <div className="row">
            <button type="button" disabled={!canEdit} onClick={() => a().deleteSegment()} aria-label="Delete segment" aria-keyshortcuts="Delete">
              Delete
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
