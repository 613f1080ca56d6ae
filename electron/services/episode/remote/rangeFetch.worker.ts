/**
 * The worker behind syncObjectReads.ts: runs one asynchronous object read at a time (objectReader.ts) for a thread
 * that waits on a shared Int32Array, writes the result into the shared buffer it was given and wakes the thread.
 * control[0]: 0 pending, 1 done, 2 failed; control[1]: bytes written to `data` (the result, or the error as JSON).
 */
import { parentPort } from "node:worker_threads";
import { headObject, listObjectPage, readObjectRange } from "./objectReader.ts";

/** One request from syncObjectReads.ts. */
export type RangeFetchRequest =
  | { op: "head"; url: string; control: SharedArrayBuffer; data: SharedArrayBuffer }
  | { op: "range"; url: string; offset: number; length: number; etag: string | null; control: SharedArrayBuffer; data: SharedArrayBuffer }
  | { op: "list"; url: string; bucket: string; prefix: string; continuation: string | null; control: SharedArrayBuffer; data: SharedArrayBuffer };

const encoder = new TextEncoder();

/** Put `bytes` into `data` (cut to its size), set the state and wake the waiting thread. */
function finish(request: RangeFetchRequest, state: 1 | 2, bytes: Uint8Array): void {
  const control = new Int32Array(request.control);
  const out = new Uint8Array(request.data);
  const n = Math.min(bytes.length, out.length);
  out.set(bytes.subarray(0, n));
  Atomics.store(control, 1, n);
  Atomics.store(control, 0, state);
  Atomics.notify(control, 0);
}

parentPort!.on("message", (request: RangeFetchRequest) => {
  const work =
    request.op === "head"
      ? headObject(request.url).then((head) => encoder.encode(JSON.stringify(head)))
      : request.op === "list"
        ? listObjectPage(request.bucket, request.prefix, request.continuation, request.url).then((page) => encoder.encode(JSON.stringify(page)))
        : readObjectRange(request.url, request.offset, request.length, request.etag);
  work.then(
    (bytes) => finish(request, 1, bytes),
    (error: unknown) => {
      const e = error as { message?: string; code?: string };
      finish(request, 2, encoder.encode(JSON.stringify({ message: e.message ?? String(error), code: e.code ?? "read-failed" })));
    },
  );
});
