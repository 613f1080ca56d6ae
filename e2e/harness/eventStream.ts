import type { EventMessage } from "../../shared/ipc/contract.ts";
import { readEventStream } from "./readEventStream.ts";
import { tokenOf } from "./serveProcess.ts";

/** An event received by the test process, with `Date.now()` at receipt (ms). */
export type ReceivedEvent = EventMessage & { t: number };

/**
 * Open `GET /events` of a running serve from the test process (with its token) and collect every event as it is
 * parsed — a second receiver beside the page, to time the page's receipt against.
 */
export async function openEventStream(baseUrl: string): Promise<{ events: ReceivedEvent[]; close(): void }> {
  const token = tokenOf(baseUrl);
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/events`, { headers: token ? { authorization: `token ${token}` } : {}, signal: controller.signal });
  if (!response.ok || !response.body) throw new Error(`GET /events: HTTP ${response.status}`);
  const events: ReceivedEvent[] = [];
  void readEventStream(response.body, (event) => events.push({ ...event, t: Date.now() }));
  return { events, close: () => controller.abort() };
}
