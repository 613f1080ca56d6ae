/**
 * SPARC, the spectral arc length of a speed profile (S. Balasubramanian, A. Melendez-Calderon, A. Roby-Brami and
 * E. Burdet 2015, "On the analysis of movement smoothness", J. NeuroEng. Rehab. 12:112, and their published
 * reference code, github.com/siva82kb/SPARC `sparc()`): the smoother a movement, the simpler (shorter) the curve of
 * its normalized Fourier magnitude spectrum.
 *
 *   1. V(f) = |FFT(v, N)|, v the speed (rad/s) sampled at fs, zero-padded to N = 2^(⌈log₂ len(v)⌉ + padlevel), padlevel 4;
 *   2. V̂(f) = V(f) / max V  (normalized magnitude);
 *   3. keep the frequencies f ≤ fc (fc = 10 Hz), then narrow to the adaptive band from the first to the last of them
 *      with V̂ ≥ amplitude threshold (0.05);
 *   4. SPARC = −Σ √( (Δf / (f_last − f_first))² + (ΔV̂)² ) over the band.
 *
 * Dimensionless, ≤ 0 (about −1.41 for a minimum-jerk reach); more negative = less smooth (extra sub-movements,
 * tremor). Independent of amplitude and, unlike LDLJ, robust to noise in the jerk. The FFT is fft.js (radix-4).
 */
import FFT from "fft.js";

/** Parameters of SPARC, defaults as published. */
export interface SparcOptions {
  /** Zero padding: N = 2^(⌈log₂ n⌉ + padLevel). Default 4. */
  padLevel?: number;
  /** Highest frequency considered (Hz). Default 10. */
  cutoffHz?: number;
  /** Normalized magnitude from which the adaptive band starts / up to which it ends. Default 0.05. */
  amplitudeThreshold?: number;
}

/**
 * SPARC of the speed profile `speed` (any unit, e.g. rad/s; only its shape matters) sampled at `rateHz`.
 * @returns the spectral arc length (dimensionless, ≤ 0), or null when it is undefined: fewer than 2 samples, or a
 *   profile that never moves (zero spectrum)
 * @throws RangeError when rateHz is not positive
 */
export function sparc(speed: ArrayLike<number>, rateHz: number, options: SparcOptions = {}): number | null {
  if (!(rateHz > 0)) throw new RangeError(`sparc: rate ${rateHz} Hz must be positive`);
  const n = speed.length;
  if (n < 2) return null;
  const padLevel = options.padLevel ?? 4;
  const cutoffHz = options.cutoffHz ?? 10;
  const threshold = options.amplitudeThreshold ?? 0.05;
  const size = 2 ** (Math.ceil(Math.log2(n)) + padLevel);
  const fft = new FFT(size);
  const input = new Float64Array(size);
  for (let i = 0; i < n; i++) input[i] = speed[i]!;
  const out = fft.createComplexArray() as number[];
  fft.realTransform(out, input);
  // Only bins 0..size/2 are filled; a real signal's spectrum is symmetric, so its maximum lies among them.
  const half = size / 2;
  const magnitude = new Float64Array(half + 1);
  let peak = 0;
  for (let k = 0; k <= half; k++) {
    magnitude[k] = Math.hypot(out[2 * k]!, out[2 * k + 1]!);
    if (magnitude[k]! > peak) peak = magnitude[k]!;
  }
  if (!(peak > 0)) return null;
  const df = rateHz / size;
  // Bins with f ≤ fc (fc beyond Nyquist keeps the whole half spectrum).
  const lastBin = Math.min(half, Math.floor(cutoffHz / df + 1e-9));
  let first = -1;
  let last = -1;
  for (let k = 0; k <= lastBin; k++) {
    if (magnitude[k]! / peak >= threshold) {
      if (first < 0) first = k;
      last = k;
    }
  }
  if (first < 0 || last === first) return 0;
  const bandHz = (last - first) * df;
  let length = 0;
  for (let k = first + 1; k <= last; k++) {
    const dF = df / bandHz;
    const dM = (magnitude[k]! - magnitude[k - 1]!) / peak;
    length += Math.sqrt(dF * dF + dM * dM);
  }
  return -length;
}
