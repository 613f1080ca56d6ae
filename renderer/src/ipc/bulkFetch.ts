/**
 * The page's side of bulkFetch.worker.ts: `bulkInvoke(channel, request, options)` answers like the page's own HTTP
 * call, with the body received and decoded in the worker. Null where workers are missing (then the page calls
 * itself).
 */
import { EpiscopeError, type Invoke, type IpcResult } from "../../../shared/ipc/contract.ts";
import { WorkerCalls } from "../workers/workerCalls.ts";
import type { BulkCall, BulkCancel, BulkReply } from "./bulkFetchProtocol.ts";

/** Call `channel` in the bulk fetch worker (several calls run in it at once: each is a fetch); `signal` cancels it there. */
function call(calls: WorkerCalls<BulkReply>, channel: string, request: unknown, clientId: string, signal?: AbortSignal): Promise<IpcResult<unknown>> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException("aborted", "AbortError"));
    const { id, reply } = calls.call({ channel, request, clientId } satisfies Omit<BulkCall, "id">);
    const onAbort = () => {
      if (!calls.drop(id)) return;
      calls.post({ cancel: id } satisfies BulkCancel);
      reject(new DOMException("aborted", "AbortError"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    reply
      .then((r) => {
        if ("result" in r) return resolve(r.result);
        const { code, message, name } = r.failure;
        reject(code === "http" ? new EpiscopeError(code, message) : Object.assign(new Error(message), name ? { name } : {}));
      }, reject)
      .finally(() => signal?.removeEventListener("abort", onAbort));
  });
}

let calls: WorkerCalls<BulkReply> | null | undefined;

/**
 * An Invoke whose calls run in the bulk fetch worker (answers unwrapped by `unwrap`), or null where the page has no
 * workers (unit tests under Node).
 */
export function bulkInvoke(clientId: string, unwrap: <T>(result: IpcResult<T>) => T): Invoke | null {
  if (calls === undefined) {
    try {
      calls = typeof Worker === "function" ? new WorkerCalls<BulkReply>(new Worker(new URL("./bulkFetch.worker.ts", import.meta.url), { type: "module", name: "bulk-fetch" }), "the bulk fetch") : null;
    } catch {
      calls = null;
    }
  }
  const c = calls;
  if (!c) return null;
  return (async (channel, request, options) => unwrap(await call(c, channel, request, clientId, options?.signal as AbortSignal | undefined))) as Invoke;
}
