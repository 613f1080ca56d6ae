import { describe, expect, it } from "vitest";
import { emptyAnnotation } from "../../../shared/annotation.ts";
import type { ChannelSummary, EpisodeSummary } from "../../../shared/episode.ts";
import type { AnnotationState } from "./annotation.ts";
import type { ClockState } from "./clock.ts";
import type { EpisodeState } from "./episode.ts";
import * as sel from "./selectors.ts";

const channel = (topic: string, kind: ChannelSummary["kind"], messageCount = 10): ChannelSummary => ({
  id: topic.length,
  topic,
  schemaName: topic === "/joints" ? "sensor_msgs/msg/JointState" : "s",
  schemaEncoding: "ros2msg",
  messageEncoding: "cdr",
  messageCount,
  rateHz: null,
  firstNs: null,
  lastNs: null,
  kind,
});

const summary: EpisodeSummary = {
  episodeId: "e1",
  path: "a/ep.mcap",
  name: "ep",
  sizeBytes: 10,
  startNs: 100n,
  endNs: 200n,
  messageCount: 30,
  channels: [channel("/z_cam", "camera"), channel("/a_cam", "camera"), channel("/empty_cam", "camera", 0), channel("/joints", "joints"), channel("/battery", "joints"), channel("/tf", "other")],
  readMode: "indexed",
  access: "mmap",
  problems: [],
};

const episodeState = (patch: Partial<EpisodeState>): EpisodeState =>
  ({
    listing: null,
    listingStatus: "idle",
    listingError: null,
    currentPath: null,
    status: "idle",
    summary: null,
    error: null,
    frameIndexes: {},
    frameIndexErrors: {},
    series: {},
    seriesErrors: {},
    ...patch,
  }) as EpisodeState;

describe("clock selectors", () => {
  it("read fields and the duration", () => {
    const s = { startNs: 5n, endNs: 15n, tNs: 7n, playing: true, speed: 2 } as ClockState;
    expect(sel.selectDurationNs(s)).toBe(10n);
    expect(sel.selectPlaying(s)).toBe(true);
    expect(sel.selectSpeed(s)).toBe(2);
    expect(sel.selectStartNs(s)).toBe(5n);
    expect(sel.selectEndNs(s)).toBe(15n);
  });
});

describe("episode selectors", () => {
  it("pick cameras with frames and joints, sorted, with stable identity", () => {
    const s = episodeState({ summary });
    expect(sel.selectCameraChannels(s).map((c) => c.topic)).toEqual(["/a_cam", "/z_cam"]);
    expect(sel.selectJointChannels(s).map((c) => c.topic)).toEqual(["/joints", "/battery"]);
    expect(sel.selectChannels(s).map((c) => c.topic)).toEqual(["/a_cam", "/battery", "/empty_cam", "/joints", "/tf", "/z_cam"]);
    expect(sel.selectCameraChannels(s)).toBe(sel.selectCameraChannels(episodeState({ summary })));
    expect(sel.selectCameraChannels(episodeState({}))).toEqual([]);
    expect(sel.selectCameraChannels(episodeState({}))).toBe(sel.selectJointChannels(episodeState({})));
  });
  it("choose the default episode: initial, else first, else none", () => {
    const episodes = [
      { path: "one.mcap", name: "one", sizeBytes: 1 },
      { path: "two.mcap", name: "two", sizeBytes: 1 },
    ];
    expect(sel.selectDefaultEpisodePath(episodeState({ listing: { root: "/r", episodes, initial: "two.mcap" } }))).toBe("two.mcap");
    expect(sel.selectDefaultEpisodePath(episodeState({ listing: { root: "/r", episodes, initial: null } }))).toBe("one.mcap");
    expect(sel.selectDefaultEpisodePath(episodeState({}))).toBeNull();
  });
  it("detect an empty listing only once it loaded", () => {
    expect(sel.selectListingIsEmpty(episodeState({}))).toBe(false);
    expect(sel.selectListingIsEmpty(episodeState({ listingStatus: "ready", listing: { root: "/r", episodes: [], initial: null } }))).toBe(true);
    expect(sel.selectEpisodes(episodeState({}))).toEqual([]);
  });
  it("list series sorted by topic with stable identity and look up per topic", () => {
    const a = { topic: "/a", fields: [], logTimesNs: new BigInt64Array(), values: [] };
    const b = { topic: "/b", fields: [], logTimesNs: new BigInt64Array(), values: [] };
    const series = { "/b": b, "/a": a };
    const s = episodeState({ series });
    expect(sel.selectSeriesList(s)).toEqual([a, b]);
    expect(sel.selectSeriesList(s)).toBe(sel.selectSeriesList(episodeState({ series })));
    expect(sel.selectSeries("/a")(s)).toBe(a);
    expect(sel.selectFrameIndex("/nope")(s)).toBeNull();
  });
  it("pick the series of joint-like channels for the overview", () => {
    const j = { topic: "/joints", fields: [], logTimesNs: new BigInt64Array(), values: [] };
    const b = { topic: "/battery", fields: [], logTimesNs: new BigInt64Array(), values: [] };
    const series = { "/joints": j, "/battery": b };
    const s = episodeState({ summary, series });
    expect(sel.selectJointSeries(s)).toEqual([j]);
    expect(sel.selectJointSeries(s)).toBe(sel.selectJointSeries(episodeState({ summary, series })));
    expect(sel.selectJointSeries(episodeState({ series }))).toEqual([]);
  });
});

describe("annotation selectors", () => {
  const doc = emptyAnnotation("ep.mcap", { sizeBytes: 1, startNs: 0n, endNs: 1n, messageCount: 1 }, { id: "me", name: "Me" });
  const state = (patch: Partial<AnnotationState>): AnnotationState =>
    ({ path: "ep.mcap", document: doc, loadStatus: "ready", loadError: null, save: { kind: "idle" }, newSegmentKind: "failure", ...patch }) as AnnotationState;

  it("read the outcome and the primary segment with stable identity", () => {
    const withSeg = {
      ...doc,
      review: { ...doc.review, outcome: "failure" as const },
      segments: [{ id: "s", kind: "recovery", startNs: 0n, endNs: 1n, note: "", camera: null }],
    };
    const s = state({ document: withSeg });
    expect(sel.selectOutcome(s)).toBe("failure");
    expect(sel.selectPrimarySegment(s)?.id).toBe("s");
    expect(sel.selectPrimarySegment(s)).toBe(sel.selectPrimarySegment(state({ document: withSeg })));
    expect(sel.selectPrimarySegment(state({ document: null }))).toBeNull();
    expect(sel.selectCanEdit(s)).toBe(true);
    expect(sel.selectCanEdit(state({ loadStatus: "loading" }))).toBe(false);
  });
  it("label the save state", () => {
    expect(sel.selectSaveLabel(state({ save: { kind: "saving" } }))).toBe("Saving…");
    expect(sel.selectSaveLabel(state({ save: { kind: "saved", revision: 3 } }))).toBe("Saved ✓ rev 3");
    expect(sel.selectSaveLabel(state({ save: { kind: "error", message: "disk full" } }))).toBe("Save failed: disk full");
    expect(sel.selectSaveLabel(state({ save: { kind: "idle" } }))).toBe("Not saved yet");
    expect(sel.selectSaveLabel(state({ loadStatus: "error", loadError: "bad json" }))).toBe("Load failed: bad json");
    expect(sel.selectSaveLabel(state({ loadStatus: "idle", document: null }))).toBe("No episode open");
  });
});
