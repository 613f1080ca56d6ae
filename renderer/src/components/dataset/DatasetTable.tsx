/**
 * The full episode table: name, duration, cameras, operator, task, session, status, outcome, score, flags,
 * annotators (each with their outcome; a conflict is marked); click a header to sort (again to reverse); click a row to select it (metadata editor), double-click or
 * Enter to review it.
 */
import type { DatasetRow } from "../../../../shared/dataset/datasetRow.ts";
import type { SortKey } from "../../../../shared/dataset/rowFilter.ts";
import { datasetStore, useDataset } from "../../stores/dataset.ts";
import { useEpisode } from "../../stores/episode.ts";
import { formatDuration, OUTCOME_COLOR, STATUS_COLOR, STATUS_LABEL } from "./datasetFormat.ts";
import { AnnotatorOutcomes } from "./AnnotatorOutcomes.tsx";
import { VirtualList } from "./VirtualList.tsx";

const COLUMNS: Array<{ key: SortKey; title: string }> = [
  { key: "name", title: "Episode" },
  { key: "duration", title: "Duration" },
  { key: "cameras", title: "Cam" },
  { key: "operator", title: "Operator" },
  { key: "task", title: "Task" },
  { key: "session", title: "Session" },
  { key: "status", title: "Status" },
  { key: "outcome", title: "Outcome" },
  { key: "score", title: "Score" },
  { key: "flags", title: "Flags" },
  { key: "annotators", title: "Annotators" },
];

/** Row height (px) of the table. */
export const TABLE_ROW_HEIGHT = 26;

function Cells({ row }: { row: DatasetRow }) {
  if (row.error) {
    return (
      <>
        <span className="cell name" title={row.path}>
          ⚠ {row.name}
        </span>
        <span className="cell error-text span-rest" title={row.error.message}>
          unreadable: {row.error.message}
        </span>
      </>
    );
  }
  const f = row.fields;
  return (
    <>
      <span className="cell name" title={row.path}>
        {row.name}
      </span>
      <span className="cell num">{formatDuration(row.facts?.durationSec)}</span>
      <span className="cell num">{row.facts ? row.facts.cameras.length : "…"}</span>
      <span className={`cell ${row.overridden.includes("operator") ? "overridden" : ""}`}>{f.operator ?? "–"}</span>
      <span className={`cell ${row.overridden.includes("task") ? "overridden" : ""}`}>{f.task ?? "–"}</span>
      <span className={`cell ${row.overridden.includes("session") ? "overridden" : ""}`} title={f.session ?? ""}>
        {f.session ?? "–"}
      </span>
      <span className={`cell${row.conflict ? " conflict-cell" : ""}`}>
        <span className="status-dot" style={{ background: STATUS_COLOR[row.status] }} />
        {STATUS_LABEL[row.status]}
      </span>
      <span className="cell" style={{ color: row.outcome ? OUTCOME_COLOR[row.outcome] : undefined }}>
        {row.outcome ?? "–"}
      </span>
      <span className="cell num">{row.score ? "★".repeat(row.score) : "–"}</span>
      <span className="cell" title={row.flags.join(", ")}>
        {row.flags.join(", ") || "–"}
      </span>
      <span className="cell">{row.reviews.length > 0 ? <AnnotatorOutcomes row={row} /> : "–"}</span>
    </>
  );
}

/** The table of the visible (filtered, sorted) rows. */
export function DatasetTable({ selected, onSelect }: { selected: string | null; onSelect(path: string): void }) {
  const visible = useDataset((s) => s.visible);
  const total = useDataset((s) => s.rows.length);
  const sort = useDataset((s) => s.sort);
  const current = useEpisode((s) => s.currentPath);
  const activeIndex = visible.findIndex((r) => r.path === (selected ?? current));
  return (
    <div className="dataset-table" role="table" aria-label="Episode table" aria-rowcount={visible.length}>
      <div className="table-row table-head" role="row">
        {COLUMNS.map((c) => (
          <button
            key={c.key}
            type="button"
            role="columnheader"
            className="cell head"
            aria-sort={sort.key === c.key ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}
            onClick={() => datasetStore.getState().setSort({ key: c.key, dir: sort.key === c.key && sort.dir === "asc" ? "desc" : "asc" })}
          >
            {c.title}
            {sort.key === c.key ? (sort.dir === "asc" ? " ▲" : " ▼") : ""}
          </button>
        ))}
      </div>
      <VirtualList
        items={visible}
        rowHeight={TABLE_ROW_HEIGHT}
        getKey={(r) => r.path}
        activeIndex={activeIndex}
        ariaLabel={`Episodes: ${visible.length} of ${total}`}
        renderRow={(row) => (
          <div
            className="table-row"
            role="row"
            tabIndex={0}
            aria-selected={row.path === selected}
            aria-current={row.path === current ? "true" : undefined}
            data-path={row.path}
            onClick={() => onSelect(row.path)}
            onDoubleClick={() => !row.error && datasetStore.getState().openForReview(row.path)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !row.error) datasetStore.getState().openForReview(row.path);
            }}
          >
            <Cells row={row} />
          </div>
        )}
      />
      {visible.length === 0 && <p className="panel-empty">No episode matches the filter.</p>}
    </div>
  );
}
