/** Sample clocks: exact periodic log times in integer nanoseconds. */

/**
 * Log time (ns) of sample `index` of a stream running at `rateHz` from `startNs`: start + ⌊index·10⁹ / rate⌋.
 * Exact integer arithmetic, so a 30 fps camera lands on 0, 33 333 333, 66 666 666, 100 000 000, … ns.
 */
export function periodicTimeNs(startNs: bigint, rateHz: number, index: number): bigint {
  return startNs + (BigInt(index) * 1_000_000_000n) / BigInt(rateHz);
}

/** Number of samples of a `rateHz` stream that fit in [0, durationSec). */
export function sampleCount(durationSec: number, rateHz: number): number {
  return Math.round(durationSec * rateHz);
}
