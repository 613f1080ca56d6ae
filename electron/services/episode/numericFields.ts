/**
 * Walk the numeric leaves of a decoded message, with flattened paths such as `pose.position.x` or `ranges[3]`.
 *
 * Numeric leaves: numbers, bigints (converted to number) and elements of numeric typed arrays. Not leaves: strings,
 * booleans, `Uint8Array` (byte blobs: image data, protobuf `bytes`), and the top-level `header` (ROS std_msgs/Header)
 * and `timestamp` (Foxglove schemas) fields, which carry time, not signal.
 */

/** Top-level fields that are never plotted. */
export const SKIPPED_TOP_LEVEL_FIELDS: ReadonlySet<string> = new Set(["header", "timestamp"]);

/** Nesting depth beyond which values are ignored (guards against pathological messages). */
const MAX_DEPTH = 16;

/** Called per leaf; return `false` to stop the walk. */
export type NumericLeafVisitor = (path: string, value: number) => boolean | void;

/**
 * Visit every numeric leaf of `message` in field order.
 * @returns false when the visitor stopped the walk early, true otherwise.
 */
export function forEachNumericLeaf(message: unknown, visit: NumericLeafVisitor): boolean {
  return walk(message, "", 0, visit);
}

/** True when `message` has at least one numeric leaf (see module doc). */
export function hasNumericLeaf(message: unknown): boolean {
  return !forEachNumericLeaf(message, () => false);
}

function walk(value: unknown, path: string, depth: number, visit: NumericLeafVisitor): boolean {
  if (typeof value === "number") return visit(path, value) !== false;
  if (typeof value === "bigint") return visit(path, Number(value)) !== false;
  if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return true;
  if (ArrayBuffer.isView(value)) {
    if (value instanceof Uint8Array || value instanceof DataView) return true;
    const array = value as unknown as ArrayLike<number | bigint>;
    for (let i = 0; i < array.length; i++) {
      if (visit(`${path}[${i}]`, Number(array[i])) === false) return false;
    }
    return true;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!walk(value[i], `${path}[${i}]`, depth + 1, visit)) return false;
    }
    return true;
  }
  for (const [key, child] of Object.entries(value)) {
    if (depth === 0 && SKIPPED_TOP_LEVEL_FIELDS.has(key)) continue;
    if (!walk(child, path ? `${path}.${key}` : key, depth + 1, visit)) return false;
  }
  return true;
}
