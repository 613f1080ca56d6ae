/**
 * The bottom timeline: overview waveform with the segments as regions, one frame-tick row per camera, the loop
 * selection and a playhead over all of them; below, the annotation tiers on the same time axis.
 */
import { useEpisode } from "../../stores/episode.ts";
import { selectCameraChannels, selectFrameIndexes, selectSummary } from "../../stores/selectors.ts";
import { AnnotationTiers } from "./AnnotationTiers.tsx";
import { CameraTicksRow } from "./CameraTicksRow.tsx";
import { LoopBand } from "./LoopBand.tsx";
import { Overview } from "./Overview.tsx";
import { Playhead } from "./Playhead.tsx";

/** The timeline of the open episode. */
export function Timeline() {
  const summary = useEpisode(selectSummary);
  const cameras = useEpisode(selectCameraChannels);
  const indexes = useEpisode(selectFrameIndexes);
  if (!summary) return null;
  const { startNs, endNs } = summary;
  return (
    <div className="timeline" role="group" aria-label="Timeline">
      <div className="timeline-labels" aria-hidden="true">
        <div className="timeline-label timeline-label-overview">joint speed</div>
        {cameras.map((c) => (
          <div key={c.topic} className="timeline-label" title={c.topic}>
            {c.topic}
          </div>
        ))}
      </div>
      <div className="timeline-tracks">
        {endNs > startNs ? <Overview key={summary.episodeId} startNs={startNs} endNs={endNs} /> : <div className="overview overview-empty">episode has no duration</div>}
        {cameras.map((c) => (
          <CameraTicksRow key={c.topic} topic={c.topic} index={indexes[c.topic] ?? null} startNs={startNs} endNs={endNs} />
        ))}
        <LoopBand />
        <Playhead />
      </div>
      {endNs > startNs && <AnnotationTiers key={summary.episodeId} startNs={startNs} endNs={endNs} />}
    </div>
  );
}
