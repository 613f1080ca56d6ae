/** The plot area: one uPlot panel per joints channel. */
import { useEpisode } from "../../stores/episode.ts";
import { selectJointChannels, selectSeriesErrors, selectSummary } from "../../stores/selectors.ts";
import { JointPlot } from "./JointPlot.tsx";

/** Joint plots of the open episode. */
export function JointPlots() {
  const joints = useEpisode(selectJointChannels);
  const summary = useEpisode(selectSummary);
  const errors = useEpisode(selectSeriesErrors);
  if (!summary) return null;
  if (joints.length === 0) {
    return (
      <div className="panel-empty" role="note">
        No joint-state channel in this episode.
      </div>
    );
  }
  return (
    <div className="plots" role="group" aria-label="Joint plots">
      {joints.map((c) => (
        <JointPlot key={`${summary.episodeId}:${c.topic}`} channel={c} startNs={summary.startNs} endNs={summary.endNs} error={errors[c.topic]} />
      ))}
    </div>
  );
}
