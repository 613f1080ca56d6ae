/**
 * Test and bench helper: the client side of serve's `GET /events` (server-sent events, one `data:` line per event,
 * events separated by a blank line; https://html.spec.whatwg.org/multipage/server-sent-events.html) for code that is
 * not a browser (a browser page uses EventSource).
 */
import type { EventMessage } from "../../shared/ipc/contract.ts";
import { decodeEventText } from "../../shared/ipc/eventWire.ts";

/**
 * Read the event stream `body` until it ends or its request is aborted, calling `onEvent` with each event as soon as
 * it is parsed (decoded and validated against the contract, eventWire.ts). Resolves when the stream ends; a read
 * error (an aborted request) ends it quietly.
 * @throws EpiscopeError from decodeEventText for an event that does not match the contract
 */
export async function readEventStream(body: ReadableStream<Uint8Array>, onEvent: (event: EventMessage) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
    if (done) return;
    buffered += decoder.decode(value, { stream: true });
    for (let end = buffered.indexOf("\n\n"); end >= 0; end = buffered.indexOf("\n\n")) {
      const data = buffered
        .slice(0, end)
        .split("\n")
        .find((l) => l.startsWith("data: "));
      buffered = buffered.slice(end + 2);
      if (data) onEvent(decodeEventText(data.slice("data: ".length)));
    }
  }
}
