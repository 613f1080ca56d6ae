/**
 * The "Segments" tier: one lane per segment kind (the dataset config's kinds and any other kind in the document), each
 * segment drawn where it lies on the timeline's time axis. Drag on an empty lane to create a segment of that kind, drag
 * a segment's edge to resize it or its body to move it (each drag is one undo step), click to select it (the inspector
 * shows its note and best camera); a click on empty space seeks.
 */
import { useRef } from "react";
import { addSegment, dragSegmentRange, type SegmentDragMode } from "../../../../shared/annotation/segments.ts";
import type { Segment } from "../../../../shared/annotation.ts";
import { formatClock } from "../../../../shared/time.ts";
import { annotationStore, newSegmentId, useAnnotation } from "../../stores/annotation.ts";
import { selectOpenSegmentId, selectSegments, selectSelectedSegmentId } from "../../stores/annotationSelectors.ts";
import { clockStore } from "../../stores/clock.ts";
import { selectCanEdit } from "../../stores/selectors.ts";
import { segmentColor } from "./segmentColors.ts";
import { nsOfPixels, percentOfTime, timeOfClientX } from "./timeAxis.ts";

/** Props of the segments tier. */
export interface SegmentsTierProps {
  startNs: bigint;
  endNs: bigint;
  /** Lanes in order: the config's segment kinds. */
  kinds: readonly string[];
}

/** Pixels the pointer must move before a press becomes a drag. */
const DRAG_SLOP_PX = 3;

interface Drag {
  pointerId: number;
  startX: number;
  /** Time under the pointer when pressed (ns). */
  t0: bigint;
  kind: string;
  mode: SegmentDragMode | "create";
  id: string | null;
  origin: { startNs: bigint; endNs: bigint };
  group: string;
  moved: boolean;
}

let dragCounter = 0;

/** The segments tier. */
export function SegmentsTier({ startNs, endNs, kinds }: SegmentsTierProps) {
  const segments = useAnnotation(selectSegments);
  const selectedId = useAnnotation(selectSelectedSegmentId);
  const openId = useAnnotation(selectOpenSegmentId);
  const canEdit = useAnnotation(selectCanEdit);
  const drag = useRef<Drag | null>(null);
  const lanes = [...kinds, ...new Set(segments.map((s) => s.kind).filter((k) => !kinds.includes(k)))];
  const store = () => annotationStore.getState();

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    const lane = (e.target as HTMLElement).closest<HTMLElement>("[data-lane]");
    const track = e.currentTarget;
    if (!lane) return;
    const box = track.getBoundingClientRect();
    const segEl = (e.target as HTMLElement).closest<HTMLElement>("[data-segment-id]");
    const seg = segEl ? segments.find((s) => s.id === segEl.dataset.segmentId) : undefined;
    const edge = (e.target as HTMLElement).dataset.edge as "start" | "end" | undefined;
    drag.current = {
      pointerId: e.pointerId,
      startX: e.clientX,
      t0: timeOfClientX(e.clientX, box, startNs, endNs),
      kind: lane.dataset.lane!,
      mode: seg ? (edge ?? "move") : "create",
      id: seg?.id ?? null,
      origin: seg ? { startNs: seg.startNs, endNs: seg.endNs } : { startNs: 0n, endNs: 0n },
      group: `segment-drag-${++dragCounter}`,
      moved: false,
    };
    if (seg) store().selectSegment(seg.id);
    track.setPointerCapture(e.pointerId);
    e.preventDefault();
  };

  const onPointerMove = (e: React.PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId || !canEdit) return;
    const dx = e.clientX - d.startX;
    if (!d.moved && Math.abs(dx) < DRAG_SLOP_PX) return;
    d.moved = true;
    const box = e.currentTarget.getBoundingClientRect();
    if (d.mode === "create") {
      const t = timeOfClientX(e.clientX, box, startNs, endNs);
      if (d.id === null) {
        const id = newSegmentId();
        d.id = id;
        const segment: Segment = { id, kind: d.kind, startNs: d.t0, endNs: t, note: "", camera: null };
        store().edit((doc) => addSegment(doc, segment), d.group);
        store().selectSegment(id);
      } else store().setSegmentRange(d.id, d.t0, t, d.group);
      return;
    }
    const range = dragSegmentRange(d.origin, d.mode, nsOfPixels(dx, box.width, startNs, endNs), startNs, endNs);
    store().setSegmentRange(d.id!, range.startNs, range.endNs, d.group);
  };

  const onPointerUp = (e: React.PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    drag.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    if (d.moved) store().sealHistory();
    else if (d.mode === "create") {
      store().selectSegment(null);
      clockStore.getState().seek(d.t0);
    }
  };

  return (
    <div
      className="segments-tier"
      role="group"
      aria-label="Segments; drag on a lane to create, drag edges to resize"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
    >
      {lanes.map((kind) => (
        <div key={kind} className="segment-lane" data-lane={kind}>
          <span className="lane-name" aria-hidden="true">
            {kind}
          </span>
          {segments
            .filter((s) => s.kind === kind)
            .map((s) => (
              <div
                key={s.id}
                className="segment-block"
                data-segment-id={s.id}
                data-kind={s.kind}
                data-selected={s.id === selectedId ? "true" : "false"}
                data-open={s.id === openId ? "true" : "false"}
                title={`${s.kind} ${formatClock(s.startNs - startNs)}–${formatClock(s.endNs - startNs)}${s.note ? ` · ${s.note}` : ""}`}
                aria-label={`${s.kind} segment ${formatClock(s.startNs - startNs)} to ${formatClock(s.endNs - startNs)}`}
                style={{
                  left: percentOfTime(s.startNs, startNs, endNs),
                  width: `calc(${percentOfTime(s.endNs - s.startNs + startNs, startNs, endNs)} + 2px)`,
                  background: segmentColor(s.kind, s.id === selectedId ? 0.75 : 0.45),
                  borderColor: segmentColor(s.kind),
                }}
              >
                <span className="segment-edge" data-edge="start" />
                <span className="segment-edge segment-edge-end" data-edge="end" />
              </div>
            ))}
        </div>
      ))}
    </div>
  );
}
