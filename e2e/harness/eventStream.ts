import { decodeEventText } from "../../shared/ipc/eventWire.ts";
import type { EventMessage } from "../../shared/ipc/contract.ts";
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
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffered.indexOf("\n\n")) >= 0) {
        const data = buffered.slice(0, end).split("\n").find((l) => l.startsWith("data: "));
        buffered = buffered.slice(end + 2);
        if (data) events.push({ ...decodeEventText(data.slice(6)), t: Date.now() });
      }
    }
  })();
  return { events, close: () => controller.abort() };
}
