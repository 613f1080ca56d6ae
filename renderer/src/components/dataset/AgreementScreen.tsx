/**
 * The lead's agreement screen (DESIGN §9): the matrix of pairwise Cohen's kappa on the outcome, Fleiss' kappa on the
 * outcome and each flag, segment / action-chunk / instruction agreement at the chosen boundary tolerance, each
 * annotator's summary (episodes labelled, time spent when known, disagreements won in adjudication), and the episodes
 * where annotators disagree — one click opens one for adjudication. Computed on the Node side (`dataset.agreement`).
 */
import { useCallback, useEffect, useState } from "react";
import type { DatasetAgreement, LabelAgreement, PairKappa, PooledMatch } from "../../../../shared/agreement/agreementReport.ts";
import { errorMessage } from "../../app/errors.ts";
import { api } from "../../ipc/api.ts";
import { setAdjudicating } from "../../stores/adjudication.ts";
import { datasetStore } from "../../stores/dataset.ts";
import { OUTCOME_COLOR } from "./datasetFormat.ts";

const fmt = (x: number | null, digits = 2) => (x === null ? "–" : x.toFixed(digits));
const ci = (c: [number, number] | null) => (c ? `95 % CI ${c[0].toFixed(2)} – ${c[1].toFixed(2)}` : "no interval");

/** Background of a kappa cell: red (≤ 0) → amber → green (1), Landis & Koch's bands read at a glance. */
function kappaColor(k: number | null): string | undefined {
  if (k === null) return undefined;
  const hue = Math.max(0, Math.min(1, k)) * 120;
  return `hsla(${hue}, 60%, 40%, 0.55)`;
}

function KappaMatrix({ annotators, pairs }: { annotators: string[]; pairs: PairKappa[] }) {
  const find = (a: string, b: string) => pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a));
  return (
    <table className="kappa-matrix" aria-label="Pairwise kappa on the outcome">
      <thead>
        <tr>
          <th />
          {annotators.map((a) => (
            <th key={a} scope="col">
              {a}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {annotators.map((a) => (
          <tr key={a}>
            <th scope="row">{a}</th>
            {annotators.map((b) => {
              if (a === b) return <td key={b} className="muted">—</td>;
              const p = find(a, b)!;
              const title = p.kappa === null ? `${a} × ${b}: ${p.reason} (n ${p.n})` : `${a} × ${b}: kappa ${p.kappa.toFixed(3)}, ${ci(p.ci95)}, n ${p.n}`;
              return (
                <td key={b} style={{ background: kappaColor(p.kappa) }} title={title} data-pair={`${p.a}|${p.b}`}>
                  <b>{p.kappa === null ? "undefined" : fmt(p.kappa)}</b>
                  <span className="muted small"> n {p.n}</span>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FleissRow({ name, k }: { name: string; k: LabelAgreement }) {
  return (
    <tr>
      <th scope="row">{name}</th>
      <td style={{ background: kappaColor(k.fleissKappa) }} title={k.fleissReason ?? ci(k.fleissCi95)}>
        {k.fleissKappa === null ? <span className="muted">undefined: {k.fleissReason}</span> : fmt(k.fleissKappa)}
      </td>
      <td className="muted small">{k.fleissKappa === null ? "" : ci(k.fleissCi95)}</td>
      <td className="num">{k.fleissN}</td>
    </tr>
  );
}

function MatchRow({ name, m, iou = true }: { name: string; m: PooledMatch; iou?: boolean }) {
  return (
    <tr>
      <th scope="row">{name}</th>
      <td>{m.f1 === null ? <span className="muted">{m.reason}</span> : fmt(m.f1)}</td>
      <td>{iou ? fmt(m.meanIoU) : ""}</td>
      <td>{m.medianBoundaryErrorS === null ? "–" : `${m.medianBoundaryErrorS.toFixed(2)} s`}</td>
      <td className="num">
        {m.matched} / {m.inA + m.inB}
      </td>
    </tr>
  );
}

/** Open a disagreement in adjudication mode. */
function adjudicate(path: string): void {
  setAdjudicating(true);
  datasetStore.getState().openForReview(path);
}

/** The agreement screen's body (inside the dataset workspace). */
export function AgreementScreen() {
  const [tolerance, setTolerance] = useState(0.5);
  const [report, setReport] = useState<DatasetAgreement | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const load = useCallback(async (toleranceS: number) => {
    setLoading(true);
    try {
      setReport(await api.dataset.agreement({ toleranceS }));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => void load(tolerance), [load, tolerance]);

  return (
    <div className="agreement-screen" aria-label="Agreement" aria-busy={loading}>
      <div className="agreement-toolbar">
        <label>
          Boundary tolerance{" "}
          <input
            type="number"
            min={0}
            max={60}
            step={0.1}
            value={tolerance}
            aria-label="Boundary tolerance (s)"
            onChange={(e) => {
              const v = Number(e.target.value);
              if (Number.isFinite(v) && v >= 0 && v <= 60) setTolerance(v);
            }}
          />{" "}
          s
        </label>
        <button type="button" className="small-button" onClick={() => void load(tolerance)} disabled={loading}>
          {loading ? "Computing…" : "Refresh"}
        </button>
      </div>
      {error && (
        <p role="alert" className="error-text">
          Could not compute agreement: {error}
        </p>
      )}
      {!report && !error && <p className="muted">Computing agreement…</p>}
      {report && report.annotators.length < 2 && (
        <p className="empty-note" role="status">
          Agreement needs two annotators or more: {report.annotators.length === 0 ? "nobody has labelled this dataset yet" : `only ${report.annotators[0]} has labelled it`}.
          Each annotator labels the episodes under their own name (EPISCOPE_ANNOTATOR); their layers appear here.
        </p>
      )}
      {report && report.annotators.length >= 2 && (
        <div className="agreement-grid">
          <section aria-label="Outcome agreement">
            <h3>Outcome — Cohen's kappa per pair</h3>
            <KappaMatrix annotators={report.annotators} pairs={report.outcome.pairs} />
            <h3>Fleiss' kappa across all annotators</h3>
            <table className="agreement-table" aria-label="Fleiss kappa">
              <thead>
                <tr>
                  <th />
                  <th>kappa</th>
                  <th />
                  <th>episodes</th>
                </tr>
              </thead>
              <tbody>
                <FleissRow name="outcome" k={report.outcome} />
                {Object.entries(report.flags).map(([flag, k]) => (
                  <FleissRow key={flag} name={`flag: ${flag}`} k={k} />
                ))}
              </tbody>
            </table>
          </section>
          <section aria-label="Annotators">
            <h3>Annotators</h3>
            <table className="agreement-table" aria-label="Per-annotator summary">
              <thead>
                <tr>
                  <th>annotator</th>
                  <th>labelled</th>
                  <th>time spent</th>
                  <th>disagreements won</th>
                </tr>
              </thead>
              <tbody>
                {report.perAnnotator.map((a) => (
                  <tr key={a.annotator}>
                    <th scope="row">{a.annotator}</th>
                    <td className="num">{a.episodesLabelled}</td>
                    <td className="muted" title="Episcope's documents do not record time spent">
                      {a.timeSpentS === null ? "not recorded" : `${(a.timeSpentS / 60).toFixed(1)} min`}
                    </td>
                    <td>
                      {a.disagreementsAdjudicated === 0 ? <span className="muted">none adjudicated</span> : `${a.disagreementsWon} / ${a.disagreementsAdjudicated} (${Math.round(a.wonShare! * 100)} %)`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>Time ranges (tolerance {report.toleranceS} s)</h3>
            <table className="agreement-table" aria-label="Segment agreement">
              <thead>
                <tr>
                  <th />
                  <th>F1</th>
                  <th>mean IoU</th>
                  <th>median error</th>
                  <th>matched</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(report.segments).map(([kind, m]) => (
                  <MatchRow key={kind} name={`segments: ${kind}`} m={m} />
                ))}
                <MatchRow name="action chunk boundaries" m={report.actionChunks} iou={false} />
              </tbody>
            </table>
            <p className="small">
              Instructions: {report.instructions.exactMatchRate === null ? <span className="muted">{report.instructions.reason}</span> : `${Math.round(report.instructions.exactMatchRate * 100)} % exact match over ${report.instructions.n} comparisons`}
            </p>
          </section>
          <section aria-label="Disagreements" className="agreement-disagreements">
            <h3>
              Disagreements on the outcome <span className="muted">({report.disagreements.length})</span>
            </h3>
            {report.disagreementDetails.length === 0 && <p className="muted">The annotators agree on every episode they both labelled.</p>}
            <ul>
              {report.disagreementDetails.map((d) => (
                <li key={d.path}>
                  <button type="button" className="text-button" onClick={() => adjudicate(d.path)} title="Open it and adjudicate (edits go to the adjudicated layer)">
                    {d.path}
                  </button>{" "}
                  {Object.entries(d.outcomes).map(([a, o]) => (
                    <span key={a} className="small">
                      {a} <span style={{ color: OUTCOME_COLOR[o] }}>{o}</span>{" "}
                    </span>
                  ))}
                  <span className={`small ${d.adjudicated ? "" : "muted"}`}>{d.adjudicated ? `⚖ ${d.adjudicated}` : "not adjudicated"}</span>
                </li>
              ))}
            </ul>
            {report.leftOutCount > 0 && (
              <div role="alert" className="agreement-left-out">
                <b>{report.leftOutCount} documents left out</b> (they fail validation):
                <ul>
                  {report.leftOut.map((l) => (
                    <li key={l.file} className="small">
                      {l.error}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
