/**
 * Calls to one Web Worker answered by replies carrying the call's id: ids, the pending promises, and every pending
 * call failed at once when the worker fails (its `error` event). The frame converters, the bulk fetch worker and the
 * robot events worker all talk to their workers this way.
 */

/** A reply from the worker: the id of the call it answers. */
export interface WorkerReply {
  id: number;
}

/** Request/reply calls over `worker` (it owns the worker's onmessage and onerror). */
export class WorkerCalls<R extends WorkerReply> {
  private readonly pending = new Map<number, { resolve(reply: R): void; reject(error: Error): void }>();
  private nextId = 1;

  /**
   * @param name how failures name the worker: "`name` worker failed: <message>"
   * @param onStray a reply nobody waits for any more (dropped, or the worker failed meanwhile): e.g. close its bitmap
   */
  constructor(
    private readonly worker: Worker,
    name: string,
    onStray: (reply: R) => void = () => undefined,
  ) {
    worker.onmessage = (e: MessageEvent<R>) => {
      const p = this.pending.get(e.data.id);
      if (!p) return onStray(e.data);
      this.pending.delete(e.data.id);
      p.resolve(e.data);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      const error = new Error(`${name} worker failed: ${e.message}`);
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
  }

  /**
   * Post `message` with a fresh `id` (transferring `transfer`); `reply` resolves with the worker's reply to it.
   * @throws what postMessage throws (e.g. an object that cannot be cloned), synchronously; nothing is left pending
   */
  call(message: object, transfer: Transferable[] = []): { id: number; reply: Promise<R> } {
    const id = this.nextId++;
    const reply = new Promise<R>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    try {
      this.worker.postMessage({ ...message, id }, transfer);
    } catch (error) {
      this.pending.delete(id);
      throw error;
    }
    return { id, reply };
  }

  /** Stop waiting for call `id` (a late reply goes to onStray). @returns false when it was not pending */
  drop(id: number): boolean {
    return this.pending.delete(id);
  }

  /** Post a message that gets no reply (e.g. a cancel). */
  post(message: unknown): void {
    this.worker.postMessage(message);
  }
}
