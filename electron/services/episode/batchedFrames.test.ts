/**
 * Camera frames read many per call (issue 20, the export engineer's report): the renderer's seeks and playhead buffer
 * and the export ask for many frames in one `frames` request. Through the worker pool (the path the app and `serve`
 * use), a batch must return exactly the bytes of single-frame reads and of @mcap/core reading the same messages — for
 * every camera of every bundled sample (uncompressed and zstd chunks) and of a generated zstd episode with three
 * cameras (protobuf and CDR) over many MCAP chunks, with batches that cross chunk boundaries, come back to a chunk read before, and
 * interleave cameras (more chunks than the episode's reused decompression buffers), under every zstd library that loads.
 *
 * The bug this guards against: a frame's "copy" was `data.slice()`, and when the payload was a view into a Node Buffer
 * (the reused decompression buffers are allocated as Buffers) `Buffer#slice` is a view, not a copy — so every frame of a
 * batch past the first chunk showed the bytes of whatever chunk was decompressed into that buffer last
 * (pick_cube_002.mcap /cam_high frames 61+ of a 0..479 read).
 */
import { parse as parseRosMsg } from "@foxglove/rosmsg";
import { MessageWriter } from "@foxglove/rosmsg2-serialization";
import { McapIndexedReader } from "@mcap/core";
import { FileHandleReadable } from "@mcap/nodejs";
import { loadDecompressHandlers } from "@mcap/support";
import fs from "node:fs";
import { open } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CameraFrame, CameraPayload } from "../../../shared/episode.ts";
import { foxgloveCameraSchema } from "../../../shared/mcap/foxgloveCameraSchemas.ts";
import { COMPRESSED_IMAGE_DEFINITION } from "../../../shared/mcap/ros2Definitions.ts";
import { extractFrame } from "./cameraFrames.ts";
import { EpisodeWorkerPool } from "./episodeWorkerPool.ts";
import { LoadedEpisode } from "./loadedEpisode.ts";
import { createMessageDecoder, decodeMessage } from "./messageDecoder.ts";
import { writeTestMcap } from "./testMcapWriter.ts";
import { loadZstdImplementation, ZSTD_IMPLEMENTATIONS, type ZstdImplementation } from "./zstdDecompressor.ts";

const SAMPLES = fileURLToPath(new URL("../../../assets/sample/", import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-batched-frames-"));
const GENERATED = path.join(tmp, "three-cameras-zstd.mcap");
const CAMERAS = ["/cam_a", "/cam_b", "/cam_c"] as const;
const FRAMES_PER_CAMERA = 150;

/** Deterministic bytes of frame `i` of camera `c`: 1–12 KB, distinct per frame (xorshift32). */
function frameBytes(c: number, i: number): Uint8Array {
  let x = (c + 1) * 0x9e3779b1 + i * 0x85ebca6b || 1;
  const out = new Uint8Array(1000 + ((i * 7919 + c * 104729) % 11_000));
  for (let k = 0; k < out.length; k++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[k] = x & 0xff;
  }
  return out;
}

/** Every camera's frames in log-time order, read and decoded from @mcap/core's messages (independent of the engine's reads). */
async function referenceFrames(file: string): Promise<Map<string, { payload: CameraPayload; data: Uint8Array[] }>> {
  const handle = await open(file, "r");
  try {
    const reader = await McapIndexedReader.Initialize({ readable: new FileHandleReadable(handle), decompressHandlers: await loadDecompressHandlers() });
    const out = new Map<string, { payload: CameraPayload; data: Uint8Array[] }>();
    const payloads = new Map<string, CameraPayload>([
      ["foxglove.CompressedVideo", "video"],
      ["foxglove.CompressedImage", "image"],
      ["sensor_msgs/msg/CompressedImage", "image"],
      ["foxglove.RawImage", "raw"],
      ["sensor_msgs/msg/Image", "raw"],
    ]);
    const decoders = new Map<number, ReturnType<typeof createMessageDecoder>>();
    for await (const m of reader.readMessages()) {
      const channel = reader.channelsById.get(m.channelId)!;
      const schema = reader.schemasById.get(channel.schemaId);
      const payload = schema && payloads.get(schema.name);
      if (!payload) continue;
      const info = { id: channel.id, topic: channel.topic, messageEncoding: channel.messageEncoding, metadata: channel.metadata, schema: schema };
      let decoder = decoders.get(m.channelId);
      if (!decoder) decoders.set(m.channelId, (decoder = createMessageDecoder(info)));
      const frame = extractFrame(payload, decodeMessage(decoder, info, m.logTime, m.data), channel.topic, m.logTime);
      let camera = out.get(channel.topic);
      if (!camera) out.set(channel.topic, (camera = { payload, data: [] }));
      camera.data.push(frame.data.slice()); // m.data is @mcap/core's own copy, so this is too
    }
    return out;
  } finally {
    await handle.close();
  }
}

/** Frames of a batch equal `expected[from..]`, by position and byte for byte (a short message names the first difference). */
function expectFrames(frames: CameraFrame[], expected: Uint8Array[], from: number, label: string): void {
  for (const [k, frame] of frames.entries()) {
    const want = expected[from + k]!;
    expect(frame.index, label).toBe(from + k);
    const same = frame.data.length === want.length && Buffer.compare(Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.length), Buffer.from(want)) === 0;
    expect(same, `${label}: frame ${from + k} (${frame.data.length} bytes, expected ${want.length}) differs`).toBe(true);
    // Its own buffer, exactly the frame (it was transferred from the worker).
    expect(frame.data.byteLength, label).toBe(frame.data.buffer.byteLength);
  }
}

const available: ZstdImplementation[] = [];
beforeAll(async () => {
  for (const implementation of ZSTD_IMPLEMENTATIONS) {
    if (typeof (await loadZstdImplementation(implementation)) !== "string") available.push(implementation);
  }
  // Protobuf and CDR, as robots record: a decoded frame is a view into the chunk's bytes (protobufjs hands out a
  // subarray of a Buffer input). JSON's base64 would decode to a fresh copy and hide an aliasing bug.
  const cdr = new MessageWriter(parseRosMsg(COMPRESSED_IMAGE_DEFINITION, { ros2: true }));
  const image = foxgloveCameraSchema("CompressedImage");
  const video = foxgloveCameraSchema("CompressedVideo");
  const encodings = [
    { schemaName: image.name, encoding: { message: "protobuf", schema: "protobuf", schemaData: image.data } },
    { schemaName: video.name, encoding: { message: "protobuf", schema: "protobuf", schemaData: video.data } },
    { schemaName: "sensor_msgs/msg/CompressedImage", encoding: { message: "cdr", schema: "ros2msg", schemaData: new TextEncoder().encode(COMPRESSED_IMAGE_DEFINITION) } },
  ];
  const encode = (c: number, logTimeNs: bigint, data: Uint8Array): Uint8Array => {
    const frameId = CAMERAS[c]!.slice(1);
    if (c === 2) return cdr.writeMessage({ header: { stamp: { sec: Number(logTimeNs / 1_000_000_000n), nanosec: Number(logTimeNs % 1_000_000_000n) }, frame_id: frameId }, format: "jpeg", data });
    return (c === 0 ? image : video).encode({ timestampNs: logTimeNs, frameId, data, format: c === 0 ? "jpeg" : "h264" });
  };
  await writeTestMcap(GENERATED, {
    channels: CAMERAS.map((topic, c) => ({ topic, ...encodings[c]! })),
    // Interleaved like a recording: 30 Hz, the three cameras a few ms apart; 64 KiB chunks hold a handful of frames each.
    messages: Array.from({ length: FRAMES_PER_CAMERA }, (_, i) =>
      CAMERAS.map((topic, c) => {
        const logTimeNs = 1_000_000_000n + BigInt(i) * 33_333_333n + BigInt(c) * 3_000_000n;
        return { topic, logTimeNs, data: encode(c, logTimeNs, frameBytes(c, i)) };
      }),
    ).flat(),
    chunkSize: 64 * 1024,
    compression: "zstd",
  });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const FILES = [
  ...fs.readdirSync(SAMPLES).filter((f) => f.endsWith(".mcap")).map((f) => ({ name: f, file: path.join(SAMPLES, f) })),
  { name: "generated 3-camera zstd episode", file: GENERATED },
];

// The worker inherits the environment at its start, so each pool runs one zstd library (EPISCOPE_ZSTD).
for (const implementation of ZSTD_IMPLEMENTATIONS) {
  describe(`batched frame reads through the worker pool, zstd via ${implementation}`, () => {
    let pool: EpisodeWorkerPool;
    const forced = process.env.EPISCOPE_ZSTD;
    beforeAll(() => {
      process.env.EPISCOPE_ZSTD = implementation;
      pool = new EpisodeWorkerPool(1);
    });
    afterAll(async () => {
      await pool.close();
      if (forced === undefined) delete process.env.EPISCOPE_ZSTD;
      else process.env.EPISCOPE_ZSTD = forced;
    });

    for (const { name, file } of FILES) {
      it(`${name}: every camera's frames read in one batch equal single-frame reads and @mcap/core's bytes`, async (context) => {
        if (!available.includes(implementation)) context.skip();
        const reference = await referenceFrames(file);
        const { summary } = await pool.open(file, name);
        const cameras = summary.channels.filter((c) => c.kind === "camera");
        expect(cameras.map((c) => c.topic).sort()).toEqual([...reference.keys()].sort());
        if (file === GENERATED) expect(cameras.map((c) => c.topic)).toEqual([...CAMERAS]);
        for (const camera of cameras) {
          const expected = reference.get(camera.topic)!.data;
          if (file === GENERATED) expect(expected).toEqual(Array.from({ length: FRAMES_PER_CAMERA }, (_, i) => frameBytes(CAMERAS.indexOf(camera.topic as (typeof CAMERAS)[number]), i)));
          const n = expected.length;
          expect(camera.messageCount).toBe(n);
          const batch = await pool.frames(file, name, camera.topic, 0, n - 1);
          expect(batch).toHaveLength(n);
          expectFrames(batch, expected, 0, `${camera.topic} 0..${n - 1} in one batch`);
          for (let i = 0; i < n; i++) {
            expectFrames(await pool.frames(file, name, camera.topic, i, i), expected, i, `${camera.topic} ${i} on its own`);
          }
        }
      });
    }

    it("generated episode: batches crossing chunk boundaries, coming back to chunks read before, cameras interleaved", async (context) => {
      if (!available.includes(implementation)) context.skip();
      const reference = await referenceFrames(GENERATED);
      const name = "three-cameras-zstd.mcap";
      // Windows that straddle chunk boundaries (a 64 KiB chunk holds ~10 frames of the three cameras), repeat
      // windows read earlier after other chunks went through the reused buffers, and switch cameras in between.
      const windows: [number, number][] = [
        [3, 17],
        [100, 149],
        [3, 17],
        [0, 60],
        [140, 149],
        [40, 45],
        [0, 149],
        [40, 45],
      ];
      for (const [from, to] of windows) {
        for (const topic of CAMERAS) {
          expectFrames(await pool.frames(GENERATED, name, topic, from, to), reference.get(topic)!.data, from, `${topic} ${from}..${to}`);
        }
      }
      // Concurrent requests (the renderer's playhead buffer asks for several cameras at once).
      const all = await Promise.all(CAMERAS.flatMap((topic) => windows.map(([from, to]) => pool.frames(GENERATED, name, topic, from, to).then((frames) => ({ topic, from, to, frames })))));
      for (const { topic, from, to, frames } of all) expectFrames(frames, reference.get(topic)!.data, from, `${topic} ${from}..${to} (concurrent)`);
    });
  });
}

describe("batched frame reads in process (as the export reads them)", () => {
  for (const { name, file } of FILES) {
    it(`${name}: LoadedEpisode.frames of every camera in one call equals @mcap/core's bytes, twice`, async () => {
      const reference = await referenceFrames(file);
      const episode = await LoadedEpisode.open({ episodeId: "batched", absPath: file, relPath: name });
      try {
        for (const [topic, { data }] of reference) {
          const first = episode.frames(topic, 0, data.length - 1);
          // Other cameras' chunks go through the reused buffers in between; the first batch's bytes must not change.
          for (const other of reference.keys()) episode.frames(other, 0, reference.get(other)!.data.length - 1);
          expectFrames(first, data, 0, `${topic} 0..${data.length - 1}`);
          expectFrames(episode.frames(topic, 0, data.length - 1), data, 0, `${topic} 0..${data.length - 1} again`);
        }
      } finally {
        episode.close();
      }
    });
  }
});
