/**
 * Interactive reads go first: a count, shared with worker threads, of the episode reads a reviewer is waiting for
 * (an open, its frame indexes, its plots' series), which background work — the dataset's indexing pass — waits for
 * between its steps. On two cores, a click on an episode while the indexing pass measured a 1.5 GB one showed its
 * pictures in 643–898 ms, against 452–537 ms with the pass done (probe of the click open, cache off).
 *
 * The count lives in a SharedArrayBuffer: the main thread counts (`enter`), any worker reads it (`yieldToInteractive`).
 */

/** A count of interactive reads in progress, readable from any thread the `shared` array is posted to. */
export class InteractiveReads {
  /** One Int32: the reads in progress. Post it to a worker (it is shared, not copied). */
  readonly shared = new Int32Array(new SharedArrayBuffer(4));

  /**
   * @param graceMs how long a read still counts after it ended (ms): an open is a chain of reads (summary, then frame
   *   indexes, then series) with short gaps between them, in which background work would otherwise start a step
   */
  constructor(private readonly graceMs = 0) {}

  /** Count one read from now until `graceMs` after the returned function is called (calling it again does nothing). */
  enter(): () => void {
    Atomics.add(this.shared, 0, 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      if (this.graceMs <= 0) Atomics.sub(this.shared, 0, 1);
      else setTimeout(() => Atomics.sub(this.shared, 0, 1), this.graceMs).unref();
    };
  }

  /** Reads in progress now. */
  get count(): number {
    return Atomics.load(this.shared, 0);
  }
}

/**
 * The process's interactive reads: the episode workers' pool counts into it, the indexing workers wait on it. Each read
 * counts 300 ms past its end, which covers the gaps of an open's chain of reads (~10–30 ms here).
 */
export const interactiveReads = new InteractiveReads(300);

/** How often a waiting background step looks at the count again (ms). */
const POLL_MS = 10;

/**
 * Resolve once no interactive read is in progress (`shared` from InteractiveReads), or after `maxWaitMs` at most —
 * background work is held back, never stopped: a read that takes long (a full series of a huge episode) or a count
 * left high by a bug lets it go on in bounded steps. Resolves at once when `shared` is undefined or the count is 0.
 * @param shared the count (InteractiveReads.shared, posted to this thread)
 * @param maxWaitMs longest wait (ms)
 */
export async function yieldToInteractive(shared: Int32Array | undefined, maxWaitMs = 2000): Promise<void> {
  if (!shared) return;
  const until = performance.now() + maxWaitMs;
  while (Atomics.load(shared, 0) > 0 && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
