/** Seeded pseudo-random numbers so the generated sample is reproducible (see shared/random.ts). */
import type { Random } from "../../shared/random.ts";

export { mulberry32, type Random } from "../../shared/random.ts";

/** Zero-mean noise in [-amplitude, amplitude) drawn from `random`. */
export function noise(random: Random, amplitude: number): number {
  return (random() * 2 - 1) * amplitude;
}
