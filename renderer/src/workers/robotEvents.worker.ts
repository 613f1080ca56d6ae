/**
 * Worker that finds the robot events of an episode's joint series (shared/annotation/snapTargets.ts robotEventsOf):
 * on a 306 s bimanual episode (61k samples × 14 joints) the search costs ~300 ms, which on the page's main thread
 * held up the plots of every open.
 */
import { robotEventsOf } from "../../../shared/annotation/snapTargets.ts";
import type { RobotEventsReply, RobotEventsRequest } from "./robotEventsProtocol.ts";

self.onmessage = (e: MessageEvent<RobotEventsRequest>) => {
  const { id, series } = e.data;
  let reply: RobotEventsReply;
  try {
    reply = { id, events: robotEventsOf(series) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  (self as unknown as Worker).postMessage(reply);
};
