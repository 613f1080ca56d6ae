/**
 * MCAP export: for each episode a sidecar `<episode>.annotations.mcap` (same relative path as the episode) — or, with
 * `mcapCopy`, a rewritten copy `<episode>.mcap` holding all of the episode's schemas, channels, messages, metadata and
 * attachments plus the annotation — with its annotation in a form any MCAP reader (Foxglove, Rerun, @mcap/core) can
 * show (https://mcap.dev/spec):
 * - metadata records `episcope.review` (status, outcome, score, flags, note, annotator, revision) and
 *   `episcope.episode` (source path and fingerprint);
 * - JSON channels with JSON-schema schemas: `/episcope/segments`, `/episcope/chunks`, `/episcope/instructions` (one
 *   message per item at its start time) and `/episcope/reward` (one message per step of the document's step clock:
 *   r_t, G_t). Times in the messages are ns as decimal strings.
 */
import fs from "node:fs";
import { McapIndexedReader, McapWriter, type McapTypes } from "@mcap/core";
import { FileHandleReadable, FileHandleWritable } from "@mcap/nodejs";
import { loadDecompressHandlers } from "@mcap/support";
import { rewardSeries } from "../../../../shared/annotation/rewardSeries.ts";
import type { EpisodeInput, FormatWriter, WriterContext, WriterFactory } from "../formatWriter.ts";
import type { OutputFolder } from "../outputFolder.ts";
import type { LoadedEpisode } from "../../episode/loadedEpisode.ts";

const utf8 = new TextEncoder();
const ns = { type: "string", pattern: "^-?\\d+$", description: "log time, integer ns" };

/** The annotation channels: topic → JSON schema. */
export const SIDECAR_CHANNELS = {
  "/episcope/segments": {
    title: "episcope.Segment",
    type: "object",
    properties: { id: { type: "string" }, kind: { type: "string" }, startNs: ns, endNs: ns, durationSec: { type: "number" }, note: { type: "string" } },
  },
  "/episcope/chunks": {
    title: "episcope.Chunk",
    type: "object",
    properties: { id: { type: "string" }, primitive: { type: "string" }, startNs: ns, endNs: ns, parentId: { type: ["string", "null"] }, note: { type: "string" } },
  },
  "/episcope/instructions": {
    title: "episcope.Instruction",
    type: "object",
    properties: {
      id: { type: "string" },
      text: { type: "string" },
      paraphrases: { type: "array", items: { type: "string" } },
      scope: {},
      negative: { type: "boolean" },
      ambiguous: { type: "boolean" },
      language: { type: "string" },
    },
  },
  "/episcope/reward": {
    title: "episcope.Reward",
    type: "object",
    properties: { step: { type: "integer" }, reward: { type: "number" }, return: { type: "number" } },
  },
} as const;

type Topic = keyof typeof SIDECAR_CHANNELS;

/** Log times of a topic of the episode, or undefined when it has no such topic (for a reward step clock). */
function topicTimes(episode: LoadedEpisode, topic: string): ArrayLike<bigint> | undefined {
  const c = episode.summary.channels.find((ch) => ch.topic === topic);
  if (!c || c.messageCount === 0) return undefined;
  return c.kind === "camera" ? episode.frameIndex(topic).logTimesNs : episode.series(topic).logTimesNs;
}

/** The sidecar's relative path for an episode path. */
export function sidecarPath(episodePath: string): string {
  return episodePath.replace(/\.mcap$/i, "") + ".annotations.mcap";
}

class McapSidecarWriter implements FormatWriter {
  readonly needsSteps = false;
  #count = 0;
  #rewardMessages = 0;
  constructor(
    private readonly folder: OutputFolder,
    private readonly copy: boolean,
  ) {}

  async addEpisode({ summary, absPath, episode, doc }: EpisodeInput): Promise<void> {
    if (!doc) throw new Error("no annotation document in this layer: nothing to write");
    const messages: { topic: Topic; t: bigint; body: unknown }[] = [];
    for (const s of doc.segments) {
      messages.push({ topic: "/episcope/segments", t: s.startNs, body: { id: s.id, kind: s.kind, startNs: `${s.startNs}`, endNs: `${s.endNs}`, durationSec: Number(s.endNs - s.startNs) / 1e9, note: s.note } });
    }
    for (const c of doc.chunks) {
      messages.push({ topic: "/episcope/chunks", t: c.startNs, body: { id: c.id, primitive: c.primitive, startNs: `${c.startNs}`, endNs: `${c.endNs}`, parentId: c.parentId, note: c.note } });
    }
    for (const i of doc.instructions) {
      const scope = i.scope === "episode" ? "episode" : { startNs: `${i.scope.startNs}`, endNs: `${i.scope.endNs}` };
      const t = i.scope === "episode" ? summary.startNs : i.scope.startNs;
      messages.push({ topic: "/episcope/instructions", t, body: { id: i.id, text: i.text, paraphrases: i.paraphrases, scope, negative: i.flags.negative, ambiguous: i.flags.ambiguous, language: i.language } });
    }
    let rewards = 0;
    if (doc.rewards) {
      const clock = doc.rewards.clock;
      const times = clock.kind === "topic" ? topicTimes(episode, clock.topic) : undefined;
      if (clock.kind === "topic" && !times) throw new Error(`rewards: the step clock is topic ${clock.topic}, which this episode does not have (no step clock)`);
      const series = rewardSeries(doc.rewards, summary.startNs, summary.endNs, times);
      series.stepTimesNs.forEach((t, step) => messages.push({ topic: "/episcope/reward", t, body: { step, reward: series.rewards[step], return: series.returns[step] } }));
      rewards = series.stepTimesNs.length;
    }
    messages.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));

    if (this.copy && !/\.mcap$/i.test(summary.path)) throw new Error("a rewritten copy needs a single .mcap file (this episode is a rosbag2 folder): use the sidecar");
    const file = this.folder.file(this.copy ? summary.path : sidecarPath(summary.path));
    const handle = await fs.promises.open(file, "w");
    const source = this.copy ? await fs.promises.open(absPath, "r") : null;
    try {
      const reader = source ? await McapIndexedReader.Initialize({ readable: new FileHandleReadable(source), decompressHandlers: await loadDecompressHandlers() }) : null;
      const writer = new McapWriter({ writable: new FileHandleWritable(handle) });
      await writer.start({ profile: reader?.header.profile ?? "", library: "episcope export" });
      const sourceChannels = new Map<number, number>();
      if (reader) {
        const schemas = new Map<number, number>();
        for (const [id, schema] of reader.schemasById) schemas.set(id, await writer.registerSchema({ name: schema.name, encoding: schema.encoding, data: schema.data }));
        for (const [id, c] of reader.channelsById) {
          sourceChannels.set(id, await writer.registerChannel({ topic: c.topic, messageEncoding: c.messageEncoding, schemaId: c.schemaId === 0 ? 0 : schemas.get(c.schemaId)!, metadata: c.metadata }));
        }
        for await (const m of reader.readMetadata()) await writer.addMetadata({ name: m.name, metadata: m.metadata });
        for await (const a of reader.readAttachments()) await writer.addAttachment({ name: a.name, logTime: a.logTime, createTime: a.createTime, mediaType: a.mediaType, data: a.data });
      }
      const ids = new Map<Topic, number>();
      for (const [topic, schema] of Object.entries(SIDECAR_CHANNELS) as [Topic, object][]) {
        const schemaId = await writer.registerSchema({ name: (schema as { title: string }).title, encoding: "jsonschema", data: utf8.encode(JSON.stringify(schema)) });
        ids.set(topic, await writer.registerChannel({ topic, messageEncoding: "json", schemaId, metadata: new Map() }));
      }
      const r = doc.review;
      await writer.addMetadata({
        name: "episcope.review",
        metadata: new Map([
          ["status", r.status],
          ["outcome", r.outcome ?? ""],
          ["score", r.score === null ? "" : String(r.score)],
          ["flags", JSON.stringify(r.flags)],
          ["note", r.note],
          ["annotator", doc.annotator.id],
          ["revision", String(doc.revision)],
          ["updatedAt", doc.updatedAt],
        ]),
      });
      const fp = doc.episode.fingerprint;
      await writer.addMetadata({
        name: "episcope.episode",
        metadata: new Map([
          ["path", summary.path],
          ["sizeBytes", String(fp.sizeBytes)],
          ["startNs", String(fp.startNs)],
          ["endNs", String(fp.endNs)],
          ["messageCount", String(fp.messageCount)],
        ]),
      });
      const sequences = new Map<Topic, number>();
      const addAnnotation = async (m: (typeof messages)[number]) => {
        const sequence = sequences.get(m.topic) ?? 0;
        sequences.set(m.topic, sequence + 1);
        await writer.addMessage({ channelId: ids.get(m.topic)!, sequence, logTime: m.t, publishTime: m.t, data: utf8.encode(JSON.stringify(m.body)) });
      };
      let next = 0;
      if (reader) {
        // Merge the episode's messages (log-time order) with the annotation messages.
        for await (const m of reader.readMessages() as AsyncIterable<McapTypes.Message>) {
          while (next < messages.length && messages[next]!.t < m.logTime) await addAnnotation(messages[next++]!);
          await writer.addMessage({ channelId: sourceChannels.get(m.channelId)!, sequence: m.sequence, logTime: m.logTime, publishTime: m.publishTime, data: m.data });
        }
      }
      while (next < messages.length) await addAnnotation(messages[next++]!);
      await writer.end();
    } finally {
      await handle.close();
      await source?.close();
    }
    this.#count++;
    this.#rewardMessages += rewards;
  }

  async finish(): Promise<string[]> {
    const what = this.copy ? "rewritten episode copies (*.mcap) with annotation channels" : "sidecars (*.annotations.mcap)";
    return [`${this.#count} ${what}, ${this.#rewardMessages} per-step reward messages`];
  }
}

/** MCAP sidecar export (see module doc). */
export const mcapSidecarWriter: WriterFactory = (folder, context: WriterContext) => new McapSidecarWriter(folder, context.mcapCopy);
