/**
 * The annotation tiers under the overview, one collapsible row each, on the same time axis as the overview and the
 * camera tick rows (the label column is `--tl-label-w` wide, the track column spans the rest, times map to percent
 * of its width): Outcome & quality, Segments, Action chunks, Instructions, Reward. Also registers the segment and
 * chunk keyboard commands while an episode is shown.
 */
import "../../styles/tiers.css";
import { useEffect, type ReactNode } from "react";
import { InstructionTier } from "../annotation/instructions/InstructionTier.tsx";
import { RewardTier } from "../annotation/rewards/RewardTier.tsx";
import { annotationStore, useAnnotation } from "../../stores/annotation.ts";
import { useDatasetConfig } from "../../stores/annotationConfig.ts";
import { annotationPrefsStore, useAnnotationPrefs, type TierId } from "../../stores/annotationPrefs.ts";
import { useEpisode } from "../../stores/episode.ts";
import { selectDatasetRoot, selectUnsaved } from "../../stores/selectors.ts";
import { ChunksTier } from "./ChunksTier.tsx";
import { OverlayTier } from "./OverlayTier.tsx";
import { Playhead } from "./Playhead.tsx";
import { QualityStrip } from "./QualityStrip.tsx";
import { SegmentsTier } from "./SegmentsTier.tsx";
import { SuggestionsRow } from "./SuggestionsRow.tsx";
import { SnapToleranceInput } from "./SnapToleranceInput.tsx";
import { useChunkCommands } from "./useChunkCommands.ts";
import { useSegmentCommands } from "./useSegmentCommands.ts";
import { useSnapTargets } from "./useSnapTargets.ts";

/** Props of the tiers. */
export interface AnnotationTiersProps {
  startNs: bigint;
  endNs: bigint;
}

/** One tier: a label (click to collapse / expand; extra controls below it) and its track. */
function Tier({ id, label, extra, children }: { id: TierId; label: string; extra?: ReactNode; children: ReactNode }) {
  const collapsed = useAnnotationPrefs((s) => s.collapsed[id]);
  return (
    <section className="tier" data-tier={id} data-collapsed={collapsed ? "true" : "false"} aria-label={label}>
      <div className="tier-label">
        <button
          type="button"
          className="tier-toggle"
          aria-expanded={!collapsed}
          aria-controls={`tier-track-${id}`}
          onClick={() => annotationPrefsStore.getState().toggleTier(id)}
        >
          <span aria-hidden="true">{collapsed ? "▸" : "▾"}</span> {label}
        </button>
        {!collapsed && extra}
      </div>
      <div className="tier-track" id={`tier-track-${id}`}>
        {collapsed ? <div className="tier-collapsed" /> : children}
      </div>
    </section>
  );
}

/** The annotation tiers of the open episode. */
export function AnnotationTiers({ startNs, endNs }: AnnotationTiersProps) {
  const root = useEpisode(selectDatasetRoot);
  const config = useDatasetConfig(root);
  const { events, snap, toleranceMs, eventsError } = useSnapTargets();
  useSegmentCommands(config.segmentKinds);
  // New segments get a kind of this dataset (the first one when the picked kind is not in its config).
  useEffect(() => {
    const store = annotationStore.getState();
    if (!config.segmentKinds.includes(store.newSegmentKind)) store.setSegmentKind(config.segmentKinds[0]!);
  }, [config.segmentKinds]);
  useChunkCommands(config.primitives, snap);
  const unsaved = useAnnotation(selectUnsaved);
  return (
    <div className="annotation-tiers" role="group" aria-label="Annotation tiers" data-unsaved={unsaved ? "true" : undefined}>
      <Tier id="quality" label="Outcome & quality">
        <QualityStrip />
      </Tier>
      <Tier id="segments" label="Segments">
        <SegmentsTier startNs={startNs} endNs={endNs} kinds={config.segmentKinds} />
        <SuggestionsRow startNs={startNs} endNs={endNs} />
      </Tier>
      <Tier
        id="chunks"
        label="Action chunks"
        extra={
          <>
            <SnapToleranceInput valueMs={toleranceMs} />
            {eventsError && (
              <span className="tier-warning" role="status" title={eventsError}>
                robot events not found: no snapping
              </span>
            )}
          </>
        }
      >
        <ChunksTier startNs={startNs} endNs={endNs} events={events} snap={snap} />
      </Tier>
      <Tier id="instructions" label="Instructions">
        <InstructionTier />
      </Tier>
      <Tier id="reward" label="Reward">
        <RewardTier />
      </Tier>
      <OverlayTier startNs={startNs} endNs={endNs} />
      <div className="tiers-overlay" aria-hidden="true">
        <Playhead className="tier-playhead" startNs={startNs} endNs={endNs} />
      </div>
    </div>
  );
}
