/**
 * The one playback clock (DESIGN §3): every camera, plot cursor and playhead follows `tNs`.
 *
 * A module store (zustand vanilla `createStore`): React components read slow-changing fields with `useClock(selector)`;
 * anything that follows the playhead (60 updates a second while playing) subscribes with `clockStore.subscribe` and
 * updates the DOM directly, so React does not re-render on every frame.
 */
import { useStore } from "zustand";
import { createStore, type StoreApi } from "zustand/vanilla";
import { clampNs, NS_PER_SECOND } from "../../../shared/time.ts";
import { advanceClock, clampSpeed, nextFrameTime, prevFrameTime } from "../../../shared/playback/frameStep.ts";

/** State and actions of the playback clock. All times are log-time nanoseconds. */
export interface ClockState {
  startNs: bigint;
  endNs: bigint;
  /** The playhead, always within [startNs, endNs]. */
  tNs: bigint;
  playing: boolean;
  /** Playback rate, 0.25–4. */
  speed: number;
  /** Frame times of every camera, for global frame stepping. */
  cameraTimes: readonly BigInt64Array[];

  /** Set a new time range (a newly opened episode) and put the playhead at `tNs` (clamped; default the start). */
  reset(startNs: bigint, endNs: bigint, tNs?: bigint): void;
  /** Provide the cameras' frame times (for frame stepping). */
  setCameraTimes(times: readonly BigInt64Array[]): void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  /** Move the playhead to `tNs` (clamped). */
  seek(tNs: bigint): void;
  /** Move the playhead by `deltaNs` (clamped). */
  seekBy(deltaNs: bigint): void;
  /** Next (+1) or previous (−1) frame of any camera; without cameras, ±1/30 s. Pauses playback. */
  stepFrame(direction: 1 | -1): void;
  toStart(): void;
  toEnd(): void;
  setSpeed(speed: number): void;
}

const FALLBACK_FRAME_NS = NS_PER_SECOND / 30n;
/** Longest wall-clock gap the playback loop advances by in one animation frame (a hidden tab pauses rAF). */
const MAX_FRAME_MS = 250;

type Scheduler = { request(cb: (now: number) => void): number; cancel(id: number): void };

const defaultScheduler: Scheduler =
  typeof requestAnimationFrame === "function"
    ? { request: (cb) => requestAnimationFrame(cb), cancel: (id) => cancelAnimationFrame(id) }
    : {
        request: (cb) => setTimeout(() => cb(performance.now()), 16) as unknown as number,
        cancel: (id) => clearTimeout(id),
      };

/** Create a clock store; `scheduler` drives playback (requestAnimationFrame by default). */
export function createClockStore(scheduler: Scheduler = defaultScheduler): StoreApi<ClockState> {
  let frameId: number | null = null;
  let lastNow: number | null = null;

  const store = createStore<ClockState>()((set, get) => {
    const stopLoop = () => {
      if (frameId !== null) scheduler.cancel(frameId);
      frameId = null;
      lastNow = null;
    };
    const tick = (now: number) => {
      frameId = null;
      const s = get();
      if (!s.playing) return;
      const elapsed = lastNow === null ? 0 : Math.min(MAX_FRAME_MS, now - lastNow);
      lastNow = now;
      const next = advanceClock(s.tNs, elapsed, s.speed, s.endNs);
      set({ tNs: next.tNs, playing: !next.ended });
      if (!next.ended) frameId = scheduler.request(tick);
    };
    const pauseAt = (tNs: bigint) => {
      stopLoop();
      set({ tNs: clampNs(tNs, get().startNs, get().endNs), playing: false });
    };

    return {
      startNs: 0n,
      endNs: 0n,
      tNs: 0n,
      playing: false,
      speed: 1,
      cameraTimes: [],

      reset(startNs, endNs, tNs = startNs) {
        stopLoop();
        set({ startNs, endNs, tNs: clampNs(tNs, startNs, endNs), playing: false, cameraTimes: [] });
      },
      setCameraTimes(times) {
        set({ cameraTimes: times });
      },
      play() {
        const s = get();
        if (s.playing || s.endNs <= s.startNs) return;
        set({ playing: true, tNs: s.tNs >= s.endNs ? s.startNs : s.tNs });
        lastNow = null;
        frameId = scheduler.request(tick);
      },
      pause() {
        stopLoop();
        set({ playing: false });
      },
      togglePlay() {
        if (get().playing) get().pause();
        else get().play();
      },
      seek(tNs) {
        set({ tNs: clampNs(tNs, get().startNs, get().endNs) });
      },
      seekBy(deltaNs) {
        get().seek(get().tNs + deltaNs);
      },
      stepFrame(direction) {
        const s = get();
        const cams = s.cameraTimes.filter((t) => t.length > 0);
        if (cams.length === 0) {
          pauseAt(s.tNs + BigInt(direction) * FALLBACK_FRAME_NS);
          return;
        }
        const target = direction > 0 ? nextFrameTime(cams, s.tNs) : prevFrameTime(cams, s.tNs);
        pauseAt(target ?? (direction > 0 ? s.endNs : s.startNs));
      },
      toStart() {
        get().seek(get().startNs);
      },
      toEnd() {
        pauseAt(get().endNs);
      },
      setSpeed(speed) {
        set({ speed: clampSpeed(speed) });
      },
    };
  });
  return store;
}

/** The app's playback clock. */
export const clockStore = createClockStore();

/** Read a slow-changing part of the clock in React (never `tNs`: subscribe to it instead). */
export function useClock<T>(selector: (s: ClockState) => T): T {
  return useStore(clockStore, selector);
}

/** Call `onTime` whenever the playhead moves (and once now). Returns the unsubscribe function. */
export function subscribeTime(onTime: (tNs: bigint, state: ClockState) => void): () => void {
  onTime(clockStore.getState().tNs, clockStore.getState());
  return clockStore.subscribe((s, prev) => {
    if (s.tNs !== prev.tNs || s.startNs !== prev.startNs || s.endNs !== prev.endNs) onTime(s.tNs, s);
  });
}
