/**
 * Two layers side by side on the timeline (DESIGN §9): the layer being edited (the adjudicated result while
 * adjudicating) above another annotator's, read-only (toggled from the sidebar's Layers list, Alt+L for the next one).
 * Each shows its outcome, score and flags, segments (by kind colour), finest action chunks and episode instruction;
 * what differs is highlighted — an outcome that is not the same, a segment or chunk with no partner of the same kind
 * within 0.5 s at both ends in the other layer (shared/agreement/segmentMatch.ts). Adopt buttons copy all or one part
 * of the overlaid labels into the edited layer (one undo step each, also by key).
 */
import type { AnnotationDocument, Chunk } from "../../../../shared/annotation.ts";
import type { AdoptPart } from "../../../../shared/annotation/adoptLabels.ts";
import { chunkLevel } from "../../../../shared/annotation/chunks.ts";
import { unmatchedRanges } from "../../../../shared/agreement/segmentMatch.ts";
import { bindingOf } from "../../keyboard/hotkeyTable.ts";
import { adopt, ADJUDICATED_ID, useAdjudication } from "../../stores/adjudication.ts";
import { useAnnotation } from "../../stores/annotation.ts";
import { overlayStore, useOverlay } from "../../stores/annotationOverlay.ts";
import { primitiveColor, segmentColor } from "./segmentColors.ts";
import { percentOfTime } from "./timeAxis.ts";

/** Boundary tolerance of the highlighted differences (DESIGN §9's default), ns. */
const DIFF_TOLERANCE_NS = 500_000_000n;

const ADOPT_BUTTONS: Array<{ part: AdoptPart; label: string; command: string }> = [
  { part: "all", label: "adopt all", command: "adjudicate.adoptAll" },
  { part: "review", label: "outcome", command: "adjudicate.adoptReview" },
  { part: "segments", label: "segments", command: "adjudicate.adoptSegments" },
  { part: "chunks", label: "chunks", command: "adjudicate.adoptChunks" },
];

/** The finest action chunks of a document. */
function finestChunks(doc: AnnotationDocument | null): Chunk[] {
  if (!doc) return [];
  const depth = Math.max(0, ...doc.chunks.map((c) => chunkLevel(doc.chunks, c)));
  return doc.chunks.filter((c) => chunkLevel(doc.chunks, c) === depth);
}

/** What of each layer has no partner in the other. */
interface Differences {
  outcome: boolean;
  segments: Set<number>;
  chunks: Set<number>;
}

function LayerRow({
  name,
  note,
  doc,
  chunks,
  diff,
  startNs,
  endNs,
}: {
  name: string;
  note: string;
  doc: AnnotationDocument | null;
  chunks: Chunk[];
  diff: Differences;
  startNs: bigint;
  endNs: bigint;
}) {
  const span = (a: bigint, b: bigint) => ({ left: percentOfTime(a, startNs, endNs), width: `calc(${percentOfTime(b, startNs, endNs)} - ${percentOfTime(a, startNs, endNs)})` });
  const instruction = doc?.instructions.find((i) => i.scope === "episode");
  return (
    <div className="overlay-row" aria-label={`Layer ${name}`} data-annotator={name}>
      <span className="overlay-name" title={note}>
        {name} <span className="muted">({note})</span>
      </span>
      <div className="overlay-track">
        {!doc && <span className="overlay-note muted">{name} has no labels for this episode.</span>}
        {doc && (
          <>
            <div className="overlay-lane" aria-label={`Segments of ${name}`}>
              {doc.segments.map((s, i) => (
                <span
                  key={s.id}
                  className={`overlay-segment${diff.segments.has(i) ? " differs" : ""}`}
                  data-kind={s.kind}
                  title={`${s.kind}${s.note ? `: ${s.note}` : ""}${diff.segments.has(i) ? " — not in the other layer" : ""}`}
                  style={{ ...span(s.startNs, s.endNs), background: segmentColor(s.kind, 0.45), borderColor: diff.segments.has(i) ? undefined : segmentColor(s.kind) }}
                />
              ))}
            </div>
            <div className="overlay-lane" aria-label={`Action chunks of ${name}`}>
              {chunks.map((c, i) => (
                <span
                  key={c.id}
                  className={`overlay-chunk${diff.chunks.has(i) ? " differs" : ""}`}
                  title={`${c.primitive}${diff.chunks.has(i) ? " — not in the other layer" : ""}`}
                  style={{ ...span(c.startNs, c.endNs), background: primitiveColor(c.primitive, 0.35) }}
                >
                  {c.primitive}
                </span>
              ))}
            </div>
            <span className="overlay-summary">
              <b className={diff.outcome ? "differs-text" : undefined} data-differs={diff.outcome ? "true" : undefined}>
                {doc.review.outcome ?? "no outcome"}
              </b>
              {doc.review.score !== null && ` · ${"★".repeat(doc.review.score)}`}
              {doc.review.flags.length > 0 && ` · ${doc.review.flags.join(", ")}`}
              {instruction && ` · “${instruction.text}”`}
            </span>
          </>
        )}
      </div>
    </div>
  );
}

/** The side-by-side rows (nothing when no layer is overlaid). */
export function OverlayTier({ startNs, endNs }: { startNs: bigint; endNs: bigint }) {
  const annotator = useOverlay((s) => s.annotator);
  const other = useOverlay((s) => s.document);
  const error = useOverlay((s) => s.error);
  const mine = useAnnotation((s) => s.document);
  const adjudicating = useAdjudication((s) => s.active);
  if (!annotator) return null;
  const myChunks = finestChunks(mine);
  const otherChunks = finestChunks(other);
  const asRange = (c: Chunk) => ({ kind: c.primitive, startNs: c.startNs, endNs: c.endNs });
  const segs = unmatchedRanges(mine?.segments ?? [], other?.segments ?? [], DIFF_TOLERANCE_NS);
  const chunkDiff = unmatchedRanges(myChunks.map(asRange), otherChunks.map(asRange), DIFF_TOLERANCE_NS);
  const outcomeDiffers = (mine?.review.outcome ?? null) !== (other?.review.outcome ?? null);
  const editedName = adjudicating ? ADJUDICATED_ID : (mine?.annotator.id ?? "your layer");
  const differences = segs.onlyA.size + segs.onlyB.size + chunkDiff.onlyA.size + chunkDiff.onlyB.size + (outcomeDiffers ? 1 : 0);
  return (
    <section className="tier tier-overlay" aria-label={`Side by side: ${editedName} and ${annotator}`} data-annotator={annotator}>
      <div className="tier-label">
        <span className="overlay-name">
          ◐ {editedName} ↔ {annotator}{" "}
          <span className={differences > 0 ? "differs-text" : "muted"} aria-label="Differences">
            {differences === 0 ? "same" : `${differences} difference${differences === 1 ? "" : "s"}`}
          </span>
        </span>
        <span>
          {other &&
            ADOPT_BUTTONS.map((b) => (
              <button
                key={b.part}
                type="button"
                className="text-button"
                aria-label={`Adopt ${b.part === "all" ? "every label" : `the ${b.label}`} of ${annotator}`}
                title={`copy ${annotator}'s ${b.part === "all" ? "labels" : b.label} into ${editedName} (one undo step; ${bindingOf(b.command) ?? ""})`}
                onClick={() => adopt(other, b.part)}
              >
                {b.label}
              </button>
            ))}
          <button type="button" className="text-button" aria-label={`Hide the overlay of ${annotator}`} onClick={() => overlayStore.getState().hide()}>
            ×
          </button>
        </span>
      </div>
      <div className="overlay-rows">
        {error ? (
          <span role="alert" className="overlay-note error-text">
            {error}
          </span>
        ) : (
          <>
            <LayerRow name={editedName} note="editing" doc={mine} chunks={myChunks} diff={{ outcome: outcomeDiffers, segments: segs.onlyA, chunks: chunkDiff.onlyA }} startNs={startNs} endNs={endNs} />
            <LayerRow name={annotator} note="read-only" doc={other} chunks={otherChunks} diff={{ outcome: outcomeDiffers, segments: segs.onlyB, chunks: chunkDiff.onlyB }} startNs={startNs} endNs={endNs} />
          </>
        )}
      </div>
    </section>
  );
}
