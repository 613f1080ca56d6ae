/**
 * The cameras' side of the one clock: a PresentGate over every camera tile of the open episode (one per episode,
 * owned by the Player). The clock asks it which times every tile is ready for, and has it draw all tiles for a time in
 * the same task as the clock publishes that time, so a screenshot (or a reviewer) never sees a camera out of step with
 * the clock or with another camera.
 */
import type { StoreApi } from "zustand/vanilla";
import { latestAtOrBefore } from "../../../shared/time.ts";
import type { ClockState, PresentGate } from "../stores/clock.ts";

/** A camera tile as the presenter sees it. Frame numbers are indexes into the camera's FrameIndex. */
export interface SyncTile {
  /** Log time of every frame (ns), ascending. */
  readonly times: BigInt64Array;
  /** Frame `i` can be drawn right now (always true for -1, "no frame yet", and for a failed camera). */
  isReady(i: number): boolean;
  /** Get frames `from..to` ready (latest request wins; frames outside it are dropped). `from` may be -1. */
  prepare(from: number, to: number): void;
  /** Draw frame `i` (ready) for clock time `tNs`. */
  draw(i: number, tNs: bigint): void;
}

/** Most frames a tile is asked to hold ready ahead of the playhead. */
export const MAX_AHEAD_FRAMES = 12;

/** The PresentGate of the open episode's cameras. */
export class SyncPresenter implements PresentGate {
  /**
   * @param clock the clock this presenter gates (it installs itself there, and removes itself on dispose)
   * @param onPresent called after every tile was drawn for a time (the Player watches for the first pictures)
   */
  constructor(
    private readonly clock: StoreApi<ClockState>,
    private readonly onPresent: () => void = () => undefined,
  ) {}

  private readonly tiles = new Map<string, SyncTile>();
  /** Cameras whose tiles are coming (frame index loading): the clock does not move until they are registered. */
  private expected: ReadonlySet<string> = new Set();
  private installed = false;
  /** Disposed: it never installs itself again (a late tile of a closed episode must not take the clock back). */
  private disposed = false;

  /**
   * The cameras to wait for (those whose frame index is loading or loaded; not those whose index failed). Installs
   * the presenter as the clock's gate.
   */
  expect(topics: readonly string[]): void {
    const next = new Set(topics);
    if (next.size === this.expected.size && [...next].every((t) => this.expected.has(t)) && this.installed) return;
    this.expected = next;
    this.install();
  }

  /** Add the tile of camera `topic`; the clock re-presents the current time through it. Returns the removal function. */
  register(topic: string, tile: SyncTile): () => void {
    if (this.disposed) return () => undefined;
    this.tiles.set(topic, tile);
    this.install();
    return () => {
      if (this.tiles.get(topic) === tile) this.tiles.delete(topic);
      this.install();
    };
  }

  /** A tile has a new frame ready: let the clock present a pending seek at once. */
  frameReady(): void {
    if (this.installed) this.clock.getState().framesReady();
  }

  /**
   * Have the clock draw every tile again for the current time (a tile's drawn picture went stale). Returns false, and
   * does nothing, while playing (new frames come anyway) or when not installed.
   */
  refresh(): boolean {
    if (!this.installed || this.clock.getState().playing) return false;
    this.install();
    return true;
  }

  /** Stop being the clock's gate, for good. */
  dispose(): void {
    this.disposed = true;
    this.tiles.clear();
    if (this.installed) this.clock.getState().setGate(null);
    this.installed = false;
  }

  private install(): void {
    if (this.disposed) return;
    this.installed = true;
    this.clock.getState().setGate(this);
  }

  want(tNs: bigint, aheadNs: bigint): void {
    for (const tile of this.tiles.values()) {
      const from = latestAtOrBefore(tile.times, tNs);
      const to = aheadNs > 0n ? Math.min(latestAtOrBefore(tile.times, tNs + aheadNs), from + MAX_AHEAD_FRAMES) : from;
      tile.prepare(from, Math.max(from, to));
    }
  }

  readyUntil(fromNs: bigint, toNs: bigint): bigint | null {
    for (const topic of this.expected) if (!this.tiles.has(topic)) return null;
    let limit = toNs;
    for (const tile of this.tiles.values()) {
      const t = tileReadyUntil(tile, fromNs, toNs);
      if (t === null) return null;
      if (t < limit) limit = t;
    }
    return limit;
  }

  changes(fromNs: bigint, toNs: bigint): boolean {
    for (const tile of this.tiles.values()) if (latestAtOrBefore(tile.times, fromNs) !== latestAtOrBefore(tile.times, toNs)) return true;
    return false;
  }

  present(tNs: bigint): void {
    for (const tile of this.tiles.values()) tile.draw(latestAtOrBefore(tile.times, tNs), tNs);
    this.onPresent();
  }
}

/**
 * The latest time in [fromNs, toNs] up to which `tile` has every frame the sync rule demands ready, or null when the
 * frame for `fromNs` is not ready.
 */
export function tileReadyUntil(tile: Pick<SyncTile, "times" | "isReady">, fromNs: bigint, toNs: bigint): bigint | null {
  const times = tile.times;
  let i = latestAtOrBefore(times, fromNs);
  if (!tile.isReady(i)) return null;
  for (i = i + 1; i < times.length && times[i]! <= toNs; i++) {
    if (!tile.isReady(i)) return times[i]! - 1n;
  }
  return toNs;
}
