import type { IpcErrorPayload } from "../../shared/ipc/contract.ts";

/**
 * To the request-decoder worker, per request `id`: `start` (the channel), then the body as it arrives in `chunk`s
 * (their buffers transferred), then `end` (decode now) or `abort` (drop it).
 */
export type DecodeMessage =
  | { id: number; op: "start"; channel: string }
  | { id: number; op: "chunk"; bytes: Uint8Array }
  | { id: number; op: "end" }
  | { id: number; op: "abort" };

/**
 * From the worker after `end`: the validated request (parseRequest's output), or why the body is not an envelope
 * within REQUEST_LIMITS (`bad-body`: HTTP 400), or the contract's error (`invalid`: an IpcResult error).
 */
export type DecodeReply =
  | { id: number; kind: "ok"; request: unknown }
  | { id: number; kind: "bad-body"; message: string }
  | { id: number; kind: "invalid"; error: IpcErrorPayload };
