/**
 * The robot events of the open episode (gripper open/close/turn, joint-velocity zero crossings; found in its joint
 * series by shared/annotation/robotEvents.ts) and the snap tolerance in effect (the reviewer's, else the dataset
 * config's `snapToleranceMs`).
 */
import { useEffect, useMemo, useState } from "react";
import type { SnapTargets } from "../../../../shared/annotation/chunkEdit.ts";
import type { RobotEvent } from "../../../../shared/annotation/robotEvents.ts";
import { eventTimes, toleranceNsOfMs } from "../../../../shared/annotation/snapTargets.ts";
import type { NumericSeries } from "../../../../shared/episode.ts";
import { errorMessage } from "../../app/errors.ts";
import { useDatasetConfig } from "../../stores/annotationConfig.ts";
import { useAnnotationPrefs } from "../../stores/annotationPrefs.ts";
import { useEpisode } from "../../stores/episode.ts";
import { selectDatasetRoot, selectJointSeries } from "../../stores/selectors.ts";
import { findRobotEvents } from "../../workers/robotEvents.ts";

const NO_EVENTS: readonly RobotEvent[] = [];

/**
 * Events and snap targets of the open episode (found again in a worker as its joint series arrive; none until the
 * worker answers, a few hundred ms at most).
 */
export interface EpisodeSnap {
  events: readonly RobotEvent[];
  snap: SnapTargets;
  /** The tolerance in effect (ms). */
  toleranceMs: number;
  /** Why the robot events could not be found (nothing then snaps), or null. */
  eventsError: string | null;
}

/** The robot events and snap targets of the open episode. */
export function useSnapTargets(): EpisodeSnap {
  const series = useEpisode(selectJointSeries);
  const root = useEpisode(selectDatasetRoot);
  const config = useDatasetConfig(root);
  const override = useAnnotationPrefs((s) => s.snapToleranceMs);
  const toleranceMs = override ?? config.snapToleranceMs;
  const [found, setFound] = useState<{ series: readonly NumericSeries[]; events: readonly RobotEvent[]; error: string | null } | null>(null);
  useEffect(() => {
    let live = true;
    findRobotEvents(series).then(
      (events) => live && setFound({ series, events, error: null }),
      (error: unknown) => live && setFound({ series, events: NO_EVENTS, error: errorMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [series]);
  const events = found?.series === series ? found.events : NO_EVENTS;
  const times = useMemo(() => eventTimes(events), [events]);
  const snap = useMemo(() => ({ eventTimesNs: times, toleranceNs: toleranceNsOfMs(toleranceMs) }), [times, toleranceMs]);
  return { events, snap, toleranceMs, eventsError: found?.series === series ? found.error : null };
}
