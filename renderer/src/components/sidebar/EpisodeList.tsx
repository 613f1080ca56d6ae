/** The left sidebar: the episodes of the root folder; the current one highlighted; click to open. */
import { useEpisode, episodeStore } from "../../stores/episode.ts";
import { selectCurrentPath, selectEpisodes, selectEpisodeStatus, selectListingError, selectListingRoot, selectListingStatus } from "../../stores/selectors.ts";
import { formatBytes } from "../inspector/EpisodeFacts.tsx";

/** The episode list. */
export function EpisodeList() {
  const episodes = useEpisode(selectEpisodes);
  const current = useEpisode(selectCurrentPath);
  const status = useEpisode(selectEpisodeStatus);
  const listingStatus = useEpisode(selectListingStatus);
  const listingError = useEpisode(selectListingError);
  const root = useEpisode(selectListingRoot);
  return (
    <nav className="sidebar" aria-label="Episodes">
      <header className="sidebar-header">
        <h2>Episodes</h2>
        <span className="muted">{episodes.length}</span>
      </header>
      {root && (
        <div className="sidebar-root muted" title={root}>
          {root.replace(/\/+$/, "").split("/").pop() || root}
        </div>
      )}
      {listingStatus === "loading" && <p className="muted small pad">Loading…</p>}
      {listingError && (
        <p role="alert" className="error-text pad">
          Could not list episodes: {listingError}
        </p>
      )}
      <ul className="episode-list">
        {episodes.map((e) => {
          const isCurrent = e.path === current;
          return (
            <li key={e.path}>
              <button
                type="button"
                className="episode-item"
                aria-current={isCurrent ? "true" : undefined}
                title={e.path}
                onClick={() => void episodeStore.getState().openEpisode(e.path)}
              >
                <span className="episode-name">
                  {isCurrent ? (status === "loading" ? "◌ " : status === "error" ? "⚠ " : "▶ ") : ""}
                  {e.name}
                </span>
                <span className="episode-meta muted">
                  {e.path !== `${e.name}.mcap` ? `${e.path} · ` : ""}
                  {formatBytes(e.sizeBytes)}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
