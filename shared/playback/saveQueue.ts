/**
 * Serialized, latest-wins saving: at most one save in flight; while it runs, newer values replace each other and only
 * the newest is saved next. Used for annotation documents (every change saves at once, nothing is lost).
 */

/** What the queue reports to its owner. */
export interface SaveQueueEvents<T, R> {
  /** A save of `value` started. */
  onStart?(value: T): void;
  /** A save finished; `pending` is true when a newer value is about to be saved. */
  onSaved?(result: R, value: T, pending: boolean): void;
  /** A save failed; `pending` is true when a newer value is about to be saved. */
  onError?(error: unknown, value: T, pending: boolean): void;
}

/** Serializes calls to `send`; see the module comment. */
export class SaveQueue<T, R> {
  private running = false;
  private pending: { value: T } | null = null;
  private lastResult: R | null = null;
  private idleWaiters: Array<() => void> = [];

  /**
   * @param send performs one save
   * @param prepare adjusts a value right before it is sent, given the last successful result (e.g. its revision)
   */
  constructor(
    private readonly send: (value: T) => Promise<R>,
    private readonly events: SaveQueueEvents<T, R> = {},
    private readonly prepare: (value: T, last: R | null) => T = (v) => v,
  ) {}

  /** Queue `value` for saving (replacing any value not yet sent). */
  push(value: T): void {
    this.pending = { value };
    if (!this.running) void this.run();
  }

  /** True while a save is in flight or queued. */
  get busy(): boolean {
    return this.running || this.pending !== null;
  }

  /** Resolves when nothing is in flight or queued. */
  idle(): Promise<void> {
    return this.busy ? new Promise((resolve) => this.idleWaiters.push(resolve)) : Promise.resolve();
  }

  private async run(): Promise<void> {
    this.running = true;
    while (this.pending) {
      const value = this.prepare(this.pending.value, this.lastResult);
      this.pending = null;
      this.events.onStart?.(value);
      try {
        const result = await this.send(value);
        this.lastResult = result;
        this.events.onSaved?.(result, value, this.pending !== null);
      } catch (e) {
        this.events.onError?.(e, value, this.pending !== null);
      }
    }
    this.running = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((w) => w());
  }
}
