/**
 * Edit one episode's metadata (operator, task, robot, session, scene) in the dataset's metadata table, and import /
 * export the whole table (CSV or JSON). A value from the table overrides the MCAP metadata record; clearing it shows
 * the record's value again.
 */
import { useEffect, useState } from "react";
import { METADATA_FIELDS, type MetadataField } from "../../../../shared/dataset/datasetRow.ts";
import type { TableIssue } from "../../../../shared/dataset/metadataTable.ts";
import { errorMessage } from "../../app/errors.ts";
import { api } from "../../ipc/api.ts";
import { datasetStore, useDataset } from "../../stores/dataset.ts";

/** The editor of the selected episode's fields. */
export function MetadataEditor({ path }: { path: string }) {
  const row = useDataset((s) => s.rows.find((r) => r.path === path));
  const [draft, setDraft] = useState<Record<MetadataField, string>>({ operator: "", task: "", robot: "", session: "", scene: "", condition: "" });
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    if (!row) return;
    setDraft(Object.fromEntries(METADATA_FIELDS.map((f) => [f, row.overridden.includes(f) ? (row.fields[f] ?? "") : ""])) as Record<MetadataField, string>);
    setMessage(null);
    // Only when another episode is selected (not on every refresh, which would drop typing).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path]);
  if (!row) return null;
  const fromRecord = (f: MetadataField) => row.facts?.fields[f] ?? null;
  return (
    <form
      className="metadata-editor"
      aria-label={`Metadata of ${row.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        const fields = Object.fromEntries(METADATA_FIELDS.map((f) => [f, draft[f].trim() === "" ? null : draft[f].trim()]));
        api.dataset.setMetadata({ path, fields }).then(
          () => {
            setMessage("saved");
            void datasetStore.getState().refresh();
          },
          (err) => setMessage(errorMessage(err)),
        );
      }}
    >
      <h3 title={row.path}>{row.name}</h3>
      {row.error && <p className="error-text small">{row.error.message}</p>}
      {METADATA_FIELDS.map((f) => (
        <label key={f} className="meta-field">
          <span>{f}</span>
          <input value={draft[f]} placeholder={fromRecord(f) ?? "–"} aria-label={`${f} of ${row.name}`} onChange={(e) => setDraft({ ...draft, [f]: e.target.value })} />
        </label>
      ))}
      <p className="muted small">Empty: the value from the episode's MCAP metadata (shown greyed).</p>
      <div className="row-gap">
        <button type="submit" className="small-button">
          Save metadata
        </button>
        {message && <span className="small muted">{message}</span>}
      </div>
    </form>
  );
}

/** Import (file picker) and export (download) of the metadata table, with the import report. */
export function MetadataTableButtons() {
  const [report, setReport] = useState<{ imported: number; ignored: TableIssue[] } | string | null>(null);
  const download = async (format: "csv" | "json") => {
    try {
      const { text } = await api.dataset.exportMetadata({ format });
      const url = URL.createObjectURL(new Blob([text], { type: format === "csv" ? "text/csv" : "application/json" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `episodes.${format}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      setReport(errorMessage(e));
    }
  };
  return (
    <div className="metadata-table-buttons">
      <label className="small-button file-button">
        Import table…
        <input
          type="file"
          accept=".csv,.json,text/csv,application/json"
          aria-label="Import metadata table"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (!file) return;
            try {
              const result = await api.dataset.importMetadata({ text: await file.text(), format: /\.json$/i.test(file.name) ? "json" : "csv", fileName: file.name });
              setReport(result);
              await datasetStore.getState().refresh();
            } catch (err) {
              setReport(errorMessage(err));
            }
          }}
        />
      </label>
      <button type="button" className="small-button" onClick={() => void download("csv")}>
        Export CSV
      </button>
      <button type="button" className="small-button" onClick={() => void download("json")}>
        Export JSON
      </button>
      {report !== null && (
        <div className="import-report small" role="status">
          {typeof report === "string" ? (
            <span className="error-text">{report}</span>
          ) : (
            <>
              <span>
                Imported {report.imported} episode{report.imported === 1 ? "" : "s"}
                {report.ignored.length > 0 ? `; ignored ${report.ignored.length}:` : "."}
              </span>
              <ul>
                {report.ignored.slice(0, 20).map((i, k) => (
                  <li key={k}>
                    <b>{i.where}</b>: {i.message}
                  </li>
                ))}
              </ul>
            </>
          )}
          <button type="button" className="small-button" onClick={() => setReport(null)}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
