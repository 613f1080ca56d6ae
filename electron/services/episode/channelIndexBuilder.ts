/**
 * Builds one channel's message index (log time, chunk number, offset in the chunk's records) from Message Index
 * records (https://mcap.dev/spec#message-index-op0x07) without creating a BigInt per message: log times are copied as
 * pairs of uint32 words into the buffer of the final BigInt64Array, and compared as (high, low) words. This keeps
 * opening a multi-GB episode (about 100 000 messages) within a few milliseconds and nearly garbage-free.
 */

/** A channel's messages in log-time order (ties: file order). */
export interface ChannelIndex {
  /** Log times (ns); uint64 values above 2^63 − 1 wrap to negative, as BigInt.asIntN(64) does. */
  logTimesNs: BigInt64Array;
  /** Chunk number (position in the file-ordered chunk index list) of each message. */
  chunks: Uint32Array;
  /** Offset of each message's record in its chunk's uncompressed records. */
  offsets: Float64Array;
  /** Messages with a log time earlier than the previous message of the channel in file order. */
  backwardSteps: number;
}

/** Accumulates entries, then sorts once. */
export class ChannelIndexBuilder {
  #times = new Uint32Array(2 * 1024); // (low, high) word pairs, little-endian like BigInt64Array on every JS host we run on
  #chunks = new Uint32Array(1024);
  #offsets = new Float64Array(1024);
  #n = 0;

  get length(): number {
    return this.#n;
  }

  /**
   * Add the entries of one Message Index record: `entries` holds (log_time uint64, offset uint64) pairs,
   * little-endian, 16 bytes each (it may be unaligned).
   * @throws Error when an offset exceeds 2^53.
   */
  addEntries(entries: Uint8Array, chunkNumber: number): void {
    const count = entries.length >>> 4;
    this.#reserve(this.#n + count);
    const dv = new DataView(entries.buffer, entries.byteOffset, entries.byteLength);
    for (let i = 0, at = 0; i < count; i++, at += 16) {
      const k = this.#n++;
      this.#times[2 * k] = dv.getUint32(at, true);
      this.#times[2 * k + 1] = dv.getUint32(at + 4, true);
      const high = dv.getUint32(at + 12, true);
      if (high >= 0x200000) throw new Error(`message offset beyond 2^53 in a message index`);
      this.#offsets[k] = dv.getUint32(at + 8, true) + high * 2 ** 32;
      this.#chunks[k] = chunkNumber;
    }
  }

  #reserve(n: number): void {
    if (n <= this.#chunks.length) return;
    const size = Math.max(n, this.#chunks.length * 2);
    const times = new Uint32Array(2 * size);
    times.set(this.#times);
    const chunks = new Uint32Array(size);
    chunks.set(this.#chunks);
    const offsets = new Float64Array(size);
    offsets.set(this.#offsets);
    [this.#times, this.#chunks, this.#offsets] = [times, chunks, offsets];
  }

  /** Sort by (log time unsigned, chunk, offset) and count backward steps in file order. */
  finish(): ChannelIndex {
    const n = this.#n;
    const t = this.#times;
    const c = this.#chunks;
    const o = this.#offsets;
    /** Unsigned compare of log times a and b. */
    const cmpTime = (a: number, b: number) => t[2 * a + 1]! - t[2 * b + 1]! || t[2 * a]! - t[2 * b]!;
    const cmpFile = (a: number, b: number) => c[a]! - c[b]! || o[a]! - o[b]!;

    // Backward steps: walk in file order (entries usually arrive in it already).
    let fileOrdered = true;
    for (let k = 1; k < n && fileOrdered; k++) if (cmpFile(k - 1, k) > 0) fileOrdered = false;
    let fileOrder: ArrayLike<number> | null = null;
    if (!fileOrdered) fileOrder = Array.from({ length: n }, (_, i) => i).sort(cmpFile);
    let backwardSteps = 0;
    for (let k = 1; k < n; k++) {
      const a = fileOrder ? fileOrder[k - 1]! : k - 1;
      const b = fileOrder ? fileOrder[k]! : k;
      if (cmpTime(a, b) > 0) backwardSteps++;
    }

    let sorted = true;
    for (let k = 1; k < n && sorted; k++) if ((cmpTime(k - 1, k) || cmpFile(k - 1, k)) > 0) sorted = false;
    const times = new Uint32Array(2 * n);
    const chunks = new Uint32Array(n);
    const offsets = new Float64Array(n);
    if (sorted) {
      times.set(t.subarray(0, 2 * n));
      chunks.set(c.subarray(0, n));
      offsets.set(o.subarray(0, n));
    } else {
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => cmpTime(a, b) || cmpFile(a, b));
      order.forEach((from, to) => {
        times[2 * to] = t[2 * from]!;
        times[2 * to + 1] = t[2 * from + 1]!;
        chunks[to] = c[from]!;
        offsets[to] = o[from]!;
      });
    }
    return { logTimesNs: new BigInt64Array(times.buffer, 0, n), chunks, offsets, backwardSteps };
  }
}
