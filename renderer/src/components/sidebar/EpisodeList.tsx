/**
 * The left sidebar: the dataset's episodes as a virtualized list (status mark — ≠ where annotators disagree — name,
 * duration, operator, task, outcome, or every annotator's outcome when several labelled it), the queue position ("37 / 412 reviewed"), indexing progress, the text filter, and the review-queue keys:
 * `n` next unreviewed, Shift+N previous, `a` accept, `x` reject, `m` needs fix. Buttons open the full table and the
 * overview over the review screen.
 */
import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import type { DatasetRow } from "../../../../shared/dataset/datasetRow.ts";
import { formatPosition, queuePosition } from "../../../../shared/dataset/reviewQueue.ts";
import { useCommand } from "../../keyboard/commandRegistry.ts";
import { datasetStore, useDataset } from "../../stores/dataset.ts";
import { player } from "../../app/player.ts";
import { useEpisode } from "../../stores/episode.ts";
import { selectCurrentPath, selectEpisodeStatus, selectListingError, selectListingStatus } from "../../stores/selectors.ts";
import { AnnotatorOutcomes } from "../dataset/AnnotatorOutcomes.tsx";
import { formatDuration, OUTCOME_COLOR, STATUS_COLOR, STATUS_LABEL, STATUS_MARK } from "../dataset/datasetFormat.ts";
import { FilterBar } from "../dataset/FilterBar.tsx";
import { IndexProgressBar } from "../dataset/IndexProgressBar.tsx";
import { VirtualList } from "../dataset/VirtualList.tsx";
import { AdjudicationBanner, LayersPanel } from "./LayersPanel.tsx";
import { EpisodeRowMenu, type RowMenuAt } from "./EpisodeRowMenu.tsx";
import { markRowUnusable } from "../../stores/markUnusable.ts";
import "../dataset/dataset.css";

/** The dataset workspace (table, overview, agreement, triage, audit): loaded the first time it is shown, not at start. */
const DatasetWorkspace = lazy(() => import("../dataset/DatasetWorkspace.tsx").then((m) => ({ default: m.DatasetWorkspace })));

const ROW_HEIGHT = 44;

/** Register the review-queue commands (keys from the dataset config's hotkeys). */
function useQueueCommands(): void {
  const group = "Review queue";
  useCommand("episode.next", "Open the next episode you have not reviewed", group, () => void datasetStore.getState().openNext());
  useCommand("episode.previous", "Open the previous episode", group, () => void datasetStore.getState().openPrevious());
  useCommand("review.accept", "Accept the episode", group, () => datasetStore.getState().setStatus("accepted"));
  useCommand("review.reject", "Reject the episode", group, () => datasetStore.getState().setStatus("rejected"));
  useCommand("review.needsFix", "Mark the episode as needing a fix", group, () => datasetStore.getState().setStatus("needs_fix"));
}

function EpisodeRow({
  row,
  current,
  loading,
  onMenu,
}: {
  row: DatasetRow;
  current: boolean;
  loading: "loading" | "error" | null;
  onMenu(at: RowMenuAt): void;
}) {
  const f = row.fields;
  const marker = current ? (loading === "loading" ? "◌ " : loading === "error" ? "⚠ " : "▶ ") : "";
  return (
    <button
      type="button"
      className={`episode-item${row.error ? " unreadable" : ""}${row.conflict ? " conflict" : ""}`}
      aria-current={current ? "true" : undefined}
      data-status={row.status}
      title={row.error ? row.error.message : row.path}
      onClick={() => (row.error ? void player.open(row.path) : datasetStore.getState().openForReview(row.path))}
      onContextMenu={(e) => {
        e.preventDefault();
        onMenu({ row, x: e.clientX, y: e.clientY });
      }}
      onKeyDown={(e) => {
        if (e.key === "ContextMenu" || (e.shiftKey && e.key === "F10")) {
          e.preventDefault();
          e.stopPropagation();
          const r = e.currentTarget.getBoundingClientRect();
          onMenu({ row, x: r.left + 24, y: r.bottom });
        } else if (row.error && e.key === "4" && !e.ctrlKey && !e.altKey && !e.metaKey) {
          // An unreadable episode cannot be opened for review: 4 on its row gives it the outcome unusable.
          e.preventDefault();
          e.stopPropagation();
          void markRowUnusable(row.path);
        }
      }}
    >
      <span className="episode-line">
        <span className="status-mark" style={{ color: STATUS_COLOR[row.status] }} aria-label={STATUS_LABEL[row.status]} title={STATUS_LABEL[row.status]}>
          {row.error ? "⚠" : STATUS_MARK[row.status]}
        </span>
        <span className="episode-name">
          {marker}
          <span>{row.name}</span>
        </span>
        <span className="episode-duration muted">{formatDuration(row.facts?.durationSec)}</span>
      </span>
      <span className="episode-meta muted">
        {row.error ? (
          <>
            <span className="error-text">unreadable: {row.error.code}</span>
            {row.outcome && (
              <span className="episode-outcome" style={{ color: OUTCOME_COLOR[row.outcome] }}>
                {" "}
                · {row.outcome}
              </span>
            )}
          </>
        ) : (
          <>
            {row.reviews.length > 1 ? (
              <AnnotatorOutcomes row={row} />
            ) : (
              [f.operator, f.task].filter(Boolean).join(" · ") || (row.path !== `${row.name}.mcap` ? row.path : "")
            )}
            {row.reviews.length <= 1 && row.outcome && (
              <span className="episode-outcome" style={{ color: OUTCOME_COLOR[row.outcome] }}>
                {" "}
                · {row.outcome}
              </span>
            )}
          </>
        )}
      </span>
    </button>
  );
}

/** The episode list. */
export function EpisodeList() {
  useQueueCommands();
  const listing = useEpisode((s) => s.listing);
  const current = useEpisode(selectCurrentPath);
  const status = useEpisode(selectEpisodeStatus);
  const listingStatus = useEpisode(selectListingStatus);
  const listingError = useEpisode(selectListingError);
  const visible = useDataset((s) => s.visible);
  const total = useDataset((s) => s.rows.length);
  const root = useDataset((s) => s.root) ?? listing?.root ?? null;
  const currentRow = useDataset((s) => s.rows.find((r) => r.path === current) ?? null);
  const notice = useDataset((s) => s.notice);
  const view = useDataset((s) => s.view);
  const indexed = useDataset((s) => s.progress !== null);
  const [menu, setMenu] = useState<RowMenuAt | null>(null);
  const closeMenu = useCallback(() => setMenu(null), []);

  useEffect(() => {
    if (listing) void datasetStore.getState().start(listing);
  }, [listing]);

  const position = queuePosition(visible);
  const activeIndex = visible.findIndex((r) => r.path === current);
  return (
    <nav className="sidebar" aria-label="Episodes">
      <header className="sidebar-header">
        <h2>Episodes</h2>
        <span className="muted">{visible.length === total ? total : `${visible.length} / ${total}`}</span>
      </header>
      {root && (
        <div className="sidebar-root muted" title={root}>
          {root.replace(/\/+$/, "").split("/").pop() || root}
        </div>
      )}
      {total > 0 && (
        <div className="queue-bar">
          <span className="queue-position" aria-label="Queue position">
            {formatPosition(position)}
          </span>
          {currentRow && !currentRow.error ? (
            <span className="current-status small" aria-label="Current episode status" title="a accept · x reject · m needs fix">
              <span className="status-dot" style={{ background: STATUS_COLOR[currentRow.status] }} />
              {STATUS_LABEL[currentRow.status]}
            </span>
          ) : (
            <span className="muted small">{position.inProgress > 0 ? `${position.inProgress} in progress` : ""}</span>
          )}
        </div>
      )}
      <AdjudicationBanner />
      {notice && (
        <p className="queue-notice small" role="status" aria-label="Queue notice">
          {notice}
        </p>
      )}
      <IndexProgressBar />
      <FilterBar showSaved={false} />
      <div className="sidebar-views">
        <button type="button" className="small-button" onClick={() => datasetStore.getState().setView("table")}>
          Table
        </button>
        <button type="button" className="small-button" onClick={() => datasetStore.getState().setView("overview")}>
          Overview
        </button>
        <button type="button" className="small-button" onClick={() => datasetStore.getState().setView("agreement")}>
          Agreement
        </button>
        <button type="button" className="small-button" title="Episodes worth watching, by triage score" onClick={() => datasetStore.getState().setView("triage")}>
          Triage
        </button>
        <button type="button" className="small-button" title="Operator × session audit" onClick={() => datasetStore.getState().setView("audit")}>
          Audit
        </button>
        {!indexed && total > 1 && (
          <button type="button" className="small-button" title="Read every episode's duration, cameras and metadata" onClick={() => void datasetStore.getState().reindex()}>
            Index
          </button>
        )}
        <span className="muted small" title="Keys: n next unreviewed, Shift+N previous, a accept, x reject, m needs fix">
          n · a · x · m
        </span>
      </div>
      {listingStatus === "loading" && <p className="muted small pad">Loading…</p>}
      {listingError && (
        <p role="alert" className="error-text pad">
          Could not list episodes: {listingError}
        </p>
      )}
      <VirtualList
        className="episode-list"
        items={visible}
        rowHeight={ROW_HEIGHT}
        getKey={(r) => r.path}
        activeIndex={activeIndex}
        ariaLabel="Episode list"
        renderRow={(row) => <EpisodeRow row={row} current={row.path === current} loading={row.path === current && (status === "loading" || status === "error") ? status : null} onMenu={setMenu} />}
      />
      {menu && <EpisodeRowMenu at={menu} onClose={closeMenu} />}
      <LayersPanel row={currentRow} />
      {view !== "review" && (
        <Suspense fallback={null}>
          <DatasetWorkspace />
        </Suspense>
      )}
    </nav>
  );
}
