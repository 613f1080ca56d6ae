import { describe, expect, it } from "vitest";
import type { ChannelSummary } from "../episode.ts";
import { defaultPlayhead } from "./initialTime.ts";

const ch = (kind: ChannelSummary["kind"], firstNs: bigint | null, messageCount = 1): ChannelSummary => ({
  id: 1,
  topic: "/t",
  schemaName: "",
  schemaEncoding: "",
  messageEncoding: "",
  messageCount,
  rateHz: null,
  firstNs,
  lastNs: firstNs,
  kind,
});

describe("defaultPlayhead", () => {
  it("is the first moment every camera has a frame", () => {
    expect(defaultPlayhead({ startNs: 100n, endNs: 900n, channels: [ch("camera", 120n), ch("camera", 150n), ch("joints", 500n)] })).toBe(150n);
  });
  it("is the start without cameras, and ignores empty cameras", () => {
    expect(defaultPlayhead({ startNs: 100n, endNs: 900n, channels: [ch("joints", 300n)] })).toBe(100n);
    expect(defaultPlayhead({ startNs: 100n, endNs: 900n, channels: [ch("camera", null, 0)] })).toBe(100n);
  });
  it("stays within the episode", () => {
    expect(defaultPlayhead({ startNs: 100n, endNs: 200n, channels: [ch("camera", 300n)] })).toBe(200n);
  });
});
