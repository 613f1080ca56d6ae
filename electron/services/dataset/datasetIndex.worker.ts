/**
 * Worker thread entry (node:worker_threads) of dataset indexing: opens one episode with the episode engine
 * (LoadedEpisode: summary section, or one linear scan for unindexed files), reduces its summary to the dataset
 * list's facts, computes the audit metrics when asked (episodeAuditReader.ts) and closes it. See indexWorkerPool.ts.
 */
import { parentPort } from "node:worker_threads";
import { factsFromSummary } from "../../../shared/dataset/episodeFacts.ts";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import { LoadedEpisode } from "../episode/loadedEpisode.ts";
import type { IndexReply, IndexRequest } from "./datasetIndexProtocol.ts";
import { auditEpisode } from "./episodeAuditReader.ts";
import { yieldToInteractive } from "../workers/interactiveReads.ts";
import { objectBytesFetched } from "../episode/remote/remoteEpisodeFile.ts";

/** Bytes this thread fetched from object storage that no reply has reported yet. */
let reported = 0;
/**
 * What this thread fetched since the last reply: with a few requests in flight their shares may mix, but the sum over
 * the replies is exactly what the thread fetched.
 */
function newlyFetched(): number {
  const now = objectBytesFetched();
  const fresh = now - reported;
  reported = now;
  return fresh;
}

async function summarize(request: IndexRequest): Promise<IndexReply> {
  try {
    // A reviewer's open goes first (its summary, frame indexes and series), here and between the audit's steps.
    const pause = () => yieldToInteractive(request.interactive);
    await pause();
    // Mapped (or positional reads without the addon): each file is mapped only while it is measured, then closed.
    const episode = await LoadedEpisode.open({ episodeId: "index", absPath: request.absPath, relPath: request.relPath });
    try {
      const facts = factsFromSummary(episode.summary);
      const audit = request.audit ? await auditEpisode(episode, request.audit, pause) : null;
      return { id: request.id, ok: true, facts, audit, objectBytes: newlyFetched() };
    } finally {
      episode.close();
    }
  } catch (error) {
    const code = error instanceof EpiscopeError ? error.code : "internal";
    const message = error instanceof Error ? error.message : String(error);
    return { id: request.id, ok: false, code, message: message.includes(request.relPath) ? message : `${request.relPath}: ${message}` };
  }
}

parentPort?.on("message", (request: IndexRequest) => {
  void summarize(request).then((reply) => parentPort!.postMessage(reply));
});
