/**
 * The preload (sandboxed, context-isolated): exposes one small object, `window.episcope`, with one method per
 * operation of the IPC contract (`episcope.episode.open(request, callId?)`), each resolving to an IpcResult; `$cancel(callId)`
 * to cancel a call given an id; `$events(listener)` to receive the contract's events (returns the unsubscribe); and
 * `$openDropped(files)` to open files or folders dropped on the window (their paths come from webUtils here, so the
 * page never names a path itself).
 * Never exposes ipcRenderer itself. Main validates every request and its sender again; the renderer validates events.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from "electron";
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
api.$openDropped = (files: unknown) => {
  const list = Array.isArray(files) ? files : [];
  const paths = list.map((f) => (f instanceof File ? webUtils.getPathForFile(f) : ""));
  return ipcRenderer.invoke(ELECTRON_TRANSPORT.openDropped, paths);
};
contextBridge.exposeInMainWorld("episcope", api);
