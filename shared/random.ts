/**
 * Seeded pseudo-random numbers for reproducible generators and tests (mulberry32, a public-domain algorithm by
 * Tommy Ettinger: https://gist.github.com/tommyettinger/46a874533244883189143505d203312c).
 */

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
