/**
 * The plot area: one uPlot panel per joint group (arm, gripper, per side on bimanual robots; jointGroups.ts) of each
 * joints channel, each at least 140 px tall in a scrolling column.
 */
import { channelJointGroups, type JointGroup } from "../../../../shared/playback/jointGroups.ts";
import type { ChannelSummary } from "../../../../shared/episode.ts";
import { useEpisode } from "../../stores/episode.ts";
import { selectJointChannels, selectSeriesErrors, selectSummary } from "../../stores/selectors.ts";
import { JointPlot } from "./JointPlot.tsx";

/** JointState positions are in rad (revolute) or m (prismatic, e.g. a gripper's fingers), per sensor_msgs/JointState. */
function unitOf(channel: ChannelSummary, group: JointGroup): string {
  if (!/JointState$/.test(channel.schemaName)) return "";
  return group.name.includes("gripper") ? "rad / m" : "rad";
}

/** Joint plots of the open episode. */
export function JointPlots() {
  const joints = useEpisode(selectJointChannels);
  const summary = useEpisode(selectSummary);
  const errors = useEpisode(selectSeriesErrors);
  const series = useEpisode((s) => s.series);
  const overviews = useEpisode((s) => s.seriesOverviews);
  if (!summary) return null;
  if (joints.length === 0) {
    return (
      <div className="panel-empty" role="note">
        No joint-state channel in this episode.
      </div>
    );
  }
  const labelsOf = (topic: string) => (series[topic] ?? overviews[topic])?.fields.map((f) => f.label) ?? [];
  return (
    <div className="plots" role="group" aria-label="Joint plots">
      {joints.flatMap((c) => {
        const labels = labelsOf(c.topic);
        const groups = labels.length
          ? channelJointGroups(
              labels,
              joints.filter((o) => o.topic !== c.topic).map((o) => labelsOf(o.topic)),
            )
          : [{ name: "all", fields: [] }];
        return groups.map((g) => (
          <JointPlot
            key={`${summary.episodeId}:${c.topic}:${g.name}`}
            channel={c}
            startNs={summary.startNs}
            endNs={summary.endNs}
            error={errors[c.topic]}
            group={g.fields.length ? g : undefined}
            unit={unitOf(c, g)}
          />
        ));
      })}
    </div>
  );
}
