/**
 * Receives, decodes and validates large `serve` request bodies in one worker thread (node:worker_threads), off the
 * event loop that answers every other request: each chunk goes to the worker as it arrives (a 64 KiB copy), the worker
 * joins and parses them, so a client sending 60 MB (or a hostile bigint) delays only other large bodies, never the
 * small calls of playback.
 */
import { RoundRobinWorkers, workerScript } from "../services/workers/roundRobinWorkers.ts";
import type { DecodeMessage, DecodeReply } from "./requestDecoderProtocol.ts";

/** One body being streamed to the worker. */
export interface StreamedBody {
  /** Hand the worker the next chunk (copied, then transferred). */
  push(chunk: Uint8Array): void;
  /** The body is complete: the decoded, validated request (or why not). */
  end(): Promise<DecodeReply>;
  /** Drop the body (too large, connection lost). */
  abort(): void;
}

/** The request-decoder worker of one server. */
export class RequestDecoderPool {
  readonly #workers: RoundRobinWorkers<DecodeReply>;
  readonly #pending = new Map<number, (reply: DecodeReply) => void>();
  #nextId = 1;

  constructor() {
    this.#workers = new RoundRobinWorkers<DecodeReply>(
      1,
      () => workerScript(import.meta.url, "request.worker.mjs", "requestDecoder.worker.ts"),
      (reply) => {
        this.#pending.get(reply.id)?.(reply);
        this.#pending.delete(reply.id);
        if (this.#pending.size === 0) this.#workers.unrefAll();
      },
      (error) => {
        for (const [id, settle] of this.#pending) settle({ id, kind: "bad-body", message: `request decoder failed: ${error.message}` });
        this.#pending.clear();
      },
    );
  }

  /**
   * Start streaming a body for `channel` to the worker.
   * @throws EpiscopeError `worker-missing` when the worker script is not built
   */
  begin(channel: string): StreamedBody {
    const worker = this.#workers.pick();
    worker.ref();
    const id = this.#nextId++;
    const send = (message: DecodeMessage, transfer: ArrayBuffer[] = []) => worker.postMessage(message, transfer);
    send({ id, op: "start", channel });
    return {
      push: (chunk) => {
        const copy = new Uint8Array(chunk); // its own buffer, so only these bytes travel
        send({ id, op: "chunk", bytes: copy }, [copy.buffer]);
      },
      end: () =>
        new Promise<DecodeReply>((resolve) => {
          this.#pending.set(id, resolve);
          send({ id, op: "end" });
        }),
      abort: () => {
        send({ id, op: "abort" });
        if (this.#pending.size === 0) this.#workers.unrefAll();
      },
    };
  }

  /** Stop the worker. */
  close(): Promise<void> {
    return this.#workers.terminate();
  }
}
