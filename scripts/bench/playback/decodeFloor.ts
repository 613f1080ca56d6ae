/**
 * The decode floor of a seek, measured in the same browser and run as the app's seeks: for each target time, every
 * camera's WebCodecs decoder (reset, configured as the app configures it) decodes from the keyframe at or before the
 * camera's frame for that time up to that frame, all cameras at once, in a blank page with nothing else running.
 * The time until every camera's wanted frame has come out is what no player built on WebCodecs software decoding
 * can beat on this machine (it excludes fetching, conversion and painting). The floor's decoders live in the app's
 * own page (a second page would be a background tab, whose animation frames Chromium throttles), used while the app
 * is paused and idle, so floor and app seeks can be interleaved and see the machine in the same state.
 */
import type { Page } from "playwright-core";
import { tokenOf } from "../../../e2e/harness/serveProcess.ts";
import type { CameraFrame, EpisodeSummary, FrameIndex } from "../../../shared/episode.ts";
import type { IpcResult } from "../../../shared/ipc/contract.ts";
import { decodeEnvelope, encodeEnvelope } from "../../../shared/ipc/envelope.ts";
import { chooseCodec } from "../../../shared/playback/codec.ts";
import { latestAtOrBefore } from "../../../shared/time.ts";

/** Call one IPC operation of a running `episcope serve` over its HTTP adapter. @throws Error with the operation's error */
async function call<T>(serveUrl: string, channel: string, request: unknown): Promise<T> {
  const token = tokenOf(serveUrl);
  const response = await fetch(`${serveUrl}/api/${channel}`, {
    method: "POST",
    headers: { "content-type": "application/x-episcope-envelope", ...(token ? { authorization: `token ${token}` } : {}) },
    body: encodeEnvelope(request),
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!(response.headers.get("content-type") ?? "").includes("envelope")) {
    throw new Error(`${channel}: HTTP ${response.status} ${response.headers.get("content-type")}: ${new TextDecoder().decode(bytes.subarray(0, 300))}`);
  }
  const result = decodeEnvelope(bytes) as IpcResult<T>;
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
    // Every flag (the index may come with only its first ones: FrameIndex.keyframesKnown).
    const keyframes = await call<Uint8Array>(serveUrl, "episode.keyframes", { episodeId: summary.episodeId, topic });
    cameras.push({ topic, times: index.logTimesNs, keyframes, units });
  }
  return cameras;
}

/**
 * In-page script: `window.__floor(seeks)` decodes each seek (per camera: [first, last] frame numbers) and resolves to
 * the milliseconds each took. Plain JS in a string: it runs in the page as written (no transpiler helpers).
 */
const PAGE_SCRIPT = `
window.__floorLoad = async (codec) => {
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
  window.__floorClose = () => decoders.forEach((s) => s.decoder.close());
  window.__floorSeek = async (seek) => {
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
    const ms = performance.now() - t0;
    const failed = decoders.find((s) => s.error);
    if (failed) throw new Error("decode failed: " + failed.error.message);
    return ms;
  };
};
`;

/** Decoders ready to decode seeks of one episode's cameras with WebCodecs alone. */
export interface DecodeFloor {
  /** Decode every camera's frames for time `tNs` (ns), all at once; the time until all wanted frames came out (ms). */
  seek(tNs: bigint): Promise<number>;
  close(): Promise<void>;
}

/**
 * Install a decode floor in `page` (open on `serveUrl`, paused) for the H.264 cameras `topics` of `episodePath`
 * (relative to the served path): their access units are served to the page from a bench-only route.
 * @throws Error when a camera is not H.264 or its codec is not supported here
 */
export async function openDecodeFloor(page: Page, serveUrl: string, episodePath: string, topics: readonly string[]): Promise<DecodeFloor> {
  const cameras = await readCameras(serveUrl, episodePath, topics);
  const parts: Buffer[] = [u32(cameras.length)];
  for (const c of cameras) {
    parts.push(u32(c.units.length));
    for (const u of c.units) parts.push(u32(u.byteLength), Buffer.from(u.buffer, u.byteOffset, u.byteLength));
  }
  const blob = Buffer.concat(parts);
  const choice = chooseCodec("h264", cameras[0]!.units[0]!);
  if (!choice.supported) throw new Error(`decode floor: ${choice.codec} is not supported (${choice.reason})`);
  const route = `${serveUrl}/__bench/units.bin`;
  await page.route(route, (r) => r.fulfill({ body: blob, contentType: "application/octet-stream" }));
  await page.evaluate(PAGE_SCRIPT);
  await page.evaluate((codec) => (window as unknown as { __floorLoad: (codec: string) => Promise<void> }).__floorLoad(codec), choice.codec);
  type Seek = (seek: number[][]) => Promise<number>;
  return {
    seek: (tNs) => {
      const seek = cameras.map((c) => {
        const last = Math.max(0, latestAtOrBefore(c.times, tNs));
        let first = last;
        while (first > 0 && c.keyframes[first] !== 1) first--;
        return [first, last];
      });
      return page.evaluate((s) => (window as unknown as { __floorSeek: Seek }).__floorSeek(s), seek);
    },
    close: async () => {
      await page.evaluate(() => (window as unknown as { __floorClose: () => void }).__floorClose());
      await page.unroute(route);
    },
  };
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
