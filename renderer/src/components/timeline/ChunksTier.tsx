/**
 * The "Action chunks" tier: the parent levels (task, subtask) as thin rows, the primitive level as labelled blocks,
 * the robot events the boundaries snap to as ticks along its bottom edge, and a handle on every boundary of the
 * primitive level: drag it to move the boundary (snapped to the nearest event within the tolerance; one undo step).
 * A click on a chunk seeks there. The chunk under the playhead (the one S and P act on) is outlined, outside React.
 */
import { useEffect, useRef } from "react";
import { chunkBoundaries, editableChunkAt, levelCount, moveBoundarySnapped, primitiveLevel, type SnapTargets } from "../../../../shared/annotation/chunkEdit.ts";
import { chunksAtLevel } from "../../../../shared/annotation/chunks.ts";
import type { RobotEvent } from "../../../../shared/annotation/robotEvents.ts";
import { formatClock } from "../../../../shared/time.ts";
import { annotationStore, useAnnotation } from "../../stores/annotation.ts";
import { selectChunks } from "../../stores/annotationSelectors.ts";
import { clockStore, subscribeTime } from "../../stores/clock.ts";
import { selectCanEdit } from "../../stores/selectors.ts";
import { RobotEventTicks } from "./RobotEventTicks.tsx";
import { primitiveColor } from "./segmentColors.ts";
import { fractionOfTime, percentOfTime, timeOfClientX } from "./timeAxis.ts";

/** Props of the chunks tier. */
export interface ChunksTierProps {
  startNs: bigint;
  endNs: bigint;
  events: readonly RobotEvent[];
  snap: SnapTargets;
}

let dragCounter = 0;

/** The action chunks tier. */
export function ChunksTier({ startNs, endNs, events, snap }: ChunksTierProps) {
  const chunks = useAnnotation(selectChunks);
  const canEdit = useAnnotation(selectCanEdit);
  const drag = useRef<{ pointerId: number; leftId: string; group: string; moved: boolean } | null>(null);
  const rowRef = useRef<HTMLDivElement>(null);

  // Mark the chunk under the playhead (data-current) as the clock moves, without re-rendering.
  useEffect(() => {
    let current: string | null = null;
    const mark = (t: bigint) => {
      const id = editableChunkAt(chunks, t)?.id ?? null;
      if (id === current) return;
      current = id;
      for (const el of rowRef.current?.querySelectorAll<HTMLElement>("[data-chunk-id]") ?? []) {
        el.dataset.current = el.dataset.chunkId === id ? "true" : "false";
      }
    };
    mark(clockStore.getState().requestNs);
    return subscribeTime((t) => mark(t));
  }, [chunks]);
  const deepest = primitiveLevel(chunks);
  const parents = Array.from({ length: Math.max(0, levelCount(chunks) - 1) }, (_, level) => chunksAtLevel(chunks, level));
  const row = chunksAtLevel(chunks, deepest);
  const boundaries = chunkBoundaries(chunks, deepest);
  const width = (a: bigint, b: bigint) => `${((fractionOfTime(b, startNs, endNs) - fractionOfTime(a, startNs, endNs)) * 100).toFixed(4)}%`;

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    const handle = (e.target as HTMLElement).closest<HTMLElement>("[data-boundary]");
    if (!handle) {
      clockStore.getState().seek(timeOfClientX(e.clientX, e.currentTarget.getBoundingClientRect(), startNs, endNs));
      return;
    }
    if (!canEdit) return;
    drag.current = { pointerId: e.pointerId, leftId: handle.dataset.boundary!, group: `chunk-boundary-${++dragCounter}`, moved: false };
    e.currentTarget.setPointerCapture(e.pointerId);
    e.preventDefault();
  };
  const onPointerMove = (e: React.PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    const t = timeOfClientX(e.clientX, e.currentTarget.getBoundingClientRect(), startNs, endNs);
    d.moved = true;
    annotationStore.getState().edit((doc) => {
      const next = moveBoundarySnapped(doc.chunks, d.leftId, t, snap);
      return next === doc.chunks ? doc : { ...doc, chunks: next };
    }, d.group);
  };
  const onPointerUp = (e: React.PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    drag.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    if (d.moved) annotationStore.getState().sealHistory();
  };

  return (
    <div
      className="chunks-tier"
      role="group"
      aria-label="Action chunks; drag a boundary to move it"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
    >
      {parents.map((level, i) => (
        <div key={i} className="chunk-parent-row" data-level={i}>
          {level.map((c) => (
            <div
              key={c.id}
              className="chunk-parent"
              title={`${c.primitive} ${formatClock(c.startNs - startNs)}–${formatClock(c.endNs - startNs)}`}
              style={{ left: percentOfTime(c.startNs, startNs, endNs), width: width(c.startNs, c.endNs), background: primitiveColor(c.primitive, 0.7) }}
            />
          ))}
        </div>
      ))}
      <div className="chunk-row" data-level={deepest} ref={rowRef}>
        {row.length === 0 && <span className="chunk-empty">No chunks yet: S splits the episode at the playhead, P picks the primitive.</span>}
        {row.map((c) => (
          <div
            key={c.id}
            className="chunk-block"
            data-testid="chunk"
            data-chunk-id={c.id}
            data-primitive={c.primitive}
            title={`${c.primitive} ${formatClock(c.startNs - startNs)}–${formatClock(c.endNs - startNs)}`}
            style={{ left: percentOfTime(c.startNs, startNs, endNs), width: width(c.startNs, c.endNs), background: primitiveColor(c.primitive, 0.5), borderColor: primitiveColor(c.primitive) }}
          >
            <span className="chunk-label">{c.primitive}</span>
          </div>
        ))}
        {boundaries.map((b) => (
          <div
            key={b.leftId}
            className="chunk-boundary"
            data-boundary={b.leftId}
            data-t-ns={b.tNs.toString()}
            title={`Boundary at ${formatClock(b.tNs - startNs)}; drag to move (snaps to robot events)`}
            style={{ left: percentOfTime(b.tNs, startNs, endNs) }}
          />
        ))}
        <RobotEventTicks events={events} startNs={startNs} endNs={endNs} />
      </div>
    </div>
  );
}
