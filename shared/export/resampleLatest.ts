/**
 * Resampling an asynchronous stream onto export steps with the playback sync rule (DESIGN §3): at step time t the
 * stream's value is its latest message with log time ≤ t. All times are integer ns of log time.
 */

/** Where each step's value comes from in one stream, and how old it is. */
export interface LatestAtSteps {
  /** Per step: index of the stream's latest message with log time ≤ the step time, or -1 when there is none yet. */
  indices: Int32Array;
  /** Largest (step time − used message time) over the steps that have a value (ns); 0n when none has. */
  maxStalenessNs: bigint;
  /** Steps before the stream's first message (index -1). */
  missingSteps: number;
}

/**
 * For every step, the stream's latest message at or before it (two-pointer merge, O(steps + messages)).
 * @param streamTimesNs the stream's message log times (ns), ascending
 * @param stepTimesNs the step times (ns), ascending
 * @throws RangeError when either list is not ascending (naming the position).
 */
export function latestAtSteps(streamTimesNs: ArrayLike<bigint>, stepTimesNs: ArrayLike<bigint>): LatestAtSteps {
  const indices = new Int32Array(stepTimesNs.length);
  let maxStalenessNs = 0n;
  let missingSteps = 0;
  let j = -1;
  for (let i = 0; i < stepTimesNs.length; i++) {
    const t = stepTimesNs[i]!;
    if (i > 0 && t < stepTimesNs[i - 1]!) throw new RangeError(`step ${i}: time ${t} ns is before step ${i - 1}`);
    while (j + 1 < streamTimesNs.length && streamTimesNs[j + 1]! <= t) {
      j++;
      if (j > 0 && streamTimesNs[j]! < streamTimesNs[j - 1]!) throw new RangeError(`message ${j}: log time ${streamTimesNs[j]} ns is before message ${j - 1}`);
    }
    indices[i] = j;
    if (j < 0) missingSteps++;
    else if (t - streamTimesNs[j]! > maxStalenessNs) maxStalenessNs = t - streamTimesNs[j]!;
  }
  return { indices, maxStalenessNs, missingSteps };
}

/**
 * Step times at `fps` from `startNs` through `endNs` inclusive: t_k = startNs + round(k · 1e9 / fps).
 * @throws RangeError when fps is not a positive finite number or endNs < startNs.
 */
export function stepTimesAtRate(startNs: bigint, endNs: bigint, fps: number): bigint[] {
  if (!(fps > 0 && Number.isFinite(fps))) throw new RangeError(`fps must be a positive number, got ${fps}`);
  if (endNs < startNs) throw new RangeError(`endNs ${endNs} is before startNs ${startNs}`);
  const out: bigint[] = [];
  for (let k = 0; ; k++) {
    const t = startNs + BigInt(Math.round((k * 1e9) / fps));
    if (t > endNs) break;
    out.push(t);
  }
  return out;
}
