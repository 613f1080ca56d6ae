/**
 * User plot panels under the joint plots: "Add plot" creates a SeriesPanel; several can be open.
 */
import { useState } from "react";
import { useEpisode } from "../../stores/episode.ts";
import { selectSummary } from "../../stores/selectors.ts";
import { SeriesPanel } from "./SeriesPanel.tsx";

/** The plot panels of the open episode. */
export function PlotWorkbench() {
  const summary = useEpisode(selectSummary);
  const [panels, setPanels] = useState<number[]>([]);
  const [next, setNext] = useState(0);
  if (!summary) return null;
  return (
    <div className="plot-workbench" role="group" aria-label="Plot panels">
      {panels.map((id, i) => (
        <SeriesPanel
          key={`${summary.episodeId}:${id}`}
          index={i}
          episodeId={summary.episodeId}
          startNs={summary.startNs}
          endNs={summary.endNs}
          channels={summary.channels}
          onRemove={() => setPanels((p) => p.filter((x) => x !== id))}
        />
      ))}
      <button
        type="button"
        className="text-button add-plot"
        onClick={() => {
          setPanels((p) => [...p, next]);
          setNext(next + 1);
        }}
      >
        + Add plot
      </button>
    </div>
  );
}
