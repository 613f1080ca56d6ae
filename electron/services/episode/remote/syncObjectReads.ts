/**
 * Synchronous object reads for the engine, whose EpisodeFile reads are synchronous (they run in the episode workers,
 * which may block): each call posts the request to one helper worker (rangeFetch.worker.ts) and waits on a shared
 * Int32Array (`Atomics.wait`) until that worker has fetched the bytes. The worker is started on first use per thread and
 * unref'd, so it never keeps a process alive.
 */
import { Worker } from "node:worker_threads";
import { workerScript } from "../../workers/roundRobinWorkers.ts";
import type { ObjectHead, ObjectListPage } from "./objectReader.ts";
import type { RangeFetchRequest } from "./rangeFetch.worker.ts";

/** Longest wait for one request (ms) before it fails as timed out. */
const TIMEOUT_MS = 120_000;
/** Room for a HEAD result or an error message (bytes). */
const SMALL = 4096;

let worker: Worker | null = null;

function fetcher(): Worker {
  if (!worker) {
    const { url } = workerScript(import.meta.url, "rangeFetch.worker.mjs", "rangeFetch.worker.ts");
    worker = new Worker(url);
    worker.unref();
    worker.on("exit", () => (worker = null));
  }
  return worker;
}

/** An error from the worker as the Error it was, with its `code`. */
class ObjectReadError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Post `request` and wait for its result bytes. */
function call(request: RangeFetchRequest, what: string): Uint8Array {
  const control = new Int32Array(request.control);
  fetcher().postMessage(request);
  if (Atomics.wait(control, 0, 0, TIMEOUT_MS) === "timed-out") throw new ObjectReadError(`${what}: no answer in ${TIMEOUT_MS / 1000} s`, "read-failed");
  const bytes = new Uint8Array(request.data, 0, Atomics.load(control, 1)).slice();
  if (Atomics.load(control, 0) === 2) {
    const { message, code } = JSON.parse(new TextDecoder().decode(bytes)) as { message: string; code: string };
    throw new ObjectReadError(message, code);
  }
  return bytes;
}

/**
 * Size and entity tag of the object at `url`, synchronously.
 * @throws Error with `code` `not-found` / `forbidden` / `read-failed`, naming the URL
 */
export function headObjectSync(url: string): ObjectHead {
  const bytes = call({ op: "head", url, control: new SharedArrayBuffer(8), data: new SharedArrayBuffer(SMALL) }, url);
  return JSON.parse(new TextDecoder().decode(bytes)) as ObjectHead;
}

/**
 * `length` bytes at `offset` of the object at `url`, synchronously (one range request).
 * @throws Error with `code` `file-changed` / `not-found` / `forbidden` / `read-failed`, naming the URL and range
 */
export function readObjectRangeSync(url: string, offset: number, length: number, etag: string | null): Uint8Array {
  return call({ op: "range", url, offset, length, etag, control: new SharedArrayBuffer(8), data: new SharedArrayBuffer(Math.max(length, SMALL)) }, url);
}

/** Room for one listing page: 1000 keys of up to 1024 bytes (UTF-8 may take 3 bytes a character) and their facts. */
const LIST_PAGE_BYTES = 4 * 2 ** 20;

/**
 * One page of the objects of `bucket` under `prefix` (see listObjectPage), synchronously.
 * @param where the root as named (`s3://bucket/prefix`), for messages
 * @throws Error with `code` `not-found` / `forbidden` / `read-failed`, naming `where`
 */
export function listObjectPageSync(bucket: string, prefix: string, continuation: string | null, where: string): ObjectListPage {
  const bytes = call({ op: "list", url: where, bucket, prefix, continuation, control: new SharedArrayBuffer(8), data: new SharedArrayBuffer(LIST_PAGE_BYTES) }, where);
  return JSON.parse(new TextDecoder().decode(bytes)) as ObjectListPage;
}
