/**
 * The renderer's one way to the Node side: the typed `EpiscopeApi` built from the IPC contract in shared/.
 * In the desktop app the preload exposes it as `window.episcope`; in `serve` mode calls go over HTTP
 * (`POST /api/<channel>`, bodies in the binary envelope of shared/ipc/envelope.ts) and events come as server-sent
 * events (`GET /events`). Either way: `api.x.y(request, { signal })` (cancel: the Node side stops, the promise rejects
 * with AbortError) and `api.on(event, listener)` (returns the unsubscribe).
 */
import {
  createApi,
  EpiscopeError,
  parseEvent,
  type DroppedOpenResult,
  type EpiscopeApi,
  type EventMessage,
  type EventName,
  type Invoke,
  type IpcResult,
  type Subscribe,
} from "../../../shared/ipc/contract.ts";
import { decodeEventText } from "../../../shared/ipc/eventWire.ts";
import { bulkInvoke } from "./bulkFetch.ts";
import { httpCall } from "./httpCall.ts";

/** What the Electron preload exposes (electron/preload/preload.ts). */
interface Bridge {
  [service: string]: unknown;
  $cancel(callId: number): void;
  $events(listener: (message: EventMessage) => void): () => void;
  $openDropped(files: File[]): Promise<DroppedOpenResult>;
}

declare global {
  interface Window {
    /**
     * Set by the Electron preload: one method per operation (`episcope.episode.open(request, callId)`), each resolving
     * to an IpcResult; `$cancel(callId)`; `$events(listener)`; `$openDropped(files)`. Absent in a plain browser.
     */
    episcope?: Bridge;
  }
}

/** This page's id: sent with every call, it comes back as the `origin` of events the call caused (e.g. its saves). */
export const clientId = `page-${Math.random().toString(36).slice(2, 12)}${Date.now().toString(36)}`;

function unwrap<T>(result: IpcResult<T>): T {
  if (result.ok) return result.value;
  throw new EpiscopeError(result.error.code, result.error.message);
}

/** Channels whose answers are megabytes (joint series, batches of frames): received and decoded in a worker. */
const BULK_CHANNELS: ReadonlySet<string> = new Set(["episode.series", "episode.frames"]);

const pageInvoke: Invoke = async (channel, request, options) =>
  unwrap((await httpCall(channel, request, clientId, options?.signal as AbortSignal | undefined)).result as IpcResult<never>);

let bulk: Invoke | null | undefined;

const httpInvoke: Invoke = (channel, request, options) => {
  if (BULK_CHANNELS.has(channel)) {
    if (bulk === undefined) bulk = bulkInvoke(clientId, unwrap);
    if (bulk) return bulk(channel, request, options);
  }
  return pageInvoke(channel, request, options);
};

let nextCallId = 1;

const bridgeInvoke: Invoke = async (channel, request, options) => {
  const [service, name] = channel.split(".") as [string, string];
  const bridge = window.episcope;
  const call = (bridge?.[service] as Record<string, (request: unknown, callId: number) => Promise<unknown>> | undefined)?.[name];
  if (!bridge || !call) throw new EpiscopeError("no-bridge", `the Electron preload does not expose ${channel}`);
  const callId = nextCallId++;
  const signal = options?.signal;
  const cancel = () => bridge.$cancel(callId);
  signal?.addEventListener("abort", cancel, { once: true });
  try {
    return unwrap((await call(request, callId)) as IpcResult<never>);
  } finally {
    signal?.removeEventListener("abort", cancel);
  }
};

/**
 * Listeners by event, fed by one connection opened on the first subscription (`connect` gets each raw message).
 * Messages naming an undeclared event, or whose payload does not match the contract, are refused (logged, dropped).
 */
function eventListeners(connect: (deliver: (raw: () => EventMessage) => void) => void): Subscribe {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let connected = false;
  const deliver = (raw: () => EventMessage) => {
    let parsed: { event: EventName; payload: unknown };
    try {
      const message = raw();
      parsed = parseEvent(message.event, message.payload);
    } catch (error) {
      console.warn(`event refused: ${(error as Error).message}`);
      return;
    }
    for (const listener of [...(listeners.get(parsed.event) ?? [])]) listener(parsed.payload);
  };
  return (event, listener) => {
    if (!connected) {
      connected = true;
      connect(deliver);
    }
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => void set.delete(l);
  };
}

/**
 * Serve: one EventSource on `/events` (it reconnects by itself; the server replays the latest job progress). Outside
 * a browser (the stores' unit tests under Node) there is no EventSource and no server: nothing is delivered.
 */
const httpSubscribe = eventListeners((deliver) => {
  if (typeof EventSource === "undefined") return;
  const source = new EventSource("/events");
  source.onmessage = (message: MessageEvent<string>) => deliver(() => decodeEventText(message.data) as EventMessage);
});

/** Desktop: the preload's `$events`. */
const bridgeSubscribe = eventListeners((deliver) => {
  window.episcope?.$events((message) => deliver(() => message));
});

/** True inside the desktop app (Electron preload present). */
export const isDesktop = typeof window !== "undefined" && window.episcope !== undefined;

/** The typed API: `api.episode.open({ path })`, `api.annotation.save({ path, document })`, `api.on(…)`, … */
export const api: EpiscopeApi = createApi(isDesktop ? bridgeInvoke : httpInvoke, isDesktop ? bridgeSubscribe : httpSubscribe);

/**
 * Desktop: open files or folders dropped on the window (main opens the first `.mcap` file or folder and reloads the
 * page; the answer names the rest with reasons). Rejects outside the desktop app.
 */
export function openDroppedOnDesktop(files: File[]): Promise<DroppedOpenResult> {
  if (!window.episcope) return Promise.reject(new EpiscopeError("not-desktop", "dropping files by path needs the desktop app"));
  return window.episcope.$openDropped(files);
}
