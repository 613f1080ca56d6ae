import { describe, expect, it } from "vitest";
import type { ChannelSummary, EpisodeSummary } from "./episode.ts";
import { damageOf } from "./episodeDamage.ts";

const S = 1_000_000_000n;
const channel = (topic: string, count: number, firstS: number, lastS: number, rateHz: number | null): ChannelSummary => ({
  id: 1,
  topic,
  schemaName: "",
  schemaEncoding: "",
  messageEncoding: "cdr",
  messageCount: count,
  rateHz,
  firstNs: count ? 100n * S + BigInt(firstS * 1e9) : null,
  lastNs: count ? 100n * S + BigInt(lastS * 1e9) : null,
  kind: "other",
});

const summary = (problems: EpisodeSummary["problems"], channels: ChannelSummary[]): EpisodeSummary => ({
  episodeId: "e1",
  path: "cut.mcap",
  name: "cut",
  sizeBytes: 10,
  startNs: 100n * S,
  endNs: 104n * S,
  messageCount: channels.reduce((n, c) => n + c.messageCount, 0),
  channels,
  readMode: "streamed",
  access: "mmap",
  problems,
});

describe("damageOf", () => {
  it("is null for a whole file (warnings do not count)", () => {
    expect(damageOf(summary([{ severity: "warning", code: "no-index", message: "no index" }], [channel("/a", 5, 0, 4, 1)]))).toBeNull();
  });

  it("names the cause, the readable span and the topics cut short or lost", () => {
    const cut = { severity: "error" as const, code: "truncated", message: "cut.mcap: truncated MCAP: the record at offset 900 …" };
    const damage = damageOf(
      summary([cut], [channel("/joints", 201, 0, 4, 50), channel("/cam", 90, 0, 2.97, 30), channel("/late", 4, 3.7, 3.95, 20), channel("/gone", 0, 0, 0, null)]),
    );
    expect(damage).toEqual({
      causes: [cut.message],
      readableEndS: 4,
      messagesRead: 295,
      lostTopics: [
        { topic: "/gone", lastReadableS: null },
        { topic: "/cam", lastReadableS: 2.97 },
      ],
    });
  });
});
