/**
 * A joint-space signal on a uniform clock: the audit's metrics need derivatives and a low-pass filter, which both
 * assume equally spaced samples, so the recorded series (log time ns, possibly jittered) is first checked and then
 * linearly interpolated onto t₀ + k/fs. Checks name the field and sample that fail: fewer than 3 samples, a
 * non-finite value (NaN / ±Inf), log times that do not increase.
 */
import type { NumericSeries } from "../episode.ts";

/** Samples on a uniform clock: values[d][k] is dimension d at startNs + k/rateHz seconds. */
export interface UniformSignal {
  /** Time of sample 0 (log time, ns). */
  startNs: bigint;
  /** Sample rate (Hz). */
  rateHz: number;
  /** Field labels, one per dimension. */
  labels: string[];
  /** One column per dimension, all of the same length. */
  values: Float64Array[];
}

/** Why a series cannot become a uniform signal. */
export class SignalError extends Error {}

/**
 * Resample the fields `fieldIndices` of `series` onto a uniform clock at `rateHz` from its first to its last log time
 * (linear interpolation between neighbours).
 * @throws SignalError naming the topic, field and sample index: fewer than 3 samples, non-finite values, or log times
 *   not strictly increasing (duplicates or going back in time); or no field selected.
 */
export function resampleUniform(series: NumericSeries, fieldIndices: readonly number[], rateHz: number): UniformSignal {
  const t = series.logTimesNs;
  const n = t.length;
  if (fieldIndices.length === 0) throw new SignalError(`${series.topic}: no numeric field to measure`);
  if (n < 3) throw new SignalError(`${series.topic}: ${n} sample${n === 1 ? "" : "s"} (need at least 3)`);
  for (let i = 1; i < n; i++) {
    if (t[i]! <= t[i - 1]!) throw new SignalError(`${series.topic}: log time not increasing at sample ${i} (${t[i - 1]} ns then ${t[i]} ns)`);
  }
  for (const f of fieldIndices) {
    const col = series.values[f]!;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(col[i]!)) throw new SignalError(`${series.topic}: ${series.fields[f]!.path} (${series.fields[f]!.label}) is ${col[i]} at sample ${i}`);
    }
  }
  const t0 = t[0]!;
  const spanS = Number(t[n - 1]! - t0) / 1e9;
  const m = Math.max(3, Math.floor(spanS * rateHz) + 1);
  const rel = new Float64Array(n);
  for (let i = 0; i < n; i++) rel[i] = Number(t[i]! - t0) / 1e9;
  const values = fieldIndices.map(() => new Float64Array(m));
  let j = 0;
  for (let k = 0; k < m; k++) {
    const tk = Math.min(spanS, k / rateHz);
    while (j < n - 2 && rel[j + 1]! < tk) j++;
    const a = rel[j]!;
    const b = rel[j + 1]!;
    const w = b > a ? Math.min(1, Math.max(0, (tk - a) / (b - a))) : 0;
    fieldIndices.forEach((f, d) => {
      const col = series.values[f]!;
      values[d]![k] = col[j]! + w * (col[j + 1]! - col[j]!);
    });
  }
  return { startNs: t0, rateHz, labels: fieldIndices.map((f) => series.fields[f]!.label), values };
}
