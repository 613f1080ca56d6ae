/**
 * One call of the serve transport: `POST /api/<channel>` with the request in the binary envelope
 * (shared/ipc/envelope.ts), the answer decoded from the envelope. Used on the page (httpInvoke) and in the fetch
 * worker (bulkFetch.worker.ts), so both read answers the same way.
 */
import { EpiscopeError, type IpcResult } from "../../../shared/ipc/contract.ts";
import { decodeEnvelope, encodeEnvelope } from "../../../shared/ipc/envelope.ts";

/**
 * POST `request` to channel `channel` as page `clientId` and decode the answer.
 * @returns the IpcResult the server sent, and the bytes its typed arrays are views of (to transfer them)
 * @throws EpiscopeError `http` when the server answered without an envelope (e.g. 401 before the handler ran), naming
 *   the channel, the status and the start of the body; AbortError when `signal` fired; TypeError on a network failure
 */
export async function httpCall(channel: string, request: unknown, clientId: string, signal?: AbortSignal): Promise<{ result: IpcResult<unknown>; bytes: Uint8Array<ArrayBuffer> }> {
  const response = await fetch(`/api/${channel}`, {
    method: "POST",
    headers: { "content-type": "application/x-episcope-envelope", "x-episcope-client": clientId },
    body: encodeEnvelope(request),
    // Aborting closes the request: the server fires the handler's signal (its form of the call's cancel).
    ...(signal ? { signal } : {}),
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!response.ok && response.headers.get("content-type") !== "application/x-episcope-envelope") {
    throw new EpiscopeError("http", `${channel}: HTTP ${response.status} ${new TextDecoder().decode(bytes).slice(0, 200)}`);
  }
  return { result: decodeEnvelope(bytes) as IpcResult<unknown>, bytes };
}
