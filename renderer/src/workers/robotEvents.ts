/**
 * The robot events of a set of joint series (see shared/annotation/snapTargets.ts robotEventsOf), found in a worker
 * (robotEvents.worker.ts) so the page's main thread stays free for pictures and plots; the last answer is kept per
 * set of series. Where workers are missing (unit tests under Node) they are found on the calling thread.
 */
import type { RobotEvent } from "../../../shared/annotation/robotEvents.ts";
import { robotEventsOf } from "../../../shared/annotation/snapTargets.ts";
import type { NumericSeries } from "../../../shared/episode.ts";
import type { RobotEventsReply, RobotEventsRequest } from "./robotEventsProtocol.ts";

let worker: Worker | null | undefined;
let nextId = 1;
const pending = new Map<number, { resolve(events: RobotEvent[]): void; reject(error: Error): void }>();
let last: { series: readonly NumericSeries[]; events: Promise<RobotEvent[]> } | null = null;

function theWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = typeof Worker === "function" ? new Worker(new URL("./robotEvents.worker.ts", import.meta.url), { type: "module", name: "robot-events" }) : null;
  } catch {
    worker = null;
  }
  if (worker) {
    worker.onmessage = (e: MessageEvent<RobotEventsReply>) => {
      const p = pending.get(e.data.id);
      if (!p) return;
      pending.delete(e.data.id);
      if ("events" in e.data) p.resolve(e.data.events);
      else p.reject(new Error(`robot events: ${e.data.error}`));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(new Error(`the robot events worker failed: ${e.message}`));
      }
    };
  }
  return worker;
}

/**
 * The events of `series` in time order. The same array of series asked again gets the same promise.
 * @throws (rejects) Error when the worker fails
 */
export function findRobotEvents(series: readonly NumericSeries[]): Promise<RobotEvent[]> {
  if (last?.series === series) return last.events;
  const w = series.length > 0 ? theWorker() : null;
  const events = !w
    ? new Promise<RobotEvent[]>((resolve) => resolve(robotEventsOf(series)))
    : new Promise<RobotEvent[]>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        w.postMessage({ id, series } satisfies RobotEventsRequest);
      });
  last = { series, events };
  return events;
}
