/** Seeded pseudo-random numbers so the generated sample is reproducible (mulberry32, public-domain algorithm). */

/** A generator of uniform floats in [0, 1). */
export type Random = () => number;

/** Create a deterministic uniform generator from a 32-bit integer seed. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Zero-mean noise in [-amplitude, amplitude) drawn from `random`. */
export function noise(random: Random, amplitude: number): number {
  return (random() * 2 - 1) * amplitude;
}
