/**
 * The page's side of bulkFetch.worker.ts: `bulkInvoke(channel, request, options)` answers like the page's own HTTP
 * call, with the body received and decoded in the worker. Null where workers are missing (then the page calls
 * itself).
 */
import { EpiscopeError, type Invoke, type IpcResult } from "../../../shared/ipc/contract.ts";
import type { BulkCall, BulkCancel, BulkReply } from "./bulkFetchProtocol.ts";

interface Pending {
  resolve(result: IpcResult<unknown>): void;
  reject(error: Error): void;
}

/** One worker for every bulk call of the page (several calls run in it at once: each is a fetch). */
class BulkFetcher {
  private readonly worker = new Worker(new URL("./bulkFetch.worker.ts", import.meta.url), { type: "module", name: "bulk-fetch" });
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor() {
    this.worker.onmessage = (e: MessageEvent<BulkReply>) => {
      const reply = e.data;
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if ("result" in reply) p.resolve(reply.result);
      else {
        const { code, message, name } = reply.failure;
        p.reject(code === "http" ? new EpiscopeError(code, message) : Object.assign(new Error(message), name ? { name } : {}));
      }
    };
    this.worker.onerror = (e) => {
      e.preventDefault();
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.reject(new Error(`the bulk fetch worker failed: ${e.message}`));
      }
    };
  }

  call(channel: string, request: unknown, clientId: string, signal?: AbortSignal): Promise<IpcResult<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new DOMException("aborted", "AbortError"));
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        this.worker.postMessage({ cancel: id } satisfies BulkCancel);
        reject(new DOMException("aborted", "AbortError"));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const done = () => signal?.removeEventListener("abort", onAbort);
      this.pending.set(id, {
        resolve: (r) => (done(), resolve(r)),
        reject: (e) => (done(), reject(e)),
      });
      this.worker.postMessage({ id, channel, request, clientId } satisfies BulkCall);
    });
  }
}

let fetcher: BulkFetcher | null | undefined;

/**
 * An Invoke whose calls run in the bulk fetch worker (answers unwrapped by `unwrap`), or null where the page has no
 * workers (unit tests under Node).
 */
export function bulkInvoke(clientId: string, unwrap: <T>(result: IpcResult<T>) => T): Invoke | null {
  if (fetcher === undefined) {
    try {
      fetcher = typeof Worker === "function" ? new BulkFetcher() : null;
    } catch {
      fetcher = null;
    }
  }
  const f = fetcher;
  if (!f) return null;
  return (async (channel, request, options) => unwrap(await f.call(channel, request, clientId, options?.signal as AbortSignal | undefined))) as Invoke;
}
