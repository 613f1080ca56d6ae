/** Messages between robotEvents.ts and robotEvents.worker.ts. */
import type { RobotEvent } from "../../../shared/annotation/robotEvents.ts";
import type { NumericSeries } from "../../../shared/episode.ts";

/** Find the events of these series (copied to the worker). */
export interface RobotEventsRequest {
  id: number;
  series: readonly NumericSeries[];
}

/** The events in time order, or why they could not be found. */
export type RobotEventsReply = { id: number; events: RobotEvent[] } | { id: number; error: string };
