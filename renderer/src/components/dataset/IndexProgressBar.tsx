/** Indexing progress: a bar, "412 / 1000 indexed", and Cancel while it runs; the outcome once it ended. */
import { datasetStore, useDataset } from "../../stores/dataset.ts";

/** The progress line of the dataset's latest indexing job. */
export function IndexProgressBar() {
  const progress = useDataset((s) => s.progress);
  const error = useDataset((s) => s.error);
  if (error) {
    return (
      <p role="alert" className="error-text pad small">
        {error}
      </p>
    );
  }
  if (!progress) return null;
  const running = progress.state === "running";
  if (!running && progress.state === "done" && progress.failed === 0) return null;
  return (
    <div className="index-progress" role="status" aria-label="Indexing">
      {running && <progress max={Math.max(1, progress.total)} value={progress.done} aria-label="Indexing progress" />}
      <span className="small muted">
        {running ? `Indexing ${progress.done} / ${progress.total}` : progress.state === "cancelled" ? `Indexing cancelled at ${progress.done} / ${progress.total}` : progress.state === "failed" ? `Indexing failed: ${progress.error ?? ""}` : `${progress.total} indexed`}
        {progress.failed > 0 && ` · ${progress.failed} unreadable`}
      </span>
      {running ? (
        <button type="button" className="small-button" onClick={() => void datasetStore.getState().cancelIndex()}>
          Cancel
        </button>
      ) : (
        progress.state !== "done" && (
          <button type="button" className="small-button" onClick={() => void datasetStore.getState().reindex()}>
            Resume
          </button>
        )
      )}
    </div>
  );
}
