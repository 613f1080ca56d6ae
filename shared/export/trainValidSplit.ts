/**
 * A train/valid split by episode, as robomimic's `split_train_val_from_hdf5` makes it (robomimic/scripts/split_train_val.py:
 * `num_val = int(val_ratio * num_demos)`, the demos shuffled, the first `num_val` are `valid`), but reproducible from a
 * seed: the shuffle is a Fisher–Yates permutation driven by mulberry32(seed) (shared/random.ts).
 */
import { mulberry32 } from "../random.ts";

/**
 * Split `names` (episode/demo names in export order) into train and valid, each kept in export order.
 * @param validRatio share of episodes for validation, in [0, 1]; robomimic's default is 0.1
 * @param seed any integer; the same seed and names give the same split
 * @throws RangeError when validRatio is outside [0, 1]
 */
export function trainValidSplit(names: readonly string[], validRatio: number, seed: number): { train: string[]; valid: string[] } {
  if (!(validRatio >= 0 && validRatio <= 1)) throw new RangeError(`valid ratio must be in [0, 1], got ${validRatio}`);
  const order = names.map((_, i) => i);
  const random = mulberry32(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const valid = new Set(order.slice(0, Math.floor(validRatio * names.length)));
  return { train: names.filter((_, i) => !valid.has(i)), valid: names.filter((_, i) => valid.has(i)) };
}
