/**
 * The Player's lifecycle: opening publishes to the stores and gates the clock, opening another episode cancels the
 * first one's work, a preloaded episode opens without a request, and the preload follows (or drops) the queue.
 *
 * The main process cannot run inside a renderer unit test (renderer/ never imports electron/), so the episode
 * service is answered here by a stand-in that records every call with its AbortSignal and answers when the test says
 * so; Node has no WebCodecs either, so cameras decode through a stand-in source that counts a frame as decoded once
 * its bytes were fetched. e2e/player.e2e.ts drives the real server, decoders and review queue in Chromium.
 */
import { describe, expect, it } from "vitest";
import type { CameraFrame, ChannelSummary, EpisodeSummary, FrameIndex, NumericSeries } from "../../../shared/episode.ts";
import type { EpiscopeApi } from "../../../shared/ipc/contract.ts";
import { createClockStore } from "../stores/clock.ts";
import { createEpisodeStore } from "../stores/episode.ts";
import type { SourceFactory } from "./cameraPipeline.ts";
import type { FrameSource, ReadyFrame } from "./frameSource.ts";
import { latestAtOrBefore } from "../../../shared/time.ts";
import { Player } from "./player.ts";
import type { TileElements } from "./tileSync.ts";

const MS = 1_000_000n;
const CAMERAS = ["/cam_a", "/cam_b"];
const FRAMES = 10;

type Call = { channel: string; request: Record<string, unknown>; signal?: AbortSignal };

/** A recorded call waiting for the test to let it answer. */
interface Held {
  call: Call;
  release(): void;
}

function channel(topic: string, kind: ChannelSummary["kind"], firstNs: bigint): ChannelSummary {
  return {
    id: topic.length,
    topic,
    schemaName: kind === "camera" ? "sensor_msgs/msg/CompressedImage" : "sensor_msgs/msg/JointState",
    schemaEncoding: "ros2msg",
    messageEncoding: "cdr",
    messageCount: FRAMES,
    rateHz: 10,
    firstNs,
    lastNs: firstNs + 900n * MS,
    kind,
    ...(kind === "camera" ? { cameraPayload: "image" as const } : {}),
  };
}

function summaryOf(path: string): EpisodeSummary {
  return {
    episodeId: `id:${path}`,
    path,
    name: path.replace(/\.mcap$/, ""),
    sizeBytes: 1,
    startNs: 1000n * MS,
    endNs: 2000n * MS,
    messageCount: 3 * FRAMES,
    // Camera b starts 100 ms later: the default playhead is there, camera a's frame 1 and camera b's frame 0.
    channels: [
      channel("/cam_a", "camera", 1000n * MS),
      channel("/cam_b", "camera", 1100n * MS),
      channel("/joint_states", "joints", 1000n * MS),
      // "two-joints…" episodes: a second joints channel.
      ...(path.startsWith("two-joints") ? [channel("/action", "joints", 1000n * MS)] : []),
    ],
    readMode: "indexed",
    access: "pread",
    problems: [],
  };
}

function indexOf(topic: string): FrameIndex {
  const first = topic === "/cam_b" ? 1100n * MS : 1000n * MS;
  return {
    topic,
    payload: "image",
    format: "jpeg",
    logTimesNs: BigInt64Array.from({ length: FRAMES }, (_, k) => first + BigInt(k) * 100n * MS),
    keyframes: new Uint8Array(FRAMES).fill(1),
  };
}

/** The stand-in episode service. `hold` keeps answers of some channels back until released; every call is recorded. */
function serviceStandIn() {
  const calls: Call[] = [];
  const held: Held[] = [];
  /** Whether frame indexes asked with leadAtNs carry the frame shown then (FrameIndex.lead), as the service's do. */
  let leads = true;
  let holding: ReadonlySet<string> = new Set();
  /** Held: the channel ("seriesRange"), or the channel and topic ("seriesRange /action"). */
  const isHeld = (call: Call) => holding.has(call.channel) || holding.has(`${call.channel} ${String(call.request.topic)}`);
  const answer = async <T>(call: Call, value: () => T): Promise<T> => {
    calls.push(call);
    if (isHeld(call)) await new Promise<void>((release) => held.push({ call, release }));
    else await new Promise((r) => setTimeout(r, 1));
    if (call.signal?.aborted) throw new DOMException("cancelled", "AbortError");
    if (String(call.request.path ?? "").startsWith("missing")) throw Object.assign(new Error(`${String(call.request.path)}: no such file`), { code: "not_found" });
    return value();
  };
  const api = {
    episode: {
      open: (request: { path: string }, o?: { signal?: AbortSignal }) => answer({ channel: "open", request, signal: o?.signal }, () => summaryOf(request.path)),
      frameIndex: (request: { topic: string; leadAtNs?: bigint }, o?: { signal?: AbortSignal }) =>
        answer({ channel: "frameIndex", request, signal: o?.signal }, (): FrameIndex => {
          // As the service does: the frame shown at leadAtNs comes along (every frame of these cameras is a keyframe).
          const index = indexOf(request.topic);
          const shown = request.leadAtNs === undefined || !leads ? -1 : latestAtOrBefore(index.logTimesNs, request.leadAtNs);
          return shown < 0 ? index : { ...index, lead: [frameOf(request.topic, shown)] };
        }),
      series: (request: { topic: string }, o?: { signal?: AbortSignal }): Promise<NumericSeries> =>
        answer({ channel: "series", request, signal: o?.signal }, () => ({
          topic: request.topic,
          fields: [],
          logTimesNs: new BigInt64Array(0),
          values: [],
        })),
      seriesRange: (request: { topic: string; buckets: number }, o?: { signal?: AbortSignal }): Promise<NumericSeries> =>
        answer({ channel: "seriesRange", request, signal: o?.signal }, () => ({
          topic: request.topic,
          fields: [],
          logTimesNs: new BigInt64Array(0),
          values: [],
          downsampled: true,
          sourceCount: 0,
        })),
      frames: (request: { topic: string; from: number; to: number }, o?: { signal?: AbortSignal }): Promise<CameraFrame[]> =>
        answer({ channel: "frames", request, signal: o?.signal }, () => Array.from({ length: request.to - request.from + 1 }, (_, k) => frameOf(request.topic, request.from + k))),
    },
    on: () => () => undefined,
  } as unknown as EpiscopeApi;
  return {
    api,
    calls,
    /** Calls made since `from` (an index into `calls`). */
    since: (from: number) => calls.slice(from).map((c) => `${c.channel} ${String(c.request.path ?? c.request.topic)}`),
    /**
     * Hold back the answers of `channels` ("seriesRange", or one topic's: "seriesRange /action") from now on (all of
     * them: true); releases the ones held no longer.
     */
    hold(channels: readonly string[] | boolean) {
      holding = new Set(channels === true ? ["open", "frameIndex", "seriesRange", "series", "frames"] : channels === false ? [] : channels);
      for (const h of held.filter((x) => !isHeld(x.call))) {
        held.splice(held.indexOf(h), 1);
        h.release();
      }
    },
    /** Calls being held back now. */
    get held(): Call[] {
      return held.map((h) => h.call);
    },
    /** Frame indexes answer without FrameIndex.lead from now on (false), as for a keyframe too far back. */
    set leads(on: boolean) {
      leads = on;
    },
  };
}

/** Frame `i` of camera `topic` as the service answers it. */
function frameOf(topic: string, i: number): CameraFrame {
  return { index: i, logTimeNs: indexOf(topic).logTimesNs[i]!, payload: "image", format: "jpeg", keyframe: true, data: new Uint8Array(8) };
}

/** Decodes nothing: frame i counts as decoded once its bytes were fetched; what a tile draws is a message. */
function standInSources(): { factory: SourceFactory; disposed: string[]; sizes: string[] } {
  const disposed: string[] = [];
  /** Per frame asked for: "topic frame: the canvas size of a 1280×720 picture" (what the real source would convert to). */
  const sizes: string[] = [];
  const factory: SourceFactory = (index, fetcher, onReady, canvasSize) => {
    const ready = new Set<number>();
    let alive = true;
    const source: FrameSource = {
      fatal: null,
      has: (i) => ready.has(i),
      want(from) {
        if (from < 0 || ready.has(from)) return;
        const size = canvasSize(1280, 720);
        sizes.push(`${index.topic} ${from}: ${size.width}×${size.height}`);
        void fetcher.get(from).then(
          () => {
            if (!alive) return;
            ready.add(from);
            onReady();
          },
          () => undefined,
        );
      },
      take: (i): ReadyFrame | undefined => (ready.delete(i) ? { kind: "error", message: `${index.topic} frame ${i}` } : undefined),
      dispose() {
        alive = false;
        disposed.push(index.topic);
      },
    };
    return source;
  };
  return { factory, disposed, sizes };
}

/** Stand-ins for the DOM nodes a tile writes to (plain objects with the fields TileSync touches). */
function tileElements(): TileElements & { root: { dataset: Record<string, string> } } {
  const node = () => ({ dataset: {} as Record<string, string>, style: {} as Record<string, string>, hidden: true, textContent: "", firstChild: null, lastChild: null, clientWidth: 320, clientHeight: 240 });
  return { root: node(), canvas: node(), message: node(), frameLabel: node(), timeLabel: node(), offsetLabel: node(), progress: node() } as never;
}

/** A clock whose animation frames the test runs. */
function manualClock() {
  let queued: Array<(now: number) => void> = [];
  const clock = createClockStore({
    request: (cb) => queued.push(cb),
    cancel: () => undefined,
  });
  return {
    clock,
    frame(now = 0) {
      const q = queued;
      queued = [];
      q.forEach((cb) => cb(now));
    },
  };
}

function setup() {
  const service = serviceStandIn();
  const sources = standInSources();
  const { clock, frame } = manualClock();
  const episodes = createEpisodeStore(service.api);
  const opened: string[] = [];
  /** Every holdPanes: "hold", then "release" when released. */
  const panes: string[] = [];
  const holdPanes = () => {
    panes.push("hold");
    return () => void panes.push("release");
  };
  const player = new Player(service.api, { clock, episodes }, { onOpened: (s) => opened.push(s.path), onFailed: (p) => opened.push(`failed ${p}`), holdPanes }, sources.factory);
  return { service, sources, clock, frame, episodes, player, opened, panes };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

/** Attach a tile per camera of the open episode. */
function attachAll(player: Player, episodeId: string) {
  return CAMERAS.map((topic) => {
    const el = tileElements();
    return { el, detach: player.attachTile(episodeId, topic, el) };
  });
}

describe("Player", () => {
  it("opens an episode: publishes summary, frame indexes and series, and presents every camera at the default playhead", async () => {
    const { player, episodes, clock, frame, opened } = setup();
    const done = player.open("ep0.mcap");
    expect(episodes.getState()).toMatchObject({ currentPath: "ep0.mcap", status: "loading", summary: null });
    await done;
    const s = episodes.getState();
    expect(s.status).toBe("ready");
    expect(Object.keys(s.frameIndexes).sort()).toEqual(CAMERAS);
    expect(Object.keys(s.series)).toEqual(["/joint_states"]);
    expect(opened).toEqual(["ep0.mcap"]);
    expect(Object.keys(clock.getState().cameraTimes).sort()).toEqual(CAMERAS);
    // The clock waits for the tiles: nothing is presented before both cameras have their frame.
    expect(clock.getState().requestNs).toBe(1100n * MS);
    const tiles = attachAll(player, "id:ep0.mcap");
    for (let k = 0; k < 20 && tiles.some((t) => t.el.root.dataset.frameIndex !== (t === tiles[0] ? "1" : "0")); k++) {
      await settle();
      frame();
    }
    expect(tiles.map((t) => t.el.root.dataset.frameIndex)).toEqual(["1", "0"]);
    expect(clock.getState().tNs).toBe(1100n * MS);
    player.dispose();
  });

  it("an open's first frames come with its frame indexes (one round trip), at the default playhead", async () => {
    const { player, service, frame } = setup();
    void player.open("ep0.mcap");
    for (let k = 0; k < 5; k++) await settle();
    const asked = service.calls.filter((c) => c.channel === "frameIndex").map((c) => `${String(c.request.topic)} ${String(c.request.leadAtNs)}`);
    expect(asked.sort()).toEqual([`/cam_a ${1100n * MS}`, `/cam_b ${1100n * MS}`]);
    expect(service.since(0).filter((c) => c.startsWith("frames"))).toEqual([]);
    const tiles = attachAll(player, "id:ep0.mcap");
    for (let k = 0; k < 5 && tiles.some((t) => t.el.root.dataset.frameIndex !== (t === tiles[0] ? "1" : "0")); k++) {
      frame();
      await settle();
    }
    expect(tiles.map((t) => t.el.root.dataset.frameIndex)).toEqual(["1", "0"]);
    player.dispose();
  });

  it("an open shows its pictures first: its first frames are fetched before any tile asks, its series published after the pictures", async () => {
    const { player, service, episodes, frame } = setup();
    service.leads = false; // the frame indexes come without their first frames: the load fetches them
    const before = service.calls.length;
    void player.open("ep0.mcap");
    for (let k = 0; k < 5; k++) await settle();
    // Every answer is in (summary, frame indexes, series) and no tile is attached: the first frames were asked for by
    // the load itself, and the series are not published yet (a tile has not painted them).
    expect(service.since(before).filter((c) => c.startsWith("frames")).sort()).toEqual(["frames /cam_a", "frames /cam_b"]);
    expect(service.since(before)).toContain("seriesRange /joint_states");
    expect(episodes.getState().status).toBe("ready");
    expect(Object.keys(episodes.getState().series)).toEqual([]);
    const tiles = attachAll(player, "id:ep0.mcap");
    for (let k = 0; k < 5 && Object.keys(episodes.getState().series).length === 0; k++) {
      frame();
      await settle();
    }
    expect(tiles.map((t) => t.el.root.dataset.frameIndex)).toEqual(["1", "0"]);
    // Published once the pictures were painted: well before the fallback for pictures that never show.
    expect(Object.keys(episodes.getState().series)).toEqual(["/joint_states"]);
    player.dispose();
  });

  it("an open asks for the series once every frame index is in and the first frames were asked for", async () => {
    const { player, service } = setup();
    service.leads = false;
    service.hold(["frameIndex"]);
    void player.open("ep0.mcap");
    for (let k = 0; k < 5; k++) await settle();
    // A frame index is missing: the series would queue ahead of its first frame (Node side, connections, the page).
    expect(service.since(0).filter((c) => c.startsWith("series"))).toEqual([]);
    service.hold(false);
    for (let k = 0; k < 5 && !service.since(0).includes("seriesRange /joint_states"); k++) await settle();
    const calls = service.since(0);
    expect(calls.indexOf("seriesRange /joint_states")).toBeGreaterThan(Math.max(calls.indexOf("frames /cam_a"), calls.indexOf("frames /cam_b")));
    player.dispose();
  });

  it("an open publishes the series' overviews with the pictures and asks for the full series only after their paint", async () => {
    const { player, service, episodes, frame } = setup();
    void player.open("ep0.mcap");
    for (let k = 0; k < 5; k++) await settle();
    // Overview asked for (after the first frames), the full series not: no tile has painted a picture yet.
    expect(service.since(0)).toContain("seriesRange /joint_states");
    expect(service.since(0)).not.toContain("series /joint_states");
    expect(episodes.getState().seriesOverviews).toEqual({});
    attachAll(player, "id:ep0.mcap");
    for (let k = 0; k < 10 && !service.since(0).includes("series /joint_states"); k++) {
      frame();
      await settle();
    }
    expect(Object.keys(episodes.getState().seriesOverviews)).toEqual(["/joint_states"]);
    expect(service.since(0)).toContain("series /joint_states");
    for (let k = 0; k < 5 && Object.keys(episodes.getState().series).length === 0; k++) await settle();
    expect(Object.keys(episodes.getState().series)).toEqual(["/joint_states"]);
    player.dispose();
  });

  it("an open asks for the full series only once every joints channel's overview is in and drawn", async () => {
    const { player, service, episodes, frame } = setup();
    service.hold(["seriesRange /action"]);
    void player.open("two-joints.mcap");
    for (let k = 0; k < 5; k++) await settle();
    attachAll(player, "id:two-joints.mcap");
    for (let k = 0; k < 10 && Object.keys(episodes.getState().seriesOverviews).length === 0; k++) {
      frame();
      await settle();
    }
    expect(Object.keys(episodes.getState().seriesOverviews)).toEqual(["/joint_states"]);
    for (let k = 0; k < 5; k++) {
      frame();
      await settle();
    }
    // /joint_states is drawn from its overview while /action's is still being read: no full series yet, so receiving
    // and drawing one does not hold up the plot still missing.
    expect(service.since(0).filter((c) => c.startsWith("series "))).toEqual([]);
    service.hold(false);
    for (let k = 0; k < 10 && Object.keys(episodes.getState().series).length < 2; k++) {
      frame();
      await settle();
    }
    expect(Object.keys(episodes.getState().seriesOverviews).sort()).toEqual(["/action", "/joint_states"]);
    expect(Object.keys(episodes.getState().series).sort()).toEqual(["/action", "/joint_states"]);
    player.dispose();
  });

  it("an open whose pictures never show still gets its full series (after the fallback wait)", async () => {
    const { player, service, episodes } = setup();
    void player.open("ep0.mcap"); // no tile is ever attached
    for (let k = 0; k < 60 && Object.keys(episodes.getState().series).length === 0; k++) await settle();
    expect(service.since(0)).toContain("series /joint_states");
    expect(Object.keys(episodes.getState().series)).toEqual(["/joint_states"]);
    player.dispose();
  });

  it("the first pictures of an open are made for the box its cameras' tiles had before (full size before any tile)", async () => {
    const { player, sources, frame } = setup();
    await player.open("ep0.mcap");
    // No tile has been shown yet: full size.
    expect(sources.sizes.slice(0, 2).sort()).toEqual(["/cam_a 1: 1280×720", "/cam_b 0: 1280×720"]);
    attachAll(player, "id:ep0.mcap"); // boxes of 320×240 CSS px
    frame();
    const from = sources.sizes.length;
    await player.open("ep1.mcap");
    expect(sources.sizes.slice(from, from + 2).sort()).toEqual(["/cam_a 1: 320×180", "/cam_b 0: 320×180"]);
    player.dispose();
  });

  it("opening another episode drops the first: its series reads are aborted and its decoders closed; latest wins", async () => {
    const { player, service, sources, episodes } = setup();
    await player.open("ep0.mcap");
    const tiles = attachAll(player, "id:ep0.mcap");
    await settle();
    service.hold(["seriesRange"]);
    void player.open("ep1.mcap");
    expect(sources.disposed.sort()).toEqual(CAMERAS);
    await settle();
    expect(episodes.getState().summary?.path).toBe("ep1.mcap");
    // ep1's series read in flight: its overview (the full series waits for ep1's pictures).
    const series = service.held;
    expect(series.map((c) => c.channel)).toEqual(["seriesRange"]);
    expect(series[0]!.signal?.aborted).toBe(false);
    // Two opens in a row, answered in the wrong order: the one asked last is shown.
    service.hold(["open"]);
    void player.open("ep2.mcap");
    expect(series[0]!.signal?.aborted).toBe(true);
    void player.open("ep3.mcap");
    const opens = service.held;
    expect(opens.map((c) => c.request.path)).toEqual(["ep2.mcap", "ep3.mcap"]);
    service.hold(false);
    await settle();
    await settle();
    expect(episodes.getState().summary?.path).toBe("ep3.mcap");
    // Detaching ep0's tiles after the switch is harmless; attaching a tile for ep0 now gets nothing.
    tiles.forEach((t) => t.detach());
    const late = tileElements();
    player.attachTile("id:ep0.mcap", "/cam_a", late);
    expect(late.root.dataset.frameIndex).toBeUndefined();
    player.dispose();
  });

  it("an open not loaded ahead holds the other panes (their loading state) until its pictures are painted", async () => {
    const { player, episodes, frame, panes } = setup();
    void player.open("ep0.mcap");
    // Held right after the "loading" state was published: the panes show it while the cameras come up.
    expect(panes).toEqual(["hold"]);
    expect(episodes.getState().status).toBe("loading");
    for (let k = 0; k < 5; k++) await settle();
    expect(episodes.getState().status).toBe("ready");
    expect(panes).toEqual(["hold"]);
    const tiles = attachAll(player, "id:ep0.mcap");
    for (let k = 0; k < 10 && panes.length < 2; k++) {
      frame();
      await settle();
    }
    expect(tiles.map((t) => t.el.root.dataset.frameIndex)).toEqual(["1", "0"]);
    expect(panes).toEqual(["hold", "release"]);
    player.dispose();
  });

  it("the panes of an open are released when it fails, and at the latest PANES_HOLD_MAX_MS after it when no picture shows", async () => {
    const failed = setup();
    await failed.player.open("missing.mcap");
    expect(failed.panes).toEqual(["hold", "release"]);
    failed.player.dispose();
    const { player, panes } = setup();
    const started = performance.now();
    void player.open("ep0.mcap"); // no tile is ever attached
    for (let k = 0; k < 80 && panes.length < 2; k++) await settle();
    expect(panes).toEqual(["hold", "release"]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    // An open at a chosen time prepares no first pictures: nothing to hold the panes for.
    const at = setup();
    void at.player.open("ep0.mcap", 0.5);
    expect(at.panes).toEqual([]);
    at.player.dispose();
    player.dispose();
  });

  it("a failed open is published as an error and the clock is emptied", async () => {
    const { player, episodes, clock, opened } = setup();
    await player.open("missing.mcap");
    expect(episodes.getState()).toMatchObject({ status: "error", error: { code: "not_found" } });
    expect(episodes.getState().error?.message).toContain("missing.mcap");
    expect(clock.getState().endNs).toBe(0n);
    expect(opened).toEqual(["failed missing.mcap"]);
  });

  it("preload hit: the next episode opens from what was loaded ahead — no request — with every camera's first frame decoded", async () => {
    const { player, service, episodes } = setup();
    await player.open("ep0.mcap");
    attachAll(player, "id:ep0.mcap");
    player.preload("ep1.mcap");
    for (let k = 0; k < 20 && service.since(0).filter((c) => c.startsWith("frames")).length < 2; k++) await settle();
    await settle();
    const from = service.calls.length;
    const done = player.open("ep1.mcap");
    expect(player.lastOpen).toBe("hit");
    // Summary and frame indexes are there in the same task as the key; the series follow after a paint.
    expect(episodes.getState()).toMatchObject({ status: "ready", summary: { path: "ep1.mcap" } });
    expect(Object.keys(episodes.getState().frameIndexes).sort()).toEqual(CAMERAS);
    const tiles = attachAll(player, "id:ep1.mcap");
    // Both tiles drew their first frame at once (the presenter presented when the last tile registered).
    expect(tiles.map((t) => t.el.root.dataset.frameIndex)).toEqual(["1", "0"]);
    await done;
    expect(Object.keys(episodes.getState().series)).toEqual(["/joint_states"]);
    expect(service.since(from)).toEqual([]);
    player.dispose();
  });

  it("preload hit: the other panes are held for the paint of the pictures, and the episode after is loaded ahead only after it", async () => {
    const { player, service, episodes, panes } = setup();
    await player.open("ep0.mcap");
    attachAll(player, "id:ep0.mcap");
    player.preload("ep1.mcap");
    for (let k = 0; k < 20 && service.since(0).filter((c) => c.startsWith("frames")).length < 4; k++) await settle();
    await settle();
    const from = service.calls.length;
    // ep0's own hold (an open not loaded ahead) was released with its pictures.
    expect(panes).toEqual(["hold", "release"]);
    panes.length = 0;
    void player.open("ep1.mcap");
    // The queue follows the open episode at once (as followQueue does): ep2 is next.
    player.preload("ep2.mcap");
    expect(player.lastOpen).toBe("hit");
    expect(panes).toEqual(["hold"]);
    const tiles = attachAll(player, "id:ep1.mcap");
    expect(tiles.map((t) => t.el.root.dataset.frameIndex)).toEqual(["1", "0"]);
    // Nothing of ep2 is asked for in the key's task, the series of ep1 are not published yet.
    expect(service.since(from)).toEqual([]);
    expect(episodes.getState().series).toEqual({});
    for (let k = 0; k < 20 && !service.since(from).includes("open ep2.mcap"); k++) await settle();
    expect(panes).toEqual(["hold", "release"]);
    expect(Object.keys(episodes.getState().series)).toEqual(["/joint_states"]);
    expect(service.since(from)[0]).toBe("open ep2.mcap");
    player.dispose();
  });

  it("the next episode is loaded ahead only once the open one's pictures are shown and its series arrived", async () => {
    const { player, service, episodes, panes } = setup();
    service.hold(["series"]);
    void player.open("ep0.mcap");
    player.preload("ep1.mcap");
    for (let k = 0; k < 20 && Object.keys(episodes.getState().frameIndexes).length < 2; k++) await settle();
    const tiles = attachAll(player, "id:ep0.mcap");
    for (let k = 0; k < 40 && tiles.some((t) => t.el.root.dataset.frameIndex === "-1"); k++) await settle();
    for (let k = 0; k < 5; k++) await settle();
    // ep0's pictures are up and its series still being read: nothing of ep1 is asked for (it would slow them down).
    expect(tiles.map((t) => t.el.root.dataset.frameIndex)).not.toContain("-1");
    expect(service.held.map((c) => c.request.topic)).toEqual(["/joint_states"]);
    expect(service.since(0).filter((c) => c.includes("ep1"))).toEqual([]);
    service.hold(false);
    for (let k = 0; k < 20 && service.since(0).filter((c) => c.startsWith("series ")).length < 2; k++) await settle();
    expect(service.since(0)).toContain("open ep1.mcap");
    expect(service.since(0).filter((c) => c.startsWith("series "))).toEqual(["series /joint_states", "series /joint_states"]);
    expect(Object.keys(episodes.getState().series)).toEqual(["/joint_states"]);
    // A miss holds the other panes until its pictures are painted.
    expect(panes).toEqual(["hold", "release"]);
    player.dispose();
  });

  it("preload miss: another episode than the one loaded ahead is loaded afresh", async () => {
    const { player, service } = setup();
    await player.open("ep0.mcap");
    player.preload("ep1.mcap");
    await settle();
    const from = service.calls.length;
    await player.open("ep2.mcap");
    expect(player.lastOpen).toBe("miss");
    expect(service.since(from).slice(0, 1)).toEqual(["open ep2.mcap"]);
    player.dispose();
  });

  it("the preload waits for the open episode's pictures, keeps one episode ahead, and is cancelled when the queue changes", async () => {
    const { player, service, sources } = setup();
    service.hold(["open"]);
    const first = player.open("ep0.mcap");
    player.preload("ep1.mcap");
    expect(service.since(0)).toEqual(["open ep0.mcap"]);
    service.hold(false);
    await first;
    await settle();
    // Settled, but its pictures are not up (no tile yet): nothing is loaded ahead until they are.
    expect(service.since(0)).not.toContain("open ep1.mcap");
    attachAll(player, "id:ep0.mcap");
    for (let k = 0; k < 20 && !service.since(0).includes("open ep1.mcap"); k++) await settle();
    expect(service.since(0)).toContain("open ep1.mcap");
    for (let k = 0; k < 20 && sources.disposed.length === 0 && service.since(0).filter((c) => c.startsWith("frames")).length < 2; k++) await settle();
    // The queue changed: ep3 is next now. ep1's work is cancelled (its decoders closed), ep3 is loaded instead.
    const from = service.calls.length;
    player.preload("ep3.mcap");
    expect(sources.disposed.sort()).toEqual(CAMERAS);
    expect(player.preloadingPath).toBe("ep3.mcap");
    await settle();
    expect(service.since(from)[0]).toBe("open ep3.mcap");
    // No next episode: nothing is loaded ahead.
    player.preload(null);
    expect(player.preloadingPath).toBeNull();
    player.dispose();
  });

  it("dispose aborts the reads in flight (series, frames) and closes every decoder, the preloaded ones too", async () => {
    const { player, service, sources } = setup();
    await player.open("ep0.mcap");
    attachAll(player, "id:ep0.mcap");
    await settle();
    service.hold(["series", "frames"]);
    service.leads = false; // the preload fetches its first frames itself: reads to abort
    player.preload("ep1.mcap");
    for (let k = 0; k < 20 && service.held.length < 3; k++) await settle();
    const inFlight = service.held;
    expect(inFlight.map((c) => c.channel).sort()).toEqual(["frames", "frames", "series"]);
    player.dispose();
    expect(inFlight.every((c) => c.signal!.aborted)).toBe(true);
    expect(sources.disposed.sort()).toEqual([...CAMERAS, ...CAMERAS].sort());
    service.hold(false);
  });
});
