import { describe, expect, it } from "vitest";
import { sparc } from "./sparc.ts";

/** Minimum-jerk speed profile of a unit reach lasting `durationS` (Flash & Hogan 1985), sampled at `rateHz`. */
function minimumJerkSpeed(durationS: number, rateHz: number): number[] {
  const n = Math.round(durationS * rateHz) + 1;
  return Array.from({ length: n }, (_, i) => {
    const t = i / rateHz / durationS;
    return (30 * t ** 2 - 60 * t ** 3 + 30 * t ** 4) / durationS;
  });
}

/** Two unit minimum-jerk reaches of 1 s, the second starting `startS` after the first (sub-movements). */
function twoReaches(startS: number, rateHz: number): number[] {
  const one = minimumJerkSpeed(1, rateHz);
  const offset = Math.round(startS * rateHz);
  const out = new Array<number>(offset + one.length).fill(0);
  one.forEach((v, i) => {
    out[i] = out[i]! + v;
    out[i + offset] = out[i + offset]! + v;
  });
  return out;
}

/** The published algorithm written out with a direct DFT (no FFT library): the reference the FFT path must equal. */
function sparcByDft(v: readonly number[], fs: number): number {
  const nfft = 2 ** (Math.ceil(Math.log2(v.length)) + 4);
  const bins = Math.floor((10 * nfft) / fs); // f = k·fs/nfft ≤ 10 Hz
  const mag: number[] = [];
  for (let k = 0; k <= nfft / 2; k++) {
    let re = 0;
    let im = 0;
    for (let i = 0; i < v.length; i++) {
      re += v[i]! * Math.cos((-2 * Math.PI * k * i) / nfft);
      im += v[i]! * Math.sin((-2 * Math.PI * k * i) / nfft);
    }
    mag.push(Math.hypot(re, im));
  }
  const peak = Math.max(...mag);
  const sel = mag.slice(0, bins + 1).map((m) => m / peak);
  const above = sel.flatMap((m, k) => (m >= 0.05 ? [k] : []));
  const band = sel.slice(above[0], above[above.length - 1]! + 1);
  const width = (band.length - 1) * (fs / nfft);
  let sum = 0;
  for (let k = 1; k < band.length; k++) sum += Math.sqrt(((fs / nfft) / width) ** 2 + (band[k]! - band[k - 1]!) ** 2);
  return -sum;
}

describe("sparc", () => {
  it("a minimum-jerk reach scores about −1.41, whatever its duration or sample rate", () => {
    expect(sparc(minimumJerkSpeed(1, 100), 100)).toBeCloseTo(-1.406, 3);
    expect(sparc(minimumJerkSpeed(2, 100), 100)).toBeCloseTo(-1.406, 3);
    expect(sparc(minimumJerkSpeed(1, 200), 200)).toBeCloseTo(-1.406, 3);
  });
  it("is amplitude-free: the speed's unit and scale do not matter", () => {
    const v = minimumJerkSpeed(1.5, 100);
    expect(sparc(v.map((x) => 7.3 * x), 100)).toBeCloseTo(sparc(v, 100)!, 12);
  });
  it("extra sub-movements are less smooth (more negative), and the more separate, the less smooth", () => {
    const one = sparc(minimumJerkSpeed(1, 100), 100)!;
    const blended = sparc(twoReaches(0.5, 100), 100)!;
    const separate = sparc(twoReaches(1, 100), 100)!;
    expect(blended).toBeLessThan(one - 0.1);
    expect(separate).toBeLessThan(blended - 0.1);
  });
  it("equals the published algorithm computed with a direct DFT", () => {
    const v = twoReaches(0.6, 50).map((x, i) => x + 0.05 * Math.sin(i / 3));
    expect(sparc(v, 50)).toBeCloseTo(sparcByDft(v, 50), 9);
  });
  it("is undefined (null) without motion or samples, and refuses a non-positive rate", () => {
    expect(sparc(new Float64Array(100), 100)).toBeNull();
    expect(sparc([1], 100)).toBeNull();
    expect(() => sparc([1, 2, 3], 0)).toThrow(RangeError);
  });
});
