/**
 * Serve's event transport: `GET /events` answers with a stream of server-sent events
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html), one `data:` line per event of the IPC contract
 * (eventWire.ts text). A new stream first gets the retained events (the last progress of each job kind), so a page
 * that connects after a job started (or ended) still sees where it stands. A comment line every HEARTBEAT_MS keeps
 * proxies and the browser from timing the stream out. The caller checks the token before calling this.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EventHub } from "../../shared/ipc/eventHub.ts";
import { encodeEventText } from "../../shared/ipc/eventWire.ts";

/** Interval of the keep-alive comment (ms). */
const HEARTBEAT_MS = 15_000;

/**
 * Stream `hub`'s events to `res` until the client goes away (or the server closes the connection).
 * @returns at once; the stream lives on
 */
export function serveEventStream(req: IncomingMessage, res: ServerResponse, hub: EventHub): void {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    connection: "keep-alive",
  });
  // Reconnect after 1 s when the connection drops (EventSource does so by itself).
  res.write("retry: 1000\n\n");
  const unsubscribe = hub.subscribe(
    ({ event, payload }) => {
      let text: string;
      try {
        text = encodeEventText(event, payload);
      } catch {
        return; // declared events carry no binary data; a payload that cannot be text is not sent
      }
      res.write(`data: ${text}\n\n`);
    },
    { replay: true },
  );
  const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), HEARTBEAT_MS);
  heartbeat.unref();
  const stop = () => {
    clearInterval(heartbeat);
    unsubscribe();
  };
  req.on("close", stop);
  res.on("close", stop);
}
