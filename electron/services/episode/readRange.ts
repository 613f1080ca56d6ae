/**
 * The bounds check every EpisodeFile read makes (mapped, positional or remote), so they refuse a bad range alike.
 */
import { EpiscopeError } from "../../../shared/ipc/contract.ts";

/**
 * Check that `length` bytes at byte `offset` lie inside a file of `size` bytes; the start as a number.
 * @param name the file as messages name it (a remote URL without its secrets)
 * @throws EpiscopeError `read-out-of-range` naming the file, the range and the size
 */
export function checkReadRange(name: string, size: number, offset: bigint | number, length: number): number {
  const start = typeof offset === "bigint" ? Number(offset) : offset;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(length) || start < 0 || length < 0 || start + length > size) {
    throw new EpiscopeError("read-out-of-range", `${name}: read of ${length} bytes at offset ${String(offset)} is outside the file (${size} bytes)`);
  }
  return start;
}
