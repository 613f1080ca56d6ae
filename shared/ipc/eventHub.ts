/**
 * The Node side's event registry: services publish declared events (ipcEvents of contract.ts), transports subscribe
 * and carry them to pages (Electron IPC, serve's server-sent events). Generic over the declared events, so any
 * service (a job, the episode service, an annotation store, a team store's LISTEN/NOTIFY bridge) publishes through
 * the same `publish(name, payload)`. Pure TypeScript: no Node or DOM imports.
 */
import { parseEvent, type EventMessage, type EventName, type EventOf } from "./contract.ts";

/** Receives every published event (a transport). */
export type EventSink = (message: { event: EventName; payload: unknown }) => void;

/** Publishes declared events to its subscribers; keeps the last event of each retained key for late subscribers. */
export class EventHub {
  readonly #sinks = new Set<EventSink>();
  readonly #retained = new Map<string, EventMessage & { event: EventName }>();

  /**
   * Publish `event` to every subscriber (synchronously, in subscription order). A sink that throws is skipped; the
   * others still get the event.
   * @param retainKey keep this event as the last of its key (e.g. `job.progress:index`) and replay it to subscribers
   *   that come later (see `subscribe`)
   * @throws EpiscopeError `unknown-event` / `invalid-event` (parseEvent) when the event is not declared or its payload
   *   does not match the declared schema: nothing is sent
   */
  publish<E extends EventName>(event: E, payload: EventOf<E>, retainKey?: string): void {
    parseEvent(event, payload);
    const message = { event, payload };
    if (retainKey !== undefined) this.#retained.set(retainKey, message);
    for (const sink of [...this.#sinks]) {
      try {
        sink(message);
      } catch {
        // one broken transport (a closed window, a dropped connection) never stops the others
      }
    }
  }

  /**
   * Get every event published from now on; with `replay`, first the retained ones (the last of each key).
   * @returns the function that unsubscribes
   */
  subscribe(sink: EventSink, options: { replay?: boolean } = {}): () => void {
    if (options.replay) for (const message of this.#retained.values()) sink(message);
    this.#sinks.add(sink);
    return () => void this.#sinks.delete(sink);
  }

  /** Subscribers now (for tests and diagnostics). */
  get subscriberCount(): number {
    return this.#sinks.size;
  }
}
