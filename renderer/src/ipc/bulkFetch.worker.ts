/**
 * Worker for the serve transport's bulk answers (joint series, batches of camera frames: megabytes each): the
 * response body is received, assembled and decoded here, off the page's main thread, and handed over by transferring
 * its one buffer. On the main thread, reading a 7 MB series body cost the first pictures of an open ~150–250 ms on two
 * cores (Chrome trace: "Receive mojo message", ResponseBodyLoader).
 */
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import type { BulkCall, BulkCancel, BulkReply } from "./bulkFetchProtocol.ts";
import { httpCall } from "./httpCall.ts";

const running = new Map<number, AbortController>();

const post = (reply: BulkReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(reply, transfer);

self.onmessage = (e: MessageEvent<BulkCall | BulkCancel>) => {
  const message = e.data;
  if ("cancel" in message) {
    running.get(message.cancel)?.abort();
    running.delete(message.cancel);
    return;
  }
  const abort = new AbortController();
  running.set(message.id, abort);
  httpCall(message.channel, message.request, message.clientId, abort.signal).then(
    ({ result, bytes }) => {
      if (!running.delete(message.id)) return;
      post({ id: message.id, result }, [bytes.buffer]);
    },
    (error: unknown) => {
      if (!running.delete(message.id)) return;
      const code = error instanceof EpiscopeError ? error.code : error instanceof DOMException && error.name === "AbortError" ? "abort" : "network";
      const message_ = error instanceof Error ? error.message : String(error);
      post({ id: message.id, failure: { code, message: message_, ...(error instanceof Error ? { name: error.name } : {}) } });
    },
  );
};
