/**
 * The robot events of a set of joint series (see shared/annotation/snapTargets.ts robotEventsOf), found in a worker
 * (robotEvents.worker.ts) so the page's main thread stays free for pictures and plots; the last answer is kept per
 * set of series. Where workers are missing (unit tests under Node) they are found on the calling thread.
 */
import type { RobotEvent } from "../../../shared/annotation/robotEvents.ts";
import { robotEventsOf } from "../../../shared/annotation/snapTargets.ts";
import type { NumericSeries } from "../../../shared/episode.ts";
import type { RobotEventsReply, RobotEventsRequest } from "./robotEventsProtocol.ts";
import { WorkerCalls } from "./workerCalls.ts";

let calls: WorkerCalls<RobotEventsReply> | null | undefined;
let last: { series: readonly NumericSeries[]; events: Promise<RobotEvent[]> } | null = null;

function workerCalls(): WorkerCalls<RobotEventsReply> | null {
  if (calls !== undefined) return calls;
  try {
    calls = typeof Worker === "function" ? new WorkerCalls<RobotEventsReply>(new Worker(new URL("./robotEvents.worker.ts", import.meta.url), { type: "module", name: "robot-events" }), "the robot events") : null;
  } catch {
    calls = null;
  }
  return calls;
}

/**
 * The events of `series` in time order. The same array of series asked again gets the same promise.
 * @throws (rejects) Error when the worker fails
 */
export function findRobotEvents(series: readonly NumericSeries[]): Promise<RobotEvent[]> {
  if (last?.series === series) return last.events;
  const c = series.length > 0 ? workerCalls() : null;
  const events = !c
    ? new Promise<RobotEvent[]>((resolve) => resolve(robotEventsOf(series)))
    : new Promise<RobotEventsReply>((resolve) => resolve(c.call({ series } satisfies Omit<RobotEventsRequest, "id">).reply)).then((r) => {
        if ("events" in r) return r.events;
        throw new Error(`robot events: ${r.error}`);
      });
  last = { series, events };
  return events;
}
