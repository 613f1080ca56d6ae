/**
 * Another annotator's layer on the timeline, read-only (toggled from the sidebar's Layers list): their outcome, score
 * and flags, segments (by kind colour), primitive action chunks and episode instruction, on the tiers' time axis.
 */
import type { Chunk } from "../../../../shared/annotation.ts";
import { chunkLevel } from "../../../../shared/annotation/chunks.ts";
import { adopt } from "../../stores/adjudication.ts";
import { overlayStore, useOverlay } from "../../stores/annotationOverlay.ts";
import { primitiveColor, segmentColor } from "./segmentColors.ts";
import { percentOfTime } from "./timeAxis.ts";

/** The overlay row (nothing when no layer is overlaid). */
export function OverlayTier({ startNs, endNs }: { startNs: bigint; endNs: bigint }) {
  const annotator = useOverlay((s) => s.annotator);
  const doc = useOverlay((s) => s.document);
  const error = useOverlay((s) => s.error);
  if (!annotator) return null;
  const span = (a: bigint, b: bigint) => ({ left: percentOfTime(a, startNs, endNs), width: `calc(${percentOfTime(b, startNs, endNs)} - ${percentOfTime(a, startNs, endNs)})` });
  const depth = doc ? Math.max(0, ...doc.chunks.map((c) => chunkLevel(doc.chunks, c))) : 0;
  const primitives: Chunk[] = doc ? doc.chunks.filter((c) => chunkLevel(doc.chunks, c) === depth) : [];
  const instruction = doc?.instructions.find((i) => i.scope === "episode");
  return (
    <section className="tier tier-overlay" aria-label={`Overlay: ${annotator}`} data-annotator={annotator}>
      <div className="tier-label">
        <span className="overlay-name" title="another annotator's layer, read-only">
          ◐ {annotator} <span className="muted">(read-only)</span>
        </span>
        <span>
          {doc && (
            <button type="button" className="text-button" aria-label={`Adopt the labels of ${annotator} into my layer`} title="copy their labels into your layer (one undo step)" onClick={() => adopt(doc)}>
              adopt
            </button>
          )}
          <button type="button" className="text-button" aria-label={`Hide the overlay of ${annotator}`} onClick={() => overlayStore.getState().hide()}>
            ×
          </button>
        </span>
      </div>
      <div className="tier-track overlay-track">
        {error && (
          <span role="alert" className="overlay-note error-text">
            {error}
          </span>
        )}
        {!error && !doc && <span className="overlay-note muted">{annotator} has no labels for this episode.</span>}
        {doc && (
          <>
            <div className="overlay-lane" aria-label={`Segments of ${annotator}`}>
              {doc.segments.map((s) => (
                <span key={s.id} className="overlay-segment" data-kind={s.kind} title={`${s.kind}${s.note ? `: ${s.note}` : ""}`} style={{ ...span(s.startNs, s.endNs), background: segmentColor(s.kind, 0.45), borderColor: segmentColor(s.kind) }} />
              ))}
            </div>
            <div className="overlay-lane" aria-label={`Action chunks of ${annotator}`}>
              {primitives.map((c) => (
                <span key={c.id} className="overlay-chunk" title={c.primitive} style={{ ...span(c.startNs, c.endNs), background: primitiveColor(c.primitive, 0.35) }}>
                  {c.primitive}
                </span>
              ))}
            </div>
            <span className="overlay-summary">
              <b>{doc.review.outcome ?? "no outcome"}</b>
              {doc.review.score !== null && ` · ${"★".repeat(doc.review.score)}`}
              {doc.review.flags.length > 0 && ` · ${doc.review.flags.join(", ")}`}
              {instruction && ` · “${instruction.text}”`}
            </span>
          </>
        )}
      </div>
    </section>
  );
}
