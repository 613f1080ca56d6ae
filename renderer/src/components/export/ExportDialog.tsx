/**
 * File › Export (Shift+E): turn the reviewed dataset into training data — LeRobot v3.0, robomimic HDF5, RLDS, MCAP,
 * JSON or CSV — choosing the label layer and which episodes by review status, outcome and quality flag, with a preview of what will
 * be written, a progress bar, cancel and a per-episode report.
 */
import { EXPORT_FORMAT_NAMES, type ExportRequest } from "../../../../shared/export/exportJob.ts";
import { OUTCOMES, REVIEW_STATUSES } from "../../../../shared/annotation/documentSchema.ts";
import { useCommand } from "../../keyboard/commandRegistry.ts";
import { JobDialog } from "../common/JobDialog.tsx";
import { exportStore, useExport } from "../../stores/exportJob.ts";
import { useDatasetFlags } from "../../stores/annotationConfig.ts";
import { useEpisode } from "../../stores/episode.ts";

/** The export dialog (rendered while open) and its command. */
export function ExportDialog() {
  useCommand("dataset.export", "Export the dataset (LeRobot, robomimic, RLDS, MCAP, JSON, CSV)", "Dataset", () => exportStore.getState().show());
  const open = useExport((s) => s.open);
  return open ? <ExportDialogBody /> : null;
}

/** Toggle `value` in a filter list. */
function toggled(list: readonly string[] | undefined, value: string): string[] {
  const set = new Set(list ?? []);
  if (set.has(value)) set.delete(value);
  else set.add(value);
  return [...set];
}

function ExportDialogBody() {
  const request = useExport((s) => s.request);
  const preview = useExport((s) => s.preview);
  const progress = useExport((s) => s.progress);
  const error = useExport((s) => s.error);
  const running = progress?.state === "running";
  const selected = preview?.episodes.filter((e) => e.selected).length ?? 0;
  const update = (patch: Partial<ExportRequest>) => exportStore.getState().update(patch);
  const close = () => exportStore.getState().hide();
  const flags = useDatasetFlags(useEpisode((s) => s.listing?.root ?? null));
  const blocked = running || !preview || preview.error !== null || selected === 0 || (preview.outExists && !request.force);
  return (
    <JobDialog titleId="export-title" title="Export the dataset" busy={running} onClose={close}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!blocked) void exportStore.getState().start();
          }}
        >
          <label>
            Format
            <select aria-label="Export format" value={request.format} disabled={running} onChange={(e) => update({ format: e.target.value as ExportRequest["format"] })}>
              {EXPORT_FORMAT_NAMES.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          </label>
          <label>
            Output folder (absolute, or next to the dataset folder)
            <input aria-label="Export output folder" value={request.out} disabled={running} onChange={(e) => update({ out: e.target.value })} />
          </label>
          {preview && preview.layers.length > 1 && (
            <label>
              Label layer
              <select aria-label="Label layer" value={request.annotator ?? ""} disabled={running} onChange={(e) => update(e.target.value ? { annotator: e.target.value } : { annotator: undefined })}>
                <option value="">(choose)</option>
                {preview.layers.map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
            </label>
          )}
          <fieldset className="export-filters" disabled={running}>
            <legend>Episodes with status</legend>
            {REVIEW_STATUSES.map((s) => (
              <label key={s} className="check">
                <input type="checkbox" checked={request.status?.includes(s) ?? false} onChange={() => update({ status: toggled(request.status, s) })} /> {s.replace("_", " ")}
              </label>
            ))}
          </fieldset>
          <fieldset className="export-filters" disabled={running}>
            <legend>and outcome</legend>
            {[...OUTCOMES, "none"].map((o) => (
              <label key={o} className="check">
                <input type="checkbox" checked={request.outcome?.includes(o) ?? false} onChange={() => update({ outcome: toggled(request.outcome, o) })} /> {o}
              </label>
            ))}
          </fieldset>
          {flags.length > 0 && (
            <fieldset className="export-filters" disabled={running}>
              <legend>and any of the flags</legend>
              {flags.map((f) => (
                <label key={f} className="check">
                  <input type="checkbox" checked={request.flags?.includes(f) ?? false} onChange={() => update({ flags: toggled(request.flags, f) })} /> {f}
                </label>
              ))}
            </fieldset>
          )}
          {preview && (
            <div className="export-preview" role="region" aria-label="Export preview">
              <p>
                <strong>{selected}</strong> of {preview.episodes.length} episodes, labels from {preview.annotator ? <code>{preview.annotator}</code> : "no layer"}, into <code>{preview.out}</code>
                {preview.outExists && " (exists)"}
              </p>
              <ul>
                {preview.layout.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
              {preview.plan && (
                <div className="export-plan" aria-label="What will be written">
                  {preview.plan.error ? (
                    <p role="alert" className="field-error">
                      {preview.plan.episode}: {preview.plan.error}
                    </p>
                  ) : (
                    <>
                      <p>
                        Read from <code>{preview.plan.episode}</code>: steps {preview.plan.steps}.
                      </p>
                      {preview.plan.cameras.length > 0 && (
                        <>
                          <h3>Cameras</h3>
                          <ul aria-label="Cameras to write">
                            {preview.plan.cameras.map((c) => (
                              <li key={c}>{c}</li>
                            ))}
                          </ul>
                        </>
                      )}
                      <h3>Labels per step</h3>
                      <ul aria-label="Labels to write">
                        {preview.plan.labels.map((l) => (
                          <li key={l}>{l}</li>
                        ))}
                      </ul>
                    </>
                  )}
                </div>
              )}
              {preview.error && (
                <p role="alert" className="field-error">
                  {preview.error}
                </p>
              )}
              {preview.outExists && (
                <label className="check">
                  <input type="checkbox" checked={request.force ?? false} onChange={(e) => update({ force: e.target.checked })} /> Replace the existing folder once the new export is complete
                </label>
              )}
            </div>
          )}
          {error && (
            <p role="alert" className="field-error">
              {error}
            </p>
          )}
          {progress && (
            <div className="import-progress" role="status" aria-label="Export progress">
              <progress aria-label="Episodes exported" value={progress.done} max={progress.total || 1} />
              <span>
                {progress.state === "running" && `Exporting ${progress.format}: ${progress.done} / ${progress.total} episodes${progress.current ? ` (${progress.current})` : ""}…`}
                {progress.state === "done" &&
                  progress.summary &&
                  `Exported ${progress.summary.exported} episodes (${progress.summary.totalSteps} steps) to ${progress.out}; ${progress.summary.skipped} not selected, ${progress.summary.failed} failed.`}
                {progress.state === "cancelled" && "Cancelled; nothing was written."}
                {progress.state === "failed" && `Export failed: ${progress.error}`}
              </span>
            </div>
          )}
          {progress?.summary && (progress.summary.failed > 0 || progress.summary.notes.length > 0) && (
            <ul className="import-problems" aria-label="Export report">
              {progress.summary.episodes
                .filter((e) => e.status === "failed")
                .map((e) => (
                  <li key={e.path} data-status="failed">
                    <strong>{e.path}</strong>: {e.reason}
                  </li>
                ))}
              {progress.summary.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          <div className="actions">
            {running ? (
              <button type="button" onClick={() => void exportStore.getState().cancel()}>
                Cancel export
              </button>
            ) : (
              <button type="button" onClick={close}>
                Close
              </button>
            )}
            {!running && (
              <button type="submit" className="primary" disabled={blocked}>
                Export
              </button>
            )}
          </div>
        </form>
    </JobDialog>
  );
}
