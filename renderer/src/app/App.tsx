/**
 * The review screen (DESIGN §2b): episodes on the left, cameras above joint plots in the middle, the inspector on the
 * right, transport and timeline at the bottom, in panes the user resizes (Workspace.tsx). A composition root: overlays
 * and dialogs slot in beside the workspace.
 */
import { ShortcutSheet } from "../keyboard/ShortcutSheet.tsx";
import { useDatasetHotkeys } from "../keyboard/useDatasetHotkeys.ts";
import { useHotkeys } from "../keyboard/useHotkeys.ts";
import { useEpisode, useEpisodeNow } from "../stores/episode.ts";
import { selectEpisodeError, selectEpisodeStatus, selectListingIsEmpty, selectSummary, selectCurrentPath, selectDatasetRoot } from "../stores/selectors.ts";
import { AnnotationDialogs } from "../components/annotation/dialogs/AnnotationDialogs.tsx";
import { ImportDialog } from "../components/import/ImportDialog.tsx";
import { ExportDialog } from "../components/export/ExportDialog.tsx";
import { DropOpener } from "../components/open/DropOpener.tsx";
import { OpenDialog } from "../components/open/OpenDialog.tsx";
import { CameraGrid } from "../components/cameras/CameraGrid.tsx";
import { DamageBanner } from "../components/common/DamageBanner.tsx";
import { EmptyState } from "../components/common/EmptyState.tsx";
import { ErrorPanel } from "../components/common/ErrorPanel.tsx";
import { Inspector } from "../components/inspector/Inspector.tsx";
import { SaveFailedAlert } from "../components/common/SaveFailedAlert.tsx";
import { FileChangedAlert } from "../components/common/FileChangedAlert.tsx";
import { JointPlots } from "../components/plots/JointPlots.tsx";
import { PlotWorkbench } from "../components/plots/PlotWorkbench.tsx";
import { EpisodeList } from "../components/sidebar/EpisodeList.tsx";
import { Timeline } from "../components/timeline/Timeline.tsx";
import { TransportBar } from "../components/transport/TransportBar.tsx";
import { useStartup } from "./useStartup.ts";
import { datasetStore } from "../stores/dataset.ts";
import { markRowUnusable } from "../stores/markUnusable.ts";
import { Workspace } from "./Workspace.tsx";

/**
 * What the stage shows instead of cameras and plots (error, loading, empty), or null when an episode is open. Read
 * as the store is now (never held back): the camera tiles of an episode being opened mount while the other panes
 * still show its "loading" state (paneView.ts).
 */
function useStageFallback(): React.ReactNode | null {
  const status = useEpisodeNow(selectEpisodeStatus);
  const error = useEpisodeNow(selectEpisodeError);
  const summary = useEpisodeNow(selectSummary);
  const path = useEpisodeNow(selectCurrentPath);
  const empty = useEpisode(selectListingIsEmpty);
  if (status === "error" && error) {
    const row = path ? datasetStore.getState().rows.find((r) => r.path === path) : undefined;
    return (
      <ErrorPanel
        title={`Could not open ${path ?? "the episode"}`}
        message={error.message}
        code={error.code}
        actions={
          row && (
            <button type="button" onClick={() => void markRowUnusable(row.path)}>
              Mark unusable <span className="muted">(4)</span>
            </button>
          )
        }
      />
    );
  }
  if (status === "loading" && !summary) {
    return (
      <div className="panel-empty" role="status">
        Opening {path}…
      </div>
    );
  }
  if (!summary) return empty ? <EmptyState /> : <div className="panel-empty">No episode open.</div>;
  return null;
}

/** The whole app: the arranged workspace (Workspace.tsx) and the dialogs over it. */
export function App() {
  useStartup();
  useHotkeys();
  useDatasetHotkeys();
  const summary = useEpisode(selectSummary);
  const root = useEpisode(selectDatasetRoot) ?? "";
  const stage = useStageFallback();
  return (
    <>
      <Workspace
        root={root}
        sidebar={<EpisodeList />}
        stage={stage}
        cameras={<CameraGrid />}
        plots={
          <>
            <JointPlots />
            <PlotWorkbench />
          </>
        }
        inspector={<Inspector />}
        transport={<TransportBar />}
        timeline={summary && <Timeline />}
      />
      <AnnotationDialogs />
      <ImportDialog />
      <ExportDialog />
      <OpenDialog />
      <DropOpener />
      <ShortcutSheet />
      <SaveFailedAlert />
      <FileChangedAlert />
      <DamageBanner />
    </>
  );
}
