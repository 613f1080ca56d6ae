/**
 * Open (Ctrl+O or Ctrl+Shift+O in `episcope serve`; the desktop app has File › Open): type a path under the served
 * folder and press Enter, or browse its folders (a folder opens into its contents, an episode opens for review), or
 * pick a recent path. Only what lies under the served folder can be opened (the server refuses anything else).
 */
import { useState } from "react";
import { isDesktop } from "../../ipc/api.ts";
import { useCommand } from "../../keyboard/commandRegistry.ts";
import { openDialogStore, useOpenDialog } from "../../stores/openDialog.ts";
import { formatBytes } from "../inspector/EpisodeFacts.tsx";
import { JobDialog } from "../common/JobDialog.tsx";
import "./openDialog.css";

/** The Open dialog (rendered while open) and its commands (serve mode only: the desktop's are in its File menu). */
export function OpenDialog() {
  if (isDesktop) return null;
  return <ServeOpenDialog />;
}

function ServeOpenDialog() {
  const show = () => openDialogStore.getState().show();
  useCommand("file.open", "Open an episode of the served folder", "File", show);
  useCommand("file.openFolder", "Browse the served folder", "File", show);
  const open = useOpenDialog((s) => s.open);
  if (!open) return null;
  return <OpenDialogBody />;
}

function OpenDialogBody() {
  const listing = useOpenDialog((s) => s.listing);
  const error = useOpenDialog((s) => s.error);
  const loading = useOpenDialog((s) => s.loading);
  const recent = useOpenDialog((s) => s.recent);
  const [typed, setTyped] = useState("");
  const store = openDialogStore.getState();
  const where = listing ? (listing.dir ? `${listing.root}/${listing.dir}` : listing.root) : "…";
  return (
    <JobDialog titleId="open-title" title="Open" busy={false} onClose={() => store.hide()}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (typed.trim()) void store.openPath(typed);
        }}
      >
        <label>
          Path of an episode (.mcap) or folder, relative to the served folder — Enter opens
          <input
            aria-label="Path to open"
            value={typed}
            autoFocus
            placeholder={`e.g. ${listing?.entries.find((e) => e.kind === "episode")?.path ?? "day1/episode_001.mcap"}`}
            onChange={(e) => setTyped(e.target.value)}
          />
        </label>
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
        <div className="open-where">
          <button type="button" disabled={!listing || listing.parent === null} onClick={() => listing?.parent != null && void store.browse(listing.parent)}>
            ↑ Up
          </button>
          <span aria-label="Folder shown">{where}</span>
          {listing?.single && <span>(one file is served: nothing else in its folder can be opened)</span>}
        </div>
        <ul className="open-entries" aria-label="Folder contents" aria-busy={loading}>
          {listing?.entries.map((entry) => (
            <li key={entry.path}>
              <button
                type="button"
                onClick={() => (entry.kind === "folder" ? void store.browse(entry.path) : void store.openPath(entry.path))}
              >
                <span>{entry.kind === "folder" ? `${entry.name}/` : entry.name}</span>
                <span className="open-size">{entry.kind === "folder" ? "folder" : entry.sizeBytes !== null ? formatBytes(entry.sizeBytes) : "episode"}</span>
              </button>
            </li>
          ))}
          {listing && listing.entries.length === 0 && <li className="muted">No folders or episodes here.</li>}
        </ul>
        {recent.length > 0 && (
          <>
            <span className="muted">Recent</span>
            <ul className="open-recent" aria-label="Recent paths">
              {recent.map((p) => (
                <li key={p}>
                  <button type="button" onClick={() => void store.openPath(p)}>
                    {p}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        <div className="open-dialog-actions">
          <button type="button" onClick={() => store.hide()}>
            Cancel
          </button>
          <button type="submit" disabled={!typed.trim()}>
            Open
          </button>
        </div>
      </form>
    </JobDialog>
  );
}
