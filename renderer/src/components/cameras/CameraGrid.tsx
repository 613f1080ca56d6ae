/**
 * The camera grid: one tile per camera channel with frames, laid out 1–6 tiles per screen.
 */
import { useEpisode } from "../../stores/episode.ts";
import { selectCameraChannels, selectFrameIndexErrors, selectSummary } from "../../stores/selectors.ts";
import { CameraTile } from "./CameraTile.tsx";
import { gridShape } from "./gridShape.ts";

/** Camera tiles of the open episode. */
export function CameraGrid() {
  const cameras = useEpisode(selectCameraChannels);
  const summary = useEpisode(selectSummary);
  const errors = useEpisode(selectFrameIndexErrors);
  if (!summary) return null;
  if (cameras.length === 0) {
    return (
      <div className="panel-empty" role="note">
        No camera channel with frames in this episode.
      </div>
    );
  }
  const { cols, rows } = gridShape(cameras.length);
  return (
    <div
      className="camera-grid"
      role="group"
      aria-label="Cameras"
      style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))` }}
    >
      {cameras.map((c) => (
        <CameraTile key={`${summary.episodeId}:${c.topic}`} channel={c} episodeId={summary.episodeId} startNs={summary.startNs} indexError={errors[c.topic]} />
      ))}
    </div>
  );
}
