/**
 * The decode floor of a seek, measured in the same browser and run as the app's seeks: for each target time, every
 * camera's WebCodecs decoder (reset, configured as the app configures it) decodes from the keyframe at or before the
 * camera's frame for that time up to that frame, all cameras at once, in a blank page with nothing else running.
 * The time until every camera's wanted frame has come out is what no player built on WebCodecs software decoding
 * can beat on this machine (it excludes fetching, conversion and painting).
 */
import type { BrowserContext } from "playwright-core";
import type { CameraFrame, EpisodeSummary, FrameIndex } from "../../../shared/episode.ts";
import type { IpcResult } from "../../../shared/ipc/contract.ts";
import { decodeEnvelope, encodeEnvelope } from "../../../shared/ipc/envelope.ts";
import { chooseCodec } from "../../../shared/playback/codec.ts";
import { latestAtOrBefore } from "../../../shared/time.ts";

/** Call one IPC operation of a running `episcope serve` over its HTTP adapter. @throws Error with the operation's error */
async function call<T>(serveUrl: string, channel: string, request: unknown): Promise<T> {
  const response = await fetch(`${serveUrl}/api/${channel}`, {
    method: "POST",
    headers: { "content-type": "application/x-episcope-envelope" },
    body: encodeEnvelope(request),
  });
  const result = decodeEnvelope(new Uint8Array(await response.arrayBuffer())) as IpcResult<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value;
}

/** One camera's H.264 access units with keyframe flags, read through the app's own engine. */
interface CameraUnits {
  topic: string;
  times: BigInt64Array;
  keyframes: Uint8Array;
  units: Uint8Array[];
}

async function readCameras(serveUrl: string, episodePath: string, topics: readonly string[]): Promise<CameraUnits[]> {
  const summary = await call<EpisodeSummary>(serveUrl, "episode.open", { path: episodePath });
  const cameras: CameraUnits[] = [];
  for (const topic of topics) {
    const index = await call<FrameIndex>(serveUrl, "episode.frameIndex", { episodeId: summary.episodeId, topic });
    if (index.format !== "h264") throw new Error(`${topic}: the decode floor is measured on H.264 only, not ${index.format}`);
    const units: Uint8Array[] = [];
    for (let from = 0; from < index.logTimesNs.length; from += 500) {
      const to = Math.min(index.logTimesNs.length - 1, from + 499);
      const frames = await call<CameraFrame[]>(serveUrl, "episode.frames", { episodeId: summary.episodeId, topic, from, to });
      for (const f of frames) units[f.index] = f.data;
    }
    cameras.push({ topic, times: index.logTimesNs, keyframes: index.keyframes, units });
  }
  return cameras;
}

/**
 * In-page script: `window.__floor(seeks)` decodes each seek (per camera: [first, last] frame numbers) and resolves to
 * the milliseconds each took. Plain JS in a string: it runs in the page as written (no transpiler helpers).
 */
const PAGE_SCRIPT = `
window.__floor = async (codec, seeks) => {
  const bytes = new Uint8Array(await (await fetch("/__bench/units.bin")).arrayBuffer());
  const view = new DataView(bytes.buffer);
  const cams = [];
  let o = 0;
  const ncam = view.getUint32(o, true); o += 4;
  for (let c = 0; c < ncam; c++) {
    const n = view.getUint32(o, true); o += 4;
    const units = [];
    for (let i = 0; i < n; i++) {
      const len = view.getUint32(o, true); o += 4;
      units.push(bytes.subarray(o, o + len)); o += len;
    }
    cams.push(units);
  }
  const config = { codec, optimizeForLatency: true };
  const decoders = cams.map(() => {
    const s = { want: -1, done: null, error: null };
    s.decoder = new VideoDecoder({
      output: (frame) => { const i = frame.timestamp; frame.close(); if (i === s.want && s.done) s.done(); },
      error: (e) => { s.error = e; if (s.done) s.done(); },
    });
    return s;
  });
  const out = [];
  for (const seek of seeks) {
    const t0 = performance.now();
    await Promise.all(seek.map(([first, last], c) => new Promise((resolve) => {
      const s = decoders[c];
      s.want = last;
      s.done = resolve;
      if (s.decoder.state === "configured") s.decoder.reset();
      s.decoder.configure(config);
      for (let i = first; i <= last; i++) {
        s.decoder.decode(new EncodedVideoChunk({ type: i === first ? "key" : "delta", timestamp: i, data: cams[c][i] }));
      }
    })));
    out.push(performance.now() - t0);
    const failed = decoders.find((s) => s.error);
    if (failed) throw new Error("decode failed: " + failed.error.message);
    await new Promise((r) => setTimeout(r, 20));
  }
  return out;
};
`;

/** Decode-floor times (ms) of seeks to `targetsNs`, one per target, in a blank page of `context` on `serveUrl`'s origin. */
export async function measureDecodeFloor(
  context: BrowserContext,
  serveUrl: string,
  episodePath: string,
  topics: readonly string[],
  targetsNs: readonly bigint[],
): Promise<number[]> {
  const cameras = await readCameras(serveUrl, episodePath, topics);
  const parts: Buffer[] = [u32(cameras.length)];
  for (const c of cameras) {
    parts.push(u32(c.units.length));
    for (const u of c.units) parts.push(u32(u.byteLength), Buffer.from(u.buffer, u.byteOffset, u.byteLength));
  }
  const blob = Buffer.concat(parts);
  const seeks = targetsNs.map((t) =>
    cameras.map((c) => {
      const last = Math.max(0, latestAtOrBefore(c.times, t));
      let first = last;
      while (first > 0 && c.keyframes[first] !== 1) first--;
      return [first, last];
    }),
  );
  const first = cameras[0]!.units[0]!;
  const choice = chooseCodec("h264", first);
  if (!choice.supported) throw new Error(`decode floor: ${choice.codec} is not supported (${choice.reason})`);
  const page = await context.newPage();
  try {
    await page.route(`${serveUrl}/__bench/**`, (route) =>
      route.request().url().endsWith("units.bin")
        ? route.fulfill({ body: blob, contentType: "application/octet-stream" })
        : route.fulfill({ body: "<!doctype html><title>decode floor</title>", contentType: "text/html" }),
    );
    await page.goto(`${serveUrl}/__bench/floor.html`);
    await page.evaluate(PAGE_SCRIPT);
    type Floor = (codec: string, seeks: number[][][]) => Promise<number[]>;
    return await page.evaluate(([codec, s]) => (window as unknown as { __floor: Floor }).__floor(codec, s), [choice.codec, seeks] as const);
  } finally {
    await page.close();
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
