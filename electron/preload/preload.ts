/**
 * The preload (sandboxed, context-isolated): exposes one small object, `window.episcope`, with one method per
 * operation of the IPC contract (`episcope.episode.open(request)`), each resolving to an IpcResult. Never exposes
 * ipcRenderer itself. Main validates every request and its sender again.
 */
import { contextBridge, ipcRenderer } from "electron";
import { channels } from "../../shared/ipc/contract.ts";

const api: Record<string, Record<string, (request: unknown) => Promise<unknown>>> = {};
for (const channel of channels) {
  const [service, method] = channel.split(".") as [string, string];
  (api[service] ??= {})[method] = (request: unknown) => ipcRenderer.invoke(channel, request);
}
contextBridge.exposeInMainWorld("episcope", api);
