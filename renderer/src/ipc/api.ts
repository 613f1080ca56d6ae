/**
 * The renderer's one way to the Node side: the typed `EpiscopeApi` built from the IPC contract in shared/.
 * In the desktop app the preload exposes it as `window.episcope`; in `serve` mode calls go over HTTP
 * (`POST /api/<channel>`, bodies in the binary envelope of shared/ipc/envelope.ts).
 */
import { createApi, EpiscopeError, type EpiscopeApi, type Invoke, type IpcResult } from "../../../shared/ipc/contract.ts";
import { decodeEnvelope, encodeEnvelope } from "../../../shared/ipc/envelope.ts";

declare global {
  interface Window {
    /**
     * Set by the Electron preload: one method per operation (`episcope.episode.open(request)`), each resolving to an
     * IpcResult. Absent in a plain browser.
     */
    episcope?: Record<string, Record<string, (request: unknown) => Promise<IpcResult<unknown>>>>;
  }
}

function unwrap<T>(result: IpcResult<T>): T {
  if (result.ok) return result.value;
  throw new EpiscopeError(result.error.code, result.error.message);
}

const httpInvoke: Invoke = async (channel, request) => {
  const response = await fetch(`/api/${channel}`, {
    method: "POST",
    headers: { "content-type": "application/x-episcope-envelope" },
    body: encodeEnvelope(request),
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!response.ok && response.headers.get("content-type") !== "application/x-episcope-envelope") {
    throw new EpiscopeError("http", `${channel}: HTTP ${response.status} ${new TextDecoder().decode(bytes).slice(0, 200)}`);
  }
  return unwrap(decodeEnvelope(bytes) as IpcResult<never>);
};

const bridgeInvoke: Invoke = async (channel, request) => {
  const [service, name] = channel.split(".") as [string, string];
  const call = window.episcope?.[service]?.[name];
  if (!call) throw new EpiscopeError("no-bridge", `the Electron preload does not expose ${channel}`);
  return unwrap((await call(request)) as IpcResult<never>);
};

/** True inside the desktop app (Electron preload present). */
export const isDesktop = typeof window !== "undefined" && window.episcope !== undefined;

/** The typed API: `api.episode.open({ path })`, `api.annotation.save({ path, document })`, … */
export const api: EpiscopeApi = createApi(isDesktop ? bridgeInvoke : httpInvoke);
