/**
 * File › Import (Shift+I, or the button of an empty dataset): bring a LeRobot, RLDS or ROS 1 dataset in as MCAP
 * episodes of the served folder, with a progress bar, cancel, and a per-episode report (problems named by file and
 * field); imported labels arrive as a read-only layer of their own.
 */
import { useState } from "react";
import { useCommand } from "../../keyboard/commandRegistry.ts";
import { JobDialog } from "../common/JobDialog.tsx";
import { player } from "../../app/player.ts";
import { importStore, useImport } from "../../stores/importJob.ts";

/** The import dialog (rendered while open) and its command. */
export function ImportDialog() {
  useCommand("dataset.import", "Import a LeRobot / RLDS / ROS 1 dataset", "Dataset", () => importStore.getState().show());
  const open = useImport((s) => s.open);
  if (!open) return null;
  return <ImportDialogBody />;
}

function ImportDialogBody() {
  const progress = useImport((s) => s.progress);
  const error = useImport((s) => s.error);
  const [source, setSource] = useState(progress?.source ?? "");
  const [outDir, setOutDir] = useState("");
  const running = progress?.state === "running";
  const done = progress !== null && !running;
  const count = progress?.episodes.length ?? 0;
  const failed = progress?.episodes.filter((e) => e.status === "failed").length ?? 0;
  const partial = progress?.episodes.filter((e) => e.status === "partial").length ?? 0;
  const firstOutput = progress?.episodes.find((e) => e.output)?.output ?? null;
  const close = () => importStore.getState().hide();
  return (
    <JobDialog titleId="import-title" title="Import a dataset" busy={running} onClose={close}>
        <p className="muted">
          LeRobot (v1, v2.1, v3.0), RLDS / TFDS (BridgeData, DROID, Open X-Embodiment) or a ROS 1 <code>.bag</code>. Each episode
          becomes an MCAP file in the served folder; the labels the source claims become a read-only layer.
        </p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!running && source.trim()) void importStore.getState().start(source.trim(), outDir.trim() || undefined);
          }}
        >
          <label>
            Source folder or .bag (absolute path on this machine)
            <input aria-label="Import source" value={source} disabled={running} autoFocus placeholder="/data/lerobot/aloha_sim_transfer_cube_human" onChange={(e) => setSource(e.target.value)} />
          </label>
          <label>
            Output folder inside the dataset (optional)
            <input aria-label="Import output folder" value={outDir} disabled={running} placeholder="imports/<name>" onChange={(e) => setOutDir(e.target.value)} />
          </label>
          {error && (
            <p role="alert" className="field-error">
              {error}
            </p>
          )}
          {progress && (
            <div className="import-progress" role="status" aria-label="Import progress">
              <progress aria-label="Episodes imported" value={count} max={progress.total ?? undefined} />
              <span>
                {progress.state === "running" && `Importing ${progress.format ?? ""}: ${count}${progress.total !== null ? ` / ${progress.total}` : ""} episodes…`}
                {progress.state === "done" && `Imported ${count - failed} of ${count} episodes into ${progress.outDir}${partial ? ` (${partial} with problems)` : ""}${failed ? `; ${failed} failed` : ""}.`}
                {progress.state === "cancelled" && `Cancelled after ${count} episodes; they stay in ${progress.outDir}.`}
                {progress.state === "failed" && `Import failed: ${progress.error}`}
              </span>
            </div>
          )}
          {progress && progress.episodes.some((e) => e.problems.length > 0) && (
            <ul className="import-problems" aria-label="Import problems">
              {progress.episodes
                .filter((e) => e.problems.length > 0)
                .slice(-50)
                .map((e) => (
                  <li key={e.source} data-status={e.status}>
                    <strong>{e.source}</strong>: {e.problems.join(" · ")}
                  </li>
                ))}
            </ul>
          )}
          <div className="actions">
            {running ? (
              <button type="button" onClick={() => void importStore.getState().cancel()}>
                Cancel import
              </button>
            ) : (
              <button type="button" onClick={close}>
                Close
              </button>
            )}
            {done && firstOutput && (
              <button
                type="button"
                onClick={() => {
                  close();
                  void player.open(firstOutput);
                }}
              >
                Open first episode
              </button>
            )}
            {!running && (
              <button type="submit" className="primary" disabled={!source.trim()}>
                Import
              </button>
            )}
          </div>
        </form>
    </JobDialog>
  );
}
