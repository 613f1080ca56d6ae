/**
 * Messages between bulkFetch.ts (the page) and bulkFetch.worker.ts: a call of the serve transport made in the worker,
 * its cancel, and its answer.
 */
import type { IpcResult } from "../../../shared/ipc/contract.ts";

/** Make call `id`: POST `request` to `channel` as page `clientId`. */
export interface BulkCall {
  id: number;
  channel: string;
  request: unknown;
  clientId: string;
}

/** Cancel call `id` (its request is aborted; no answer follows). */
export interface BulkCancel {
  cancel: number;
}

/**
 * The answer of call `id`: the server's IpcResult (its typed arrays are views of one transferred buffer), or the
 * transport's failure (`code` "http", "network", "abort").
 */
export type BulkReply = { id: number; result: IpcResult<unknown> } | { id: number; failure: { code: string; message: string; name?: string } };
