/**
 * The low-pass filter applied before any derivative of the joint signal: a 2nd-order Butterworth section (Q = 1/√2,
 * coefficients by the bilinear transform as in R. Bristow-Johnson's "Audio EQ Cookbook",
 * https://www.w3.org/TR/audio-eq-cookbook/) run forward and then backward (zero phase, like SciPy's `filtfilt`), so
 * the effective response is |H|² (4th order, −6 dB at the cutoff) with no time shift. Each end is padded with its odd
 * reflection (2·x₀ − x_k, as `filtfilt(padtype="odd")`) and the filter state starts at steady state, so a ramp or a
 * constant passes through unchanged (no start-up transient that would read as jerk).
 *
 * Default cutoff 10 Hz: human teleoperated arm motion lies below ~10 Hz while finite-difference jerk amplifies sensor
 * noise above it (cf. D. A. Winter, "Biomechanics and Motor Control of Human Movement", 4th ed. 2009, §3.4).
 */

/** Default cutoff of the audit's low-pass filter (Hz). */
export const DEFAULT_CUTOFF_HZ = 10;

/**
 * Zero-phase low-pass of `x` sampled at `rateHz` with cutoff `cutoffHz` (clamped below Nyquist). Returns a new array.
 * @throws RangeError when rateHz or cutoffHz is not positive
 */
export function lowpassZeroPhase(x: Float64Array, rateHz: number, cutoffHz = DEFAULT_CUTOFF_HZ): Float64Array {
  if (!(rateHz > 0) || !(cutoffHz > 0)) throw new RangeError(`lowpass: rate ${rateHz} Hz and cutoff ${cutoffHz} Hz must be positive`);
  const n = x.length;
  if (n < 2) return Float64Array.from(x);
  const fc = Math.min(cutoffHz, rateHz * 0.45);
  const w0 = (2 * Math.PI * fc) / rateHz;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * Math.SQRT1_2);
  const a0 = 1 + alpha;
  const b0 = (1 - cos) / 2 / a0;
  const b1 = (1 - cos) / a0;
  const b2 = b0;
  const a1 = (-2 * cos) / a0;
  const a2 = (1 - alpha) / a0;
  // Padding: 10 periods of the cutoff (≈ 45 time constants of the section: the start-up transient falls below 1e-18
  // of the step), at most n − 1.
  const pad = Math.min(n - 1, Math.ceil((10 * rateHz) / fc));
  const padded = new Float64Array(n + 2 * pad);
  for (let i = 0; i < pad; i++) padded[i] = 2 * x[0]! - x[pad - i]!;
  padded.set(x, pad);
  for (let i = 0; i < pad; i++) padded[pad + n + i] = 2 * x[n - 1]! - x[n - 2 - i]!;
  const run = (s: Float64Array, forward: boolean) => {
    const first = forward ? s[0]! : s[s.length - 1]!;
    // Direct form II transposed, state at the steady state of a constant input `first` (DC gain 1).
    let z1 = (1 - b0) * first;
    let z2 = (b2 - a2) * first;
    for (let k = 0; k < s.length; k++) {
      const i = forward ? k : s.length - 1 - k;
      const v = s[i]!;
      const y = b0 * v + z1;
      z1 = b1 * v - a1 * y + z2;
      z2 = b2 * v - a2 * y;
      s[i] = y;
    }
  };
  run(padded, true);
  run(padded, false);
  return padded.slice(pad, pad + n);
}
