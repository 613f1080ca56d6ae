/**
 * The review screen (DESIGN §2b): episodes on the left, cameras above joint plots in the middle, the inspector on the
 * right, transport and timeline at the bottom.
 */
import { ShortcutSheet } from "../keyboard/ShortcutSheet.tsx";
import { useDatasetHotkeys } from "../keyboard/useDatasetHotkeys.ts";
import { useHotkeys } from "../keyboard/useHotkeys.ts";
import { useEpisode } from "../stores/episode.ts";
import { selectEpisodeError, selectEpisodeStatus, selectListingIsEmpty, selectSummary, selectCurrentPath } from "../stores/selectors.ts";
import { AnnotationDialogs } from "../components/annotation/dialogs/AnnotationDialogs.tsx";
import { ImportDialog } from "../components/import/ImportDialog.tsx";
import { ExportDialog } from "../components/export/ExportDialog.tsx";
import { CameraGrid } from "../components/cameras/CameraGrid.tsx";
import { EmptyState } from "../components/common/EmptyState.tsx";
import { ErrorPanel } from "../components/common/ErrorPanel.tsx";
import { Inspector } from "../components/inspector/Inspector.tsx";
import { SaveFailedAlert } from "../components/common/SaveFailedAlert.tsx";
import { JointPlots } from "../components/plots/JointPlots.tsx";
import { PlotWorkbench } from "../components/plots/PlotWorkbench.tsx";
import { EpisodeList } from "../components/sidebar/EpisodeList.tsx";
import { Timeline } from "../components/timeline/Timeline.tsx";
import { TransportBar } from "../components/transport/TransportBar.tsx";
import { useStartup } from "./useStartup.ts";

/** The center area for the current state. */
function Stage() {
  const status = useEpisode(selectEpisodeStatus);
  const error = useEpisode(selectEpisodeError);
  const summary = useEpisode(selectSummary);
  const path = useEpisode(selectCurrentPath);
  const empty = useEpisode(selectListingIsEmpty);
  if (status === "error" && error) {
    return <ErrorPanel title={`Could not open ${path ?? "the episode"}`} message={error.message} code={error.code} />;
  }
  if (status === "loading" && !summary) {
    return (
      <div className="panel-empty" role="status">
        Opening {path}…
      </div>
    );
  }
  if (!summary) return empty ? <EmptyState /> : <div className="panel-empty">No episode open.</div>;
  return (
    <>
      <div className="stage-cameras">
        <CameraGrid />
      </div>
      <div className="stage-plots">
        <JointPlots />
        <PlotWorkbench />
      </div>
    </>
  );
}

/** The whole app. */
export function App() {
  useStartup();
  useHotkeys();
  useDatasetHotkeys();
  const summary = useEpisode(selectSummary);
  return (
    <div className="app">
      <EpisodeList />
      <main className="stage" aria-label="Review">
        <Stage />
      </main>
      <Inspector />
      <footer className="bottom" aria-label="Transport and timeline">
        <TransportBar />
        {summary && <Timeline />}
      </footer>
      <AnnotationDialogs />
      <ImportDialog />
      <ExportDialog />
      <ShortcutSheet />
      <SaveFailedAlert />
    </div>
  );
}
