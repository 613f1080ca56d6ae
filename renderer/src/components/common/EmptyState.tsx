/** What to do when there is nothing to show. */
import { isDesktop } from "../../ipc/api.ts";
import { importStore } from "../../stores/importJob.ts";
import { openDialogStore } from "../../stores/openDialog.ts";

/** The empty dataset: open a folder, or import a dataset in another format. */
export function EmptyState() {
  return (
    <div className="empty-state" role="note">
      <h1>No episodes</h1>
      {isDesktop ? (
        <p>
          Open a folder of .mcap episodes — File › Open, or <code>episcope serve &lt;folder&gt;</code>
        </p>
      ) : (
        <p>
          <button type="button" onClick={() => openDialogStore.getState().show()}>
            Open…
          </button>{" "}
          <span className="muted">(Ctrl+O)</span> an episode of the served folder, or drop one of its .mcap files here; to
          review another folder, run <code>episcope serve &lt;folder&gt;</code>
        </p>
      )}
      <p>
        <button type="button" onClick={() => importStore.getState().show()}>
          Import a LeRobot, RLDS or ROS 1 dataset…
        </button>{" "}
        <span className="muted">(Shift+I)</span>
      </p>
    </div>
  );
}
