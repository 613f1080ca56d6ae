/**
 * The preload (sandboxed, context-isolated): exposes one small object, `window.episcope`, with one method per
 * operation of the IPC contract (`episcope.episode.open(request, callId?)`), each resolving to an IpcResult; `$cancel(callId)`
 * to cancel a call given an id; and `$events(listener)` to receive the contract's events (returns the unsubscribe).
 * Never exposes ipcRenderer itself. Main validates every request and its sender again; the renderer validates events.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from "electron";
import { channels, ELECTRON_TRANSPORT, type EventMessage } from "../../shared/ipc/contract.ts";

const api: Record<string, unknown> = {};
for (const channel of channels) {
  const [service, method] = channel.split(".") as [string, string];
  ((api[service] ??= {}) as Record<string, unknown>)[method] = (request: unknown, callId?: number) =>
    ipcRenderer.invoke(channel, request, typeof callId === "number" ? callId : null);
}
api.$cancel = (callId: number) => {
  if (typeof callId === "number") ipcRenderer.send(ELECTRON_TRANSPORT.cancel, callId);
};
api.$events = (listener: (message: EventMessage) => void) => {
  const forward = (_event: IpcRendererEvent, message: EventMessage) => listener(message);
  ipcRenderer.on(ELECTRON_TRANSPORT.event, forward);
  return () => void ipcRenderer.removeListener(ELECTRON_TRANSPORT.event, forward);
};
contextBridge.exposeInMainWorld("episcope", api);
