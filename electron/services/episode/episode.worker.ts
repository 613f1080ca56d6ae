/**
 * Worker thread entry (node:worker_threads) for every read of an episode beyond an index lookup: opening it (summary,
 * message indexes), numeric series, a camera's frame index, frames, header stamps, a full scan. Each worker opens
 * (memory-maps) the files itself and keeps at most WORKER_OPEN_EPISODES of them open (least recently used closed
 * first; `close` messages drop one at once; a file that changed on disk is dropped so the next request reopens it).
 * Results go back with their typed-array buffers transferred, not copied. See episodeWorkerPool.ts for the protocol.
 */
import { parentPort } from "node:worker_threads";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import type { NumericSeries } from "../../../shared/episode.ts";
import { mergeSeriesParts } from "../../../shared/series/mergeSeriesParts.ts";
import { checkStop, LoadedEpisode } from "./loadedEpisode.ts";
import type { OpenResult, WorkerClose, WorkerReply, WorkerRequest, WorkerWarmUp } from "./episodeWorkerProtocol.ts";
import { warmUpWorker } from "./workerWarmUp.ts";

/** Messages of a series read between two turns of the event loop (~5–20 ms of a JointState channel, zstd chunks included). */
const SERIES_STEP = 2048;

/** Frames of a keyframe pass read between two turns of the event loop (~10–40 ms of prefix reads). */
const KEYFRAME_STEP = 1024;

/** Episodes a worker keeps open at most. */
const WORKER_OPEN_EPISODES = 8;

/** Requests received so far: a warm-up stops at the first one. */
let requestsReceived = 0;

/** Open (or opening) episodes by absolute path, least recently used first. */
const episodes = new Map<string, Promise<LoadedEpisode>>();

function forget(absPath: string): void {
  const pending = episodes.get(absPath);
  episodes.delete(absPath);
  pending?.then((episode) => episode.close(), () => {});
}

function episodeFor(request: WorkerRequest): Promise<LoadedEpisode> {
  let pending = episodes.get(request.absPath);
  if (pending) {
    episodes.delete(request.absPath); // most recently used goes last
    episodes.set(request.absPath, pending);
    return pending;
  }
  // As EpisodeMainService opens it: a file cut short reads up to the damage.
  pending = LoadedEpisode.open({ episodeId: "worker", absPath: request.absPath, relPath: request.relPath }, { salvage: true });
  episodes.set(request.absPath, pending);
  pending.catch(() => episodes.delete(request.absPath));
  while (episodes.size > WORKER_OPEN_EPISODES) forget(episodes.keys().next().value!);
  return pending;
}

async function run(request: WorkerRequest): Promise<{ result: unknown; transfer: ArrayBuffer[] }> {
  const episode = await episodeFor(request);
  const stop = () => Atomics.load(request.cancel, 0) !== 0;
  checkStop(stop, request.relPath, request.topic);
  switch (request.op) {
    case "open":
      return { result: { summary: episode.summary, cacheKey: episode.cacheKey } satisfies OpenResult, transfer: [] };
    case "series": {
      // In steps of SERIES_STEP messages with the event loop turning between them, so a frames request that arrives
      // meanwhile (a camera's first picture) is answered between two steps instead of after the whole series.
      const parts: NumericSeries[] = [];
      for (const part of episode.seriesSteps(request.topic, 0, episode.messageCount(request.topic), SERIES_STEP, stop)) {
        parts.push(part);
        await new Promise((resolve) => setImmediate(resolve));
        checkStop(stop, request.relPath, request.topic);
      }
      const part = mergeSeriesParts(parts);
      return { result: part, transfer: [part.logTimesNs.buffer as ArrayBuffer, ...part.values.map((v) => v.buffer as ArrayBuffer)] };
    }
    case "frameIndex": {
      const index = episode.frameIndexHead(request.topic, stop);
      const result = { ...index, logTimesNs: index.logTimesNs.slice(), keyframes: index.keyframes.slice() };
      return { result, transfer: [result.logTimesNs.buffer as ArrayBuffer, result.keyframes.buffer as ArrayBuffer] };
    }
    case "keyframes": {
      // In steps, with the event loop turning between them: a frames request that arrives meanwhile (playback,
      // another camera's first picture) is answered between two steps instead of after the whole pass.
      while (!episode.readKeyframes(request.topic, KEYFRAME_STEP, stop)) {
        await new Promise((resolve) => setImmediate(resolve));
        checkStop(stop, request.relPath, request.topic);
      }
      const keyframes = episode.frameIndex(request.topic).keyframes.slice();
      return { result: keyframes, transfer: [keyframes.buffer as ArrayBuffer] };
    }
    case "frames": {
      const [from, to] = request.rows ?? [0, 0];
      const frames = episode.frames(request.topic, from, to, stop); // every `data` is its own copy
      return { result: frames, transfer: frames.map((f) => f.data.buffer as ArrayBuffer) };
    }
    case "frameStamps":
      return { result: episode.frameStamps(request.topic), transfer: [] };
    case "scan": {
      // Positional reads: a scan touches every page once, and through the mapping they would all stay resident.
      const scanning = await LoadedEpisode.open({ episodeId: "scan", absPath: request.absPath, relPath: request.relPath }, { access: "pread" });
      try {
        let messages = 0;
        let bytes = 0;
        for (const m of scanning.payloadsInFileOrder()) {
          if ((messages & 1023) === 0) checkStop(stop, request.relPath, request.topic);
          messages++;
          bytes += m.data.byteLength;
        }
        return { result: { messages, bytes }, transfer: [] };
      } finally {
        scanning.close();
      }
    }
  }
}

parentPort?.on("message", (request: WorkerRequest | WorkerClose | WorkerWarmUp) => {
  if (request.op === "close") {
    forget(request.absPath);
    return;
  }
  if (request.op === "warmUp") {
    if (requestsReceived === 0) void warmUpWorker(request.absPaths, () => requestsReceived > 0);
    return;
  }
  requestsReceived++;
  const fail = (error: unknown) => {
    const code = error instanceof EpiscopeError ? error.code : "internal";
    const message = error instanceof Error ? error.message : String(error);
    if (code === "file-changed") forget(request.absPath);
    parentPort!.postMessage({ id: request.id, ok: false, code, message } satisfies WorkerReply);
  };
  run(request).then(({ result, transfer }) => {
    try {
      parentPort!.postMessage({ id: request.id, ok: true, result } satisfies WorkerReply, transfer);
    } catch (error) {
      // A result that cannot be sent (e.g. two results sharing one transferred buffer) fails this request, not the worker.
      const why = error instanceof Error ? error.message : String(error);
      fail(new EpiscopeError("internal", `${request.relPath}: the ${request.op} result of ${request.topic} could not be sent from the worker (${why})`));
    }
  }, fail);
});
