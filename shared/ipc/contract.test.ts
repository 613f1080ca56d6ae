import { describe, expect, it } from "vitest";
import { emptyAnnotation } from "../annotation.ts";
import { channels, createApi, EpiscopeError, isChannel, parseRequest } from "./contract.ts";

describe("IPC contract", () => {
  it("declares service.method channels", () => {
    expect(channels).toContain("episode.open");
    for (const c of channels) expect(c).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
    expect(isChannel("episode.open")).toBe(true);
    expect(isChannel("toString")).toBe(false);
  });

  it("refuses invalid requests naming the field", () => {
    expect(() => parseRequest("episode.open", { path: "../../etc/passwd" })).toThrow(/episode.open: path: must be a path relative/);
    expect(() => parseRequest("episode.open", { path: "/abs.mcap" })).toThrow(EpiscopeError);
    expect(() => parseRequest("episode.frames", { episodeId: "e", topic: "/t", from: 5, to: 2 })).toThrow(/need from ≤ to/);
    expect(parseRequest("episode.open", { path: "a/b.mcap" })).toEqual({ path: "a/b.mcap" });
  });

  it("accepts an annotation document with bigint or string ns", () => {
    const doc = emptyAnnotation("a.mcap", { sizeBytes: 1, startNs: 1n, endNs: 2n, messageCount: 3 }, { id: "me", name: "Me" });
    const parsed = parseRequest("annotation.save", { path: "a.mcap", document: { ...doc, episode: { ...doc.episode, fingerprint: { ...doc.episode.fingerprint, startNs: "1" } } } });
    expect(parsed.document.episode.fingerprint.startNs).toBe(1n);
  });

  it("builds a typed proxy that routes to channels", async () => {
    const calls: string[] = [];
    const api = createApi(async (channel, request) => {
      calls.push(`${channel} ${JSON.stringify(request)}`);
      return null as never;
    });
    await api.episode.open({ path: "x.mcap" });
    await api.annotation.load({ path: "x.mcap" });
    expect(calls).toEqual(['episode.open {"path":"x.mcap"}', 'annotation.load {"path":"x.mcap"}']);
  });
});
