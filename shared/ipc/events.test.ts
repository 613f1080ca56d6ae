/**
 * The contract's events and per-call cancellation: events are declared with schemas and validated when published and
 * received (unknown names and bad payloads refused, naming the field), the hub fans out and replays retained events,
 * the text form round-trips bigints, and a cancelled call rejects with AbortError (never sent when already aborted).
 */
import { describe, expect, it } from "vitest";
import { AbortError, createApi, eventNames, isAbortError, parseEvent, parseRequest, type CallOptions, type EventMessage } from "./contract.ts";
import { EventHub } from "./eventHub.ts";
import { decodeEventText, encodeEventText } from "./eventWire.ts";

const indexProgress = { jobId: "index-1", state: "running", total: 10, done: 3, cached: 1, failed: 0, elapsedMs: 12, error: null } as const;

describe("contract events", () => {
  it("declares job progress, file changed and annotation changed", () => {
    expect(eventNames).toEqual(expect.arrayContaining(["job.progress", "episode.fileChanged", "annotation.changed"]));
  });

  it("validates payloads against the declared schema, naming the field; refuses unknown events", () => {
    expect(parseEvent("job.progress", { kind: "index", progress: indexProgress }).payload).toEqual({ kind: "index", progress: indexProgress });
    expect(() => parseEvent("job.progress", { kind: "upload", progress: indexProgress })).toThrow(/job\.progress: kind: /);
    expect(() => parseEvent("job.progress", { kind: "export", progress: { ...indexProgress, state: "sleeping" } })).toThrow(/job\.progress: progress\.state: /);
    expect(() => parseEvent("annotation.changed", { episodePath: "a.mcap", layer: "alice", revision: -1, origin: null })).toThrow(
      /annotation\.changed: revision: /,
    );
    expect(() => parseEvent("episode.deleted", {})).toThrow(expect.objectContaining({ code: "unknown-event", message: 'unknown event "episode.deleted"' }));
    expect(() => parseEvent("toString", {})).toThrow(/unknown event/);
  });

  it("the hub refuses undeclared or invalid events (nothing sent), fans out, and replays retained events", () => {
    const hub = new EventHub();
    const early: EventMessage[] = [];
    hub.subscribe((m) => early.push(m));
    hub.publish("job.progress", { kind: "index", progress: { ...indexProgress } }, "job.progress:index");
    hub.publish("job.progress", { kind: "index", progress: { ...indexProgress, state: "done", done: 10 } }, "job.progress:index");
    hub.publish("annotation.changed", { episodePath: "a.mcap", layer: "alice", revision: 2, origin: "page-1" });
    expect(() => hub.publish("nope" as "job.progress", {} as never)).toThrow(/unknown event/);
    expect(() => hub.publish("episode.fileChanged", { path: "", episodeId: null, message: "x" })).toThrow(/episode\.fileChanged: path: /);
    expect(early.map((m) => m.event)).toEqual(["job.progress", "job.progress", "annotation.changed"]);
    // A late subscriber gets the last retained event of each key first (not the unretained save).
    const late: EventMessage[] = [];
    const unsubscribe = hub.subscribe((m) => late.push(m), { replay: true });
    expect(late).toEqual([{ event: "job.progress", payload: { kind: "index", progress: { ...indexProgress, state: "done", done: 10 } } }]);
    // A sink that throws does not stop the others.
    hub.subscribe(() => {
      throw new Error("closed window");
    });
    hub.publish("annotation.changed", { episodePath: "b.mcap", layer: "bob", revision: 1, origin: null });
    expect(late).toHaveLength(2);
    unsubscribe();
    hub.publish("annotation.changed", { episodePath: "c.mcap", layer: "bob", revision: 1, origin: null });
    expect(late).toHaveLength(2);
  });

  it("the text form (server-sent events) is one line, carries bigints, and is validated when read", () => {
    const text = encodeEventText("annotation.changed", { episodePath: "a\nb.mcap", layer: "alice", revision: 3, origin: null, extra: 5n });
    expect(text).not.toContain("\n");
    expect(JSON.parse(text)).toMatchObject({ payload: { extra: { $bigint: "5" } } });
    expect(decodeEventText(text)).toEqual({ event: "annotation.changed", payload: { episodePath: "a\nb.mcap", layer: "alice", revision: 3, origin: null } });
    expect(() => decodeEventText('{"event":"episode.gone","payload":{}}')).toThrow(/unknown event "episode\.gone"/);
    expect(() => decodeEventText("not json")).toThrow(/event text is not JSON/);
    expect(() => decodeEventText('{"payload":{}}')).toThrow(/no event name/);
    expect(() => encodeEventText("annotation.changed", { bytes: new Uint8Array(2) })).toThrow(/no binary data/);
  });
});

describe("per-call cancellation", () => {
  /** An invoke that never answers until released, recording what it was given. */
  function slowApi() {
    const sent: Array<{ channel: string; options: CallOptions | undefined }> = [];
    let release: (value: unknown) => void = () => {};
    const api = createApi((channel, _request, options) => {
      sent.push({ channel, options });
      return new Promise((resolve) => (release = resolve as never)) as never;
    });
    return { api, sent, release: (v: unknown) => release(v) };
  }

  it("rejects with AbortError when the signal fires, and hands the signal to the transport", async () => {
    const { api, sent, release } = slowApi();
    const controller = new AbortController();
    const call = api.episode.frames({ episodeId: "e", topic: "/cam", from: 0, to: 1999 }, { signal: controller.signal });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.options?.signal).toBe(controller.signal);
    controller.abort();
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ name: "AbortError", code: "cancelled", message: "episode.frames: the call was cancelled" });
    expect(isAbortError(error)).toBe(true);
    release([]); // a late answer changes nothing
  });

  it("never sends a call whose signal already fired; an uncancelled call resolves as before", async () => {
    const { api, sent, release } = slowApi();
    const controller = new AbortController();
    controller.abort();
    await expect(api.episode.list({}, { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
    expect(sent).toHaveLength(0);
    const call = api.episode.list({}, { signal: new AbortController().signal });
    release({ root: "/", episodes: [], initial: null });
    await expect(call).resolves.toEqual({ root: "/", episodes: [], initial: null });
  });

  it("frames have no per-request cap: 2,000 frames is a valid request", () => {
    expect(parseRequest("episode.frames", { episodeId: "e", topic: "/cam", from: 0, to: 1999 })).toMatchObject({ from: 0, to: 1999 });
  });
});
