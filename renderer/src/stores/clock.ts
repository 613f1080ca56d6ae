/**
 * The one playback clock (DESIGN §3): every camera, plot cursor and playhead follows `tNs`.
 *
 * `tNs` is the *presented* time: it only moves when every camera tile can draw the frame the sync rule demands for
 * it, and the tiles are drawn in the same task (see `PresentGate`, implemented by the camera grid's SyncPresenter).
 * A seek sets `requestNs`; the clock publishes it once the frames are ready. While playing, the clock advances by wall
 * time × speed; when decoding falls behind it presents the latest time all tiles are ready for (it lags instead of
 * showing a wrong pairing) and catches up with wall time, skipping frames, as soon as the frames for "now" are ready —
 * as a video player does; after more than MAX_LAG_MS behind it plays on from what is shown.
 *
 * A module store (zustand vanilla `createStore`): React components read slow-changing fields with `useClock(selector)`;
 * anything that follows the playhead subscribes with `subscribeTime` and updates the DOM directly.
 */
import { useStore } from "zustand";
import { createStore, type StoreApi } from "zustand/vanilla";
import { clampNs, NS_PER_SECOND } from "../../../shared/time.ts";
import { cameraStepTime, clampSpeed, nextFrameTime, prevFrameTime } from "../../../shared/playback/frameStep.ts";

/**
 * What the clock waits on before it moves: the camera tiles. All times are log-time ns.
 */
export interface PresentGate {
  /** Ask the tiles to get frames ready for times from `tNs` on; `aheadNs` is how far ahead playback will go soon. */
  want(tNs: bigint, aheadNs: bigint): void;
  /**
   * The latest time in [fromNs, toNs] at which every tile has its frame ready, or null when not even `fromNs` is.
   */
  readyUntil(fromNs: bigint, toNs: bigint): bigint | null;
  /** Draw every tile for time `tNs` now (synchronously; only called with a time `readyUntil` allowed). */
  present(tNs: bigint): void;
  /** Whether any tile shows a different frame at `toNs` than at `fromNs` (when absent: always). */
  changes?(fromNs: bigint, toNs: bigint): boolean;
}

/** A loop selection [inNs, outNs] (log time, ns). */
export interface LoopRange {
  inNs: bigint;
  outNs: bigint;
}

/** State and actions of the playback clock. All times are log-time nanoseconds. */
export interface ClockState {
  startNs: bigint;
  endNs: bigint;
  /** The presented playhead, always within [startNs, endNs]. */
  tNs: bigint;
  /** Where the playhead was asked to go (equals `tNs` once presented). */
  requestNs: bigint;
  playing: boolean;
  /** Playback rate, 0.1–4. */
  speed: number;
  /** The loop selection, if any, and whether playback loops inside it. */
  loop: LoopRange | null;
  looping: boolean;
  /** Frame times of every camera by topic, for frame stepping. */
  cameraTimes: Readonly<Record<string, BigInt64Array>>;
  /** The camera the per-camera frame step applies to (last clicked/focused tile). */
  focusedTopic: string | null;

  /** Set a new time range (a newly opened episode) and put the playhead at `tNs` (clamped; default the start). */
  reset(startNs: bigint, endNs: bigint, tNs?: bigint): void;
  /** Provide the cameras' frame times (for frame stepping). */
  setCameraTimes(times: Readonly<Record<string, BigInt64Array>>): void;
  /** Install (or remove with null) what presentation waits for. */
  setGate(gate: PresentGate | null): void;
  /** A tile got a frame ready: a pending request (paused) is presented now when every tile is ready, not a frame later. */
  framesReady(): void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  /** Ask for the playhead at `tNs` (clamped); it is presented when every tile is ready. Pauses nothing. */
  seek(tNs: bigint): void;
  /** Move the requested playhead by `deltaNs` (clamped). */
  seekBy(deltaNs: bigint): void;
  /** Next (+1) or previous (−1) frame of any camera; without cameras, ±1/30 s. Pauses playback. */
  stepFrame(direction: 1 | -1): void;
  /** Next/previous frame of the focused camera (of any camera when none is focused). Pauses playback. */
  stepFocused(direction: 1 | -1): void;
  setFocusedTopic(topic: string | null): void;
  toStart(): void;
  toEnd(): void;
  setSpeed(speed: number): void;
  /** Set the loop's in (or out) point at the playhead; the other end stays (or becomes the episode end/start). */
  setLoopIn(): void;
  setLoopOut(): void;
  /** Set both loop ends (ordered) and turn looping on. */
  setLoop(aNs: bigint, bNs: bigint): void;
  /** Turn looping on/off (creates no selection). */
  toggleLooping(): void;
  clearLoop(): void;
}

const FALLBACK_FRAME_NS = NS_PER_SECOND / 30n;
/** Longest wall-clock gap the playback loop advances by in one animation frame (a hidden tab pauses rAF). */
const MAX_FRAME_MS = 250;
/** How far (wall ms) playback may fall behind wall time and still catch up by skipping frames. */
const MAX_LAG_MS = 1000;
/** How far ahead (in media time per unit of speed) tiles are asked to prepare while playing. */
const LOOKAHEAD_MS = 300;
/**
 * While playing, a time at which no camera shows a new frame is published only this long (wall ms) after the last
 * one: the readout, playhead and plot cursors still move at 30 Hz, and display frames with nothing new on the cameras
 * cost no layout, paint or compositing (all in software without a GPU).
 */
const QUIET_PUBLISH_MS = 1000 / 30;

type Scheduler = { request(cb: (now: number) => void): number; cancel(id: number): void };

const defaultScheduler: Scheduler =
  typeof requestAnimationFrame === "function"
    ? { request: (cb) => requestAnimationFrame(cb), cancel: (id) => cancelAnimationFrame(id) }
    : {
        request: (cb) => setTimeout(() => cb(performance.now()), 16) as unknown as number,
        cancel: (id) => clearTimeout(id),
      };

const msToNs = (ms: number) => BigInt(Math.max(0, Math.round(ms * 1e6)));

/** Create a clock store; `scheduler` drives playback and presentation (requestAnimationFrame by default). */
export function createClockStore(scheduler: Scheduler = defaultScheduler): StoreApi<ClockState> {
  let frameId: number | null = null;
  let gate: PresentGate | null = null;
  /** Playback reference: media time `anchorT` at wall time `anchorWall` (null until the next frame). */
  let anchorT = 0n;
  let anchorWall: number | null = null;
  /** Wall time of the last playing frame (a long gap restarts the reference). */
  let lastTick: number | null = null;
  /** While playing: a time to jump to (seek, loop wrap, start) that is presented before playback moves on. */
  let jumpTo: bigint | null = null;
  /** The gate has not drawn the current time yet (a new gate). */
  let dirty = false;
  /** Wall time (ms) of the last time published while playing. */
  let lastPublishWall = Number.NEGATIVE_INFINITY;

  const store = createStore<ClockState>()((set, get) => {
    const schedule = () => {
      if (frameId === null) frameId = scheduler.request(tick);
    };
    const stopLoop = () => {
      if (frameId !== null) scheduler.cancel(frameId);
      frameId = null;
    };
    /** Draw the tiles for `t`, then publish it: both happen in this task, so they reach the screen together. */
    const publish = (t: bigint, extra: Partial<ClockState> = {}) => {
      dirty = false;
      gate?.present(t);
      set({ tNs: t, ...extra });
    };

    /** One playing frame; returns whether to keep ticking. */
    const tickPlaying = (now: number): boolean => {
      const s = get();
      const loop = s.looping && s.loop && s.loop.outNs > s.loop.inNs ? s.loop : null;
      if (jumpTo === null && loop && (s.tNs < loop.inNs || s.tNs >= loop.outNs)) jumpTo = loop.inNs;
      if (jumpTo !== null) {
        // Hold until every tile is ready at the jump target, then present it and play on from there.
        const t = jumpTo;
        gate?.want(t, msToNs(LOOKAHEAD_MS * s.speed));
        if (gate && gate.readyUntil(t, t) === null) return true;
        jumpTo = null;
        anchorT = t;
        anchorWall = now;
        publish(t, { requestNs: t });
        return true;
      }
      // A long gap between frames (hidden tab, stalled machine): restart the reference from what is shown.
      if (anchorWall === null || lastTick === null || now - lastTick > MAX_FRAME_MS) {
        anchorWall = now;
        anchorT = s.tNs;
      }
      lastTick = now;
      let desired = anchorT + msToNs(Math.max(0, now - anchorWall) * s.speed);
      const limit = loop ? loop.outNs : s.endNs;
      if (desired > limit) desired = limit;
      gate?.want(s.tNs, msToNs(LOOKAHEAD_MS * s.speed));
      let ready = gate ? gate.readyUntil(s.tNs, desired) : desired;
      if (ready === null) {
        anchorWall = now; // the current frame is not ready (should not happen): hold
        anchorT = s.tNs;
        return true;
      }
      if (ready < desired) {
        // Behind wall time (decoding fell behind). Catch up as a video player does: show the frames for `desired` as
        // soon as they are ready, skipping the ones in between; after a long stall, play on from what is shown.
        if (gate?.readyUntil(desired, desired) != null) ready = desired;
        else if (Number(desired - ready) / 1e6 / s.speed > MAX_LAG_MS) {
          anchorT = ready;
          anchorWall = now;
        }
      }
      const atLimit = ready >= limit;
      if (atLimit && loop) jumpTo = loop.inNs;
      const ended = atLimit && !loop;
      if (ready !== s.tNs || dirty) {
        const quiet = !dirty && !atLimit && gate?.changes !== undefined && !gate.changes(s.tNs, ready) && now - lastPublishWall < QUIET_PUBLISH_MS;
        if (!quiet) {
          lastPublishWall = now;
          publish(ready, { requestNs: ready, playing: !ended });
        }
      } else if (ended) set({ playing: false });
      return !ended;
    };

    /** One paused frame: present a pending request when the tiles are ready; returns whether to keep waiting. */
    const tickPaused = (): boolean => {
      const s = get();
      if (s.requestNs === s.tNs && !dirty) return false;
      if (gate) {
        gate.want(s.requestNs, 0n);
        if (gate.readyUntil(s.requestNs, s.requestNs) === null) return true;
      }
      publish(s.requestNs);
      return false;
    };

    function tick(now: number) {
      frameId = null;
      const again = get().playing ? tickPlaying(now) : tickPaused();
      if (again) schedule();
    }

    /** Present a pending request now when the tiles are ready already, else on the next frames. */
    const kick = () => {
      if (get().playing) return schedule();
      if (tickPaused()) schedule();
    };
    /** Request `t` and pause. */
    const pauseAt = (t: bigint) => {
      jumpTo = null;
      anchorWall = null;
      set({ requestNs: clampNs(t, get().startNs, get().endNs), playing: false });
      kick();
    };
    const stepBase = () => (jumpTo !== null ? jumpTo : get().requestNs);

    return {
      startNs: 0n,
      endNs: 0n,
      tNs: 0n,
      requestNs: 0n,
      playing: false,
      speed: 1,
      loop: null,
      looping: false,
      cameraTimes: {},
      focusedTopic: null,

      reset(startNs, endNs, tNs = startNs) {
        stopLoop();
        anchorWall = null;
        jumpTo = null;
        dirty = gate !== null;
        const t = clampNs(tNs, startNs, endNs);
        set({ startNs, endNs, tNs: t, requestNs: t, playing: false, cameraTimes: {}, loop: null, looping: false, focusedTopic: null });
        kick();
      },
      setCameraTimes(times) {
        set({ cameraTimes: times });
      },
      setGate(g) {
        gate = g;
        dirty = g !== null;
        if (g && get().playing) jumpTo = get().tNs;
        kick();
      },
      framesReady() {
        if (!get().playing) kick();
      },
      play() {
        const s = get();
        if (s.playing || s.endNs <= s.startNs) return;
        const atEnd = s.requestNs >= s.endNs && !(s.looping && s.loop);
        anchorWall = null;
        if (atEnd) jumpTo = s.startNs;
        else if (s.requestNs !== s.tNs || dirty) jumpTo = s.requestNs;
        set({ playing: true });
        schedule();
      },
      pause() {
        stopLoop();
        anchorWall = null;
        const pending = jumpTo;
        jumpTo = null;
        set({ playing: false, requestNs: pending ?? get().tNs });
        kick();
      },
      togglePlay() {
        if (get().playing) get().pause();
        else get().play();
      },
      seek(tNs) {
        const s = get();
        const t = clampNs(tNs, s.startNs, s.endNs);
        if (s.playing) {
          jumpTo = t;
          set({ requestNs: t });
          schedule();
          return;
        }
        set({ requestNs: t });
        kick();
      },
      seekBy(deltaNs) {
        get().seek(stepBase() + deltaNs);
      },
      stepFrame(direction) {
        const s = get();
        const cams = Object.values(s.cameraTimes).filter((t) => t.length > 0);
        const base = stepBase();
        if (cams.length === 0) return pauseAt(base + BigInt(direction) * FALLBACK_FRAME_NS);
        const target = direction > 0 ? nextFrameTime(cams, base) : prevFrameTime(cams, base);
        pauseAt(target ?? (direction > 0 ? s.endNs : s.startNs));
      },
      stepFocused(direction) {
        const s = get();
        const times = s.focusedTopic ? s.cameraTimes[s.focusedTopic] : undefined;
        if (!times || times.length === 0) return get().stepFrame(direction);
        const target = cameraStepTime(times, stepBase(), direction);
        pauseAt(target ?? (direction > 0 ? s.endNs : s.startNs));
      },
      setFocusedTopic(topic) {
        set({ focusedTopic: topic });
      },
      toStart() {
        get().seek(get().loop && get().looping ? get().loop!.inNs : get().startNs);
      },
      toEnd() {
        pauseAt(get().endNs);
      },
      setSpeed(speed) {
        // Re-anchor so the change applies from now on.
        anchorWall = null;
        set({ speed: clampSpeed(speed) });
      },
      setLoopIn() {
        const s = get();
        const t = stepBase();
        const out = s.loop && s.loop.outNs > t ? s.loop.outNs : s.endNs;
        set({ loop: { inNs: t, outNs: out }, looping: true });
      },
      setLoopOut() {
        const s = get();
        const t = stepBase();
        const inNs = s.loop && s.loop.inNs < t ? s.loop.inNs : s.startNs;
        set({ loop: { inNs, outNs: t }, looping: true });
      },
      setLoop(aNs, bNs) {
        const s = get();
        const a = clampNs(aNs < bNs ? aNs : bNs, s.startNs, s.endNs);
        const b = clampNs(aNs < bNs ? bNs : aNs, s.startNs, s.endNs);
        set({ loop: { inNs: a, outNs: b }, looping: true });
      },
      toggleLooping() {
        const s = get();
        if (!s.loop) return;
        set({ looping: !s.looping });
      },
      clearLoop() {
        set({ loop: null, looping: false });
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

/** Call `onTime` whenever the presented playhead moves (and once now). Returns the unsubscribe function. */
export function subscribeTime(onTime: (tNs: bigint, state: ClockState) => void): () => void {
  onTime(clockStore.getState().tNs, clockStore.getState());
  return clockStore.subscribe((s, prev) => {
    if (s.tNs !== prev.tNs || s.startNs !== prev.startNs || s.endNs !== prev.endNs) onTime(s.tNs, s);
  });
}
