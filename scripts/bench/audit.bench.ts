// `npm run bench audit`: the lead's audit at scale (issue #14). On 1,000 generated episodes (scripts/audit-fixture:
// 3 JPEG cameras, 200 Hz joint states, a 50 Hz action, 30 s each, planted defects): cold audit time (no cache: every
// episode opened, its joint and action series read and measured, first frames decoded, in worker threads; then the
// triage and groups) against the baseline of @mcap/core reading each file's joint series on one thread and running the
// same metric code; reopen (a new service: every episode from the cache, then triage and groups).
import { McapIndexedReader } from "@mcap/core";
import { FileHandleReadable } from "@mcap/nodejs";
import { parse } from "@foxglove/rosmsg";
import { MessageReader } from "@foxglove/rosmsg2-serialization";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { episodeAudit } from "../../shared/audit/episodeMetrics.ts";
import type { NumericSeries } from "../../shared/episode.ts";
import { DatasetMainService } from "../../electron/services/dataset/datasetMainService.ts";
import { listEpisodeFiles } from "../../electron/services/episode/listEpisodes.ts";
import { generateAuditDataset } from "../audit-fixture/generateAuditDataset.ts";
import type { Result } from "./benchResult.ts";


const EPISODES = Number(process.env.EPISCOPE_BENCH_EPISODES ?? 1000);
const DURATION_S = Number(process.env.EPISCOPE_BENCH_DURATION_S ?? 30);
const results: Result[] = [];
const root = mkdtempSync(path.join(tmpdir(), "episcope-bench-audit-"));

/** Baseline: one file's /joint_states and /action through @mcap/core + rosmsg2 CDR decoding, then the same metrics. */
async function baselineEpisode(file: string): Promise<void> {
  const handle = await open(file, "r");
  try {
    const reader = await McapIndexedReader.Initialize({ readable: new FileHandleReadable(handle) });
    const series = new Map<string, { times: bigint[]; rows: number[][]; names: string[] }>();
    const readers = new Map<number, MessageReader>();
    for (const [id, ch] of reader.channelsById) {
      const schema = reader.schemasById.get(ch.schemaId);
      if (schema && (ch.topic === "/joint_states" || ch.topic === "/action")) readers.set(id, new MessageReader(parse(new TextDecoder().decode(schema.data), { ros2: true })));
    }
    for await (const m of reader.readMessages({ topics: ["/joint_states", "/action"] })) {
      const topic = reader.channelsById.get(m.channelId)!.topic;
      const msg = readers.get(m.channelId)!.readMessage<{ name: string[]; position: Float64Array }>(m.data);
      let s = series.get(topic);
      if (!s) series.set(topic, (s = { times: [], rows: [], names: msg.name }));
      s.times.push(m.logTime);
      s.rows.push(Array.from(msg.position));
    }
    const toSeries = (topic: string): NumericSeries | { absent: string } => {
      const s = series.get(topic);
      if (!s) return { absent: `no ${topic}` };
      return {
        topic,
        fields: s.names.map((label, j) => ({ path: `position[${j}]`, label })),
        logTimesNs: BigInt64Array.from(s.times),
        values: s.names.map((_, j) => Float64Array.from(s.rows, (r) => r[j]!)),
      };
    };
    const joints = toSeries("/joint_states");
    const start = reader.statistics!.messageStartTime;
    const end = reader.statistics!.messageEndTime;
    episodeAudit({ startNs: start, endNs: end, joints, action: toSeries("/action") });
  } finally {
    await handle.close();
  }
}

try {
  let t0 = performance.now();
  const fixture = await generateAuditDataset(root, { episodes: EPISODES, baseDurationS: DURATION_S / 1.25 });
  const meanS = fixture.episodes.reduce((s, e) => s + e.durationS, 0) / EPISODES;
  console.error(`generated ${EPISODES} episodes (mean ${meanS.toFixed(1)} s) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  t0 = performance.now();
  for (const e of listEpisodeFiles(root)) await baselineEpisode(path.join(root, e.path));
  const baselineS = (performance.now() - t0) / 1000;
  console.error(`baseline (@mcap/core joint + action series, same metric code, one thread) ${baselineS.toFixed(2)} s`);

  const cold = new DatasetMainService(root);
  t0 = performance.now();
  const progress = await cold.index();
  const report = await cold.auditReport();
  const coldS = (performance.now() - t0) / 1000;
  await cold.close();
  const flagged = report.episodes.filter((e) => e.reasons.length > 0).length;
  console.error(`cold audit ${coldS.toFixed(2)} s (${progress.done} episodes, ${progress.failed} unreadable, ${flagged} with reasons)`);
  results.push({
    name: `cold audit ${EPISODES} episodes (${meanS.toFixed(0)} s, 200 Hz joints, 3 cameras)`,
    value: coldS,
    unit: "s",
    baseline: baselineS,
    target: "≤ 60",
    note: `index + metrics + first-frame drift in worker threads, then triage/groups; baseline: @mcap/core joint+action series + same metrics, one thread, no cameras`,
  });

  const warm: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = new DatasetMainService(root);
    t0 = performance.now();
    const p = await s.index();
    const r = await s.auditReport();
    warm.push(performance.now() - t0);
    if (p.cached !== EPISODES || r.pending !== 0) throw new Error(`reopen re-measured: ${JSON.stringify(p)}`);
    await s.close();
  }
  warm.sort((a, b) => a - b);
  console.error(`reopen p50 ${warm[2]!.toFixed(0)} ms`);
  results.push({ name: `reopen audit ${EPISODES} episodes`, value: warm[2]! / 1000, unit: "s", target: "≤ 1", note: "median of 5 new services: cache hit for every episode, triage + groups" });
} finally {
  rmSync(root, { recursive: true, force: true });
}

writeFileSync(process.env.EPISCOPE_BENCH_OUT ?? "/dev/stdout", JSON.stringify({ suite: "audit", results }, null, 2));
