/**
 * The open episode's file changed on disk (replaced, truncated, grown, removed — the `episode.fileChanged` event): a
 * banner fixed at the top of the window (role="alert") naming the file and what changed, with Reload. What is shown
 * until then is what was read before the change; the labels are untouched.
 */
import { player } from "../../app/player.ts";
import { useEpisode } from "../../stores/episode.ts";
import "../../styles/floatingAlert.css";
import "../../styles/fileChangedAlert.css";

/** The "changed on disk — reload" banner (nothing while the file is as opened). */
export function FileChangedAlert() {
  const message = useEpisode((s) => s.fileChanged);
  if (message === null) return null;
  return (
    <div className="floating-alert file-changed-alert" role="alert" data-testid="file-changed-alert">
      <strong>The episode file changed on disk — reload.</strong>
      <span className="floating-alert-message">{message.replace(/\s*— reload$/, "")}</span>
      <button type="button" onClick={() => void player.reload()}>
        Reload
      </button>
    </div>
  );
}
