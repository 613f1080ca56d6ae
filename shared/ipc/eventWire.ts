/**
 * Events as text, for transports that carry text (serve's server-sent events: one `data:` line per event): JSON where
 * a bigint is `{"$bigint":"<decimal>"}` (as in the binary envelope, envelope.ts). Events carry no typed arrays.
 */
import { EpiscopeError, parseEvent, type EventName, type EventOf } from "./contract.ts";

/**
 * One event as one line of JSON text (no newline inside: JSON.stringify escapes them).
 * @throws EpiscopeError `invalid-event` when the payload holds a typed array (events are small JSON values)
 */
export function encodeEventText(event: EventName, payload: unknown): string {
  return JSON.stringify({ event, payload }, (_key, value: unknown) => {
    if (typeof value === "bigint") return { $bigint: value.toString() };
    if (ArrayBuffer.isView(value)) throw new EpiscopeError("invalid-event", `${event}: events carry no binary data`);
    return value;
  });
}

/**
 * Read an event line made by encodeEventText and validate it against the contract.
 * @throws EpiscopeError `invalid-event` (not JSON, no event name), `unknown-event`, or `invalid-event` naming the field
 */
export function decodeEventText<E extends EventName = EventName>(text: string): { event: E; payload: EventOf<E> } {
  let raw: unknown;
  try {
    raw = JSON.parse(text, (_key, value: unknown) => {
      const o = value as Record<string, unknown> | null;
      if (o && typeof o === "object" && typeof o.$bigint === "string" && Object.keys(o).length === 1 && /^-?\d{1,80}$/.test(o.$bigint)) {
        return BigInt(o.$bigint);
      }
      return value;
    });
  } catch (error) {
    throw new EpiscopeError("invalid-event", `event text is not JSON: ${(error as Error).message}`);
  }
  const message = raw as { event?: unknown; payload?: unknown } | null;
  if (!message || typeof message !== "object" || typeof message.event !== "string") {
    throw new EpiscopeError("invalid-event", "event text has no event name");
  }
  return parseEvent<E>(message.event, message.payload);
}
