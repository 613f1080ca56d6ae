/**
 * The robot events of the open episode (gripper open/close/turn, joint-velocity zero crossings; found in its joint
 * series by shared/annotation/robotEvents.ts) and the snap tolerance in effect (the reviewer's, else the dataset
 * config's `snapToleranceMs`).
 */
import { useMemo } from "react";
import type { SnapTargets } from "../../../../shared/annotation/chunkEdit.ts";
import type { RobotEvent } from "../../../../shared/annotation/robotEvents.ts";
import { eventTimes, robotEventsOf, toleranceNsOfMs } from "../../../../shared/annotation/snapTargets.ts";
import { useDatasetConfig } from "../../stores/annotationConfig.ts";
import { useAnnotationPrefs } from "../../stores/annotationPrefs.ts";
import { useEpisode } from "../../stores/episode.ts";
import { selectDatasetRoot, selectJointSeries } from "../../stores/selectors.ts";

/** Events and snap targets of the open episode (recomputed as its joint series arrive). */
export interface EpisodeSnap {
  events: readonly RobotEvent[];
  snap: SnapTargets;
  /** The tolerance in effect (ms). */
  toleranceMs: number;
}

/** The robot events and snap targets of the open episode. */
export function useSnapTargets(): EpisodeSnap {
  const series = useEpisode(selectJointSeries);
  const root = useEpisode(selectDatasetRoot);
  const config = useDatasetConfig(root);
  const override = useAnnotationPrefs((s) => s.snapToleranceMs);
  const toleranceMs = override ?? config.snapToleranceMs;
  const events = useMemo(() => robotEventsOf(series), [series]);
  const times = useMemo(() => eventTimes(events), [events]);
  const snap = useMemo(() => ({ eventTimesNs: times, toleranceNs: toleranceNsOfMs(toleranceMs) }), [times, toleranceMs]);
  return { events, snap, toleranceMs };
}
