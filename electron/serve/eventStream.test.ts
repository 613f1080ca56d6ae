/**
 * Serve's streaming transport, in process over real HTTP: the event stream (`GET /events`) is behind the token like
 * every other endpoint, carries the contract's events as they are published (latency measured: publish → parsed by
 * the client) and replays the last job progress to a late client; a call whose HTTP request is aborted is cancelled
 * on the service side (a long `episode.frames` stops reading). Real services, a real generated MCAP, real workers.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventMessage } from "../../shared/ipc/contract.ts";
import { encodeEnvelope } from "../../shared/ipc/envelope.ts";
import { readEventStream } from "../../e2e/harness/readEventStream.ts";
import { closeServices, createHandlers, createServices, type EpiscopeServices } from "../ipc/createHandlers.ts";
import { LARGE_CAMERAS, writeLargeMcap } from "../services/episode/testLargeMcap.ts";
import { startHttpServer, type RunningServer } from "./httpServer.ts";

const TOKEN = "stream-test-token-0123456789";
const auth = { authorization: `token ${TOKEN}` };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-event-stream-"));
let services: EpiscopeServices;
let server: RunningServer;

beforeAll(async () => {
  await writeLargeMcap(path.join(tmp, "long.mcap"), { sizeBytes: 0, seconds: 70, paddings: 0 });
  services = createServices(tmp, null, { id: "alice", name: "Alice" }, "serve", "0.0.0", path.join(tmp, "settings.json"));
  server = await startHttpServer({ handlers: createHandlers(() => services), staticDir: tmp, port: 0, token: TOKEN, events: services.events });
}, 120_000);
afterAll(async () => {
  await server?.close();
  if (services) await closeServices(services);
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** An open event stream: each event with the time it was parsed (performance.now(), ms). */
async function openStream(): Promise<{ events: Array<EventMessage & { at: number }>; close(): void }> {
  const controller = new AbortController();
  const response = await fetch(`${server.url}/events`, { headers: auth, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const events: Array<EventMessage & { at: number }> = [];
  void readEventStream(response.body!, (event) => events.push({ ...event, at: performance.now() }));
  return { events, close: () => controller.abort() };
}

async function call(channel: string, request: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(`${server.url}/api/${channel}`, { method: "POST", headers: auth, body: encodeEnvelope(request), ...(signal ? { signal } : {}) });
}

const until = async (check: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe("serve event stream", () => {
  it("refuses a client without the token, before anything is sent", async () => {
    const response = await fetch(`${server.url}/events`);
    expect(response.status).toBe(401);
    expect(await response.text()).toMatch(/missing or wrong token/);
  });

  it("carries published events in order; latency publish → client", async () => {
    const stream = await openStream();
    await new Promise((resolve) => setTimeout(resolve, 50)); // subscribed
    const sentAt: number[] = [];
    for (let i = 1; i <= 50; i++) {
      sentAt.push(performance.now());
      services.events.publish("annotation.changed", { episodePath: "long.mcap", layer: "alice", revision: i, origin: null });
      await until(() => stream.events.filter((e) => e.event === "annotation.changed").length >= i);
    }
    const got = stream.events.filter((e) => e.event === "annotation.changed");
    expect(got.map((e) => (e.payload as { revision: number }).revision)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const latencies = got.map((e, i) => e.at - sentAt[i]!).sort((a, b) => a - b);
    console.log(`event latency publish → client over SSE: p50 ${latencies[25]!.toFixed(2)} ms, p95 ${latencies[47]!.toFixed(2)} ms, max ${latencies[49]!.toFixed(2)} ms`);
    stream.close();
  });

  it("index progress arrives as events, and a client that connects later gets the job's last progress first", async () => {
    const stream = await openStream();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await call("dataset.index", {})).status).toBe(200);
    await until(() => stream.events.some((e) => e.event === "job.progress" && (e.payload as { progress: { state: string } }).progress.state === "done"));
    const states = stream.events.filter((e) => e.event === "job.progress").map((e) => (e.payload as { kind: string; progress: { state: string } }));
    expect(states[0]).toMatchObject({ kind: "index", progress: { state: "running" } });
    stream.close();
    const late = await openStream();
    await until(() => late.events.length > 0);
    expect(late.events[0]).toMatchObject({ event: "job.progress", payload: { kind: "index", progress: { state: "done", total: 1 } } });
    late.close();
  });

  it("an aborted HTTP call is cancelled on the service side: a long frames read stops", async () => {
    const { episodeId } = await services.episodes.open("long.mcap");
    const before = services.episodes.framesRead;
    const controller = new AbortController();
    const pending = call("episode.frames", { episodeId, topic: LARGE_CAMERAS[0], from: 0, to: 2099 }, controller.signal).catch((e: unknown) => e);
    await until(() => services.episodes.framesRead > before);
    controller.abort();
    expect(await pending).toMatchObject({ name: "AbortError" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const read = services.episodes.framesRead - before;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(services.episodes.framesRead - before).toBe(read); // nothing more is read
    expect(read).toBeLessThan(2100);
    // The same call, not aborted, returns all 2,100 frames.
    const whole = await call("episode.frames", { episodeId, topic: LARGE_CAMERAS[0], from: 0, to: 2099 });
    expect(whole.status).toBe(200);
    expect(services.episodes.framesRead - before - read).toBe(2100);
  });
});
