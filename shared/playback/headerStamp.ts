/**
 * The capture time a camera message carries in its own fields (as opposed to its MCAP log time, when it was
 * recorded): ROS `header.stamp` {sec, nanosec} (sensor_msgs Image / CompressedImage,
 * https://docs.ros2.org/latest/api/std_msgs/msg/Header.html) or Foxglove's `timestamp` {sec, nsec}
 * (https://docs.foxglove.dev/docs/visualization/message-schemas/compressed-image). Pure.
 */

function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>)[name] : undefined;
}

function int(value: unknown): bigint | null {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isFinite(value)) return BigInt(Math.trunc(value));
  if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
  return null;
}

/** The stamp of a decoded camera message in ns, or null when it has none (or it is zero: not set by the driver). */
export function headerStampNs(message: unknown): bigint | null {
  const stamp = field(field(message, "header"), "stamp") ?? field(message, "timestamp");
  const sec = int(field(stamp, "sec"));
  const nsec = int(field(stamp, "nanosec") ?? field(stamp, "nsec"));
  if (sec === null || nsec === null) return null;
  const ns = sec * 1_000_000_000n + nsec;
  return ns === 0n ? null : ns;
}

/**
 * Header stamps usable as a camera's clock: every frame has one and they never go backwards; otherwise why not
 * (naming the first frame at fault, 1-based).
 */
export function checkStamps(stamps: readonly (bigint | null)[]): { ok: true; stampsNs: BigInt64Array } | { ok: false; reason: string } {
  const out = new BigInt64Array(stamps.length);
  for (let i = 0; i < stamps.length; i++) {
    const s = stamps[i];
    if (s === null || s === undefined) return { ok: false, reason: `frame ${i + 1} has no header stamp` };
    if (i > 0 && s < out[i - 1]!) return { ok: false, reason: `header stamps go backwards at frame ${i + 1}` };
    out[i] = s;
  }
  return { ok: true, stampsNs: out };
}

/** A camera's header stamps (frame i ↔ FrameIndex frame i), or why they cannot be its clock. */
export interface FrameStamps {
  topic: string;
  /** Capture time of every frame (ns), non-decreasing; null when unusable. */
  stampsNs: BigInt64Array | null;
  /** Why the stamps cannot be used (no stamp, going backwards), or null. */
  reason: string | null;
}
