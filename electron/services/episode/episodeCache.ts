/**
 * A local, disposable cache of what is slow to read from a big episode file and never changes while the file does
 * not: the message index of an indexed MCAP file (every message's log time, MCAP chunk and record offset, from the
 * ~1 per MCAP chunk Message Index records scattered through the file), whole-episode numeric series (a 200 Hz
 * JointState channel's messages sit one per ~32 KB between the camera frames) and video cameras' keyframe flags (one
 * read per frame). The dataset's indexing pass (which
 * opens every episode and reads its joint series for the audit) fills it, so opening an indexed episode later reads
 * a few MB from the cache instead of ~100k scattered records.
 *
 * Where: `$EPISCOPE_EPISODE_CACHE` (a folder; `off` disables the cache), else the user's cache folder
 * `$XDG_CACHE_HOME/episcope/episodes` (appPaths.ts userCacheDir; never beside the episodes: serving a file writes
 * nothing next to it). At most `$EPISCOPE_EPISODE_CACHE_BYTES`
 * (default 2 GiB); the least recently written entries go first. Anything unreadable, of another format version or for
 * another file is ignored (read again from the episode), never trusted: a cache failure is never an episode failure.
 *
 * Key of a file: device, inode, size, mtime and ctime (ns) of the file and a digest of its MCAP summary section (which
 * lists every MCAP chunk's offset, length and message-index offsets), plus CACHE_FORMAT: a file rewritten in place, or
 * replaced, gets a new key.
 *
 * An entry is one file: `EPISCACHE` + uint32 LE header length + JSON header ({ key, what, arrays: [{ type, length }] },
 * padded to 8 bytes) + the typed arrays back to back, each padded to 8 bytes.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { NumericSeries, SeriesField } from "../../../shared/episode.ts";
import { userCacheDir } from "../../appPaths.ts";

/** Bump when what is cached, or how it is computed, changes: older entries are then ignored. */
export const CACHE_FORMAT = 1;

const MAGIC = Buffer.from("EPISCACHE", "latin1");
const DEFAULT_BUDGET_BYTES = 2 * 2 ** 30;
/** Writes (per thread) between two checks of the folder against its budget. */
const WRITES_PER_BUDGET_CHECK = 32;

/** Typed arrays an entry holds. */
type CachedArray = BigInt64Array | Float64Array | Uint32Array | Uint8Array;
type ArrayType = "i64" | "f64" | "u32" | "u8";

/** The cache folder, or null when disabled (`EPISCOPE_EPISODE_CACHE=off`). */
export function episodeCacheDir(): string | null {
  const given = process.env.EPISCOPE_EPISODE_CACHE;
  if (given === "off") return null;
  return given && given.length > 0 ? given : userCacheDir("episodes");
}

/**
 * The cache key of a local MCAP file whose summary section is `summary` (bytes from the footer's summary start to
 * the end of the file), or null when the file cannot be stat'ed or the cache is off.
 */
export function episodeCacheKey(absPath: string, summary: Uint8Array): string | null {
  if (episodeCacheDir() === null) return null;
  let stat: fs.BigIntStats;
  try {
    stat = fs.statSync(absPath, { bigint: true });
  } catch {
    return null;
  }
  const hash = createHash("sha256");
  hash.update(`${CACHE_FORMAT}\u0000${stat.dev}\u0000${stat.ino}\u0000${stat.size}\u0000${stat.mtimeNs}\u0000${stat.ctimeNs}\u0000`);
  hash.update(summary);
  return hash.digest("hex").slice(0, 40);
}

/** The file of entry `what` (e.g. `index`, `series:/joint_states`) of the episode keyed `key`. */
function entryPath(dir: string, key: string, what: string): string {
  return path.join(dir, `${key}-${createHash("sha1").update(what).digest("hex").slice(0, 16)}.bin`);
}

/** Serialize an entry (see the module comment). */
function encode(key: string, what: string, meta: unknown, arrays: readonly CachedArray[]): Buffer[] {
  const header = Buffer.from(JSON.stringify({ key, what, meta, arrays: arrays.map((a) => ({ type: typeOf(a), length: a.length })) }), "utf8");
  const headLength = MAGIC.length + 4 + header.length;
  const lead = Buffer.alloc(MAGIC.length + 4);
  MAGIC.copy(lead, 0);
  lead.writeUInt32LE(header.length, MAGIC.length);
  const parts: Buffer[] = [lead, header, Buffer.alloc(pad8(headLength) - headLength)];
  for (const a of arrays) {
    const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    parts.push(bytes, Buffer.alloc(pad8(bytes.length) - bytes.length));
  }
  return parts;
}

/** Parse an entry; null when it is not one of `key`'s `what` in this format. Arrays are copies (aligned). */
function decode(bytes: Buffer, key: string, what: string): { meta: unknown; arrays: CachedArray[] } | null {
  if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const headEnd = MAGIC.length + 4 + headerLength;
  if (headEnd > bytes.length) return null;
  const header = JSON.parse(bytes.subarray(MAGIC.length + 4, headEnd).toString("utf8")) as {
    key?: unknown;
    what?: unknown;
    meta?: unknown;
    arrays?: { type: ArrayType; length: number }[];
  };
  if (header.key !== key || header.what !== what || !Array.isArray(header.arrays)) return null;
  let at = pad8(headEnd);
  const arrays: CachedArray[] = [];
  for (const { type, length } of header.arrays) {
    const size = length * (type === "u8" ? 1 : type === "u32" ? 4 : 8);
    if (!Number.isInteger(length) || length < 0 || at + size > bytes.length) return null;
    const copy = new Uint8Array(size);
    copy.set(bytes.subarray(at, at + size));
    if (type === "i64") arrays.push(new BigInt64Array(copy.buffer));
    else if (type === "f64") arrays.push(new Float64Array(copy.buffer));
    else if (type === "u32") arrays.push(new Uint32Array(copy.buffer));
    else if (type === "u8") arrays.push(copy);
    else return null;
    at += pad8(size);
  }
  return { meta: header.meta, arrays };
}

function typeOf(a: CachedArray): ArrayType {
  return a instanceof BigInt64Array ? "i64" : a instanceof Float64Array ? "f64" : a instanceof Uint32Array ? "u32" : "u8";
}

function pad8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

let writes = 0;

/** Where an entry goes and the temp file it is first written to (unique per writer); null when the cache is off. */
function writeTarget(key: string, what: string): { dir: string; file: string; tmp: string } | null {
  const dir = episodeCacheDir();
  if (dir === null) return null;
  const file = entryPath(dir, key, what);
  return { dir, file, tmp: `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp` };
}

/** Write an entry atomically (temp file + rename); failures are ignored (the cache is an optimization). */
function writeEntry(key: string, what: string, meta: unknown, arrays: readonly CachedArray[]): void {
  const target = writeTarget(key, what);
  if (!target) return;
  try {
    fs.mkdirSync(target.dir, { recursive: true });
    const fd = fs.openSync(target.tmp, "w");
    try {
      for (const part of encode(key, what, meta, arrays)) fs.writeSync(fd, part);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(target.tmp, target.file);
    if (++writes % WRITES_PER_BUDGET_CHECK === 1) enforceBudget(target.dir, target.file);
  } catch {
    fs.rmSync(target.tmp, { force: true });
  }
}

/** Async writes of this thread not yet written or given up. */
const pendingWrites = new Set<Promise<void>>();

/** Resolves once every entry this thread began writing without blocking is written (or given up). */
export async function cacheWritesSettled(): Promise<void> {
  while (pendingWrites.size > 0) await Promise.all(pendingWrites);
}

/** Like writeEntry, without blocking the thread; resolves when written or given up, never rejects. */
function writeEntryAsync(key: string, what: string, meta: unknown, arrays: readonly CachedArray[]): Promise<void> {
  const write = writeEntryNow(key, what, meta, arrays);
  pendingWrites.add(write);
  void write.then(() => pendingWrites.delete(write));
  return write;
}

async function writeEntryNow(key: string, what: string, meta: unknown, arrays: readonly CachedArray[]): Promise<void> {
  const target = writeTarget(key, what);
  if (!target) return;
  try {
    await fs.promises.mkdir(target.dir, { recursive: true });
    await fs.promises.writeFile(target.tmp, encode(key, what, meta, arrays));
    await fs.promises.rename(target.tmp, target.file);
    if (++writes % WRITES_PER_BUDGET_CHECK === 1) enforceBudget(target.dir, target.file);
  } catch {
    await fs.promises.rm(target.tmp, { force: true });
  }
}

/** Read an entry, or null (missing, unreadable, another file's or format's). */
function readEntry(key: string, what: string): { meta: unknown; arrays: CachedArray[] } | null {
  const dir = episodeCacheDir();
  if (dir === null) return null;
  try {
    return decode(fs.readFileSync(entryPath(dir, key, what)), key, what);
  } catch {
    return null;
  }
}

/** Like readEntry, without blocking the thread while the file is read (for the main process). */
async function readEntryAsync(key: string, what: string): Promise<{ meta: unknown; arrays: CachedArray[] } | null> {
  const dir = episodeCacheDir();
  if (dir === null) return null;
  try {
    return decode(await fs.promises.readFile(entryPath(dir, key, what)), key, what);
  } catch {
    return null;
  }
}

/** Delete the oldest entries (never `keep`) until the folder holds at most the budget. */
function enforceBudget(dir: string, keep: string): void {
  const budget = Number(process.env.EPISCOPE_EPISODE_CACHE_BYTES ?? DEFAULT_BUDGET_BYTES);
  const entries = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(".bin"))
    .map((n) => {
      const stat = fs.statSync(path.join(dir, n), { throwIfNoEntry: false });
      return { file: path.join(dir, n), bytes: stat?.size ?? 0, written: stat?.mtimeMs ?? 0 };
    })
    .sort((a, b) => a.written - b.written);
  let total = entries.reduce((sum, e) => sum + e.bytes, 0);
  for (const e of entries) {
    if (total <= budget) break;
    if (e.file === keep) continue;
    fs.rmSync(e.file, { force: true });
    total -= e.bytes;
  }
}

/** One channel's message index (see ChannelIndexBuilder.finish). */
export interface CachedChannelIndex {
  channelId: number;
  logTimesNs: BigInt64Array;
  chunks: Uint32Array;
  offsets: Float64Array;
  backwardSteps: number;
}

/**
 * Store the message index of the file keyed `key` (every channel with messages), without blocking the thread: an open
 * answers before the file is written (a few MB for a 1.5 GB episode: 20–40 ms of the open when written in line).
 * The arrays must not change until it resolves; never rejects.
 */
export function writeMessageIndex(key: string, channels: readonly CachedChannelIndex[], total: bigint): Promise<void> {
  const meta = { total: total.toString(), channels: channels.map((c) => ({ channelId: c.channelId, backwardSteps: c.backwardSteps })) };
  return writeEntryAsync(key, "index", meta, channels.flatMap((c) => [c.logTimesNs, c.chunks, c.offsets]));
}

/** The cached message index of the file keyed `key` and its message count, or null. */
export function readMessageIndex(key: string): { channels: CachedChannelIndex[]; total: bigint } | null {
  const entry = readEntry(key, "index");
  if (!entry) return null;
  const meta = entry.meta as { total?: string; channels?: { channelId: number; backwardSteps: number }[] };
  if (typeof meta?.total !== "string" || !Array.isArray(meta.channels) || entry.arrays.length !== meta.channels.length * 3) return null;
  const channels = meta.channels.map((c, k) => ({
    channelId: c.channelId,
    backwardSteps: c.backwardSteps,
    logTimesNs: entry.arrays[3 * k] as BigInt64Array,
    chunks: entry.arrays[3 * k + 1] as Uint32Array,
    offsets: entry.arrays[3 * k + 2] as Float64Array,
  }));
  const consistent = channels.every(
    (c) => c.logTimesNs instanceof BigInt64Array && c.chunks instanceof Uint32Array && c.offsets instanceof Float64Array && c.chunks.length === c.logTimesNs.length && c.offsets.length === c.logTimesNs.length,
  );
  return consistent ? { channels, total: BigInt(meta.total) } : null;
}

/** Store the whole-episode series of `series.topic` of the file keyed `key`. */
export function writeSeries(key: string, series: NumericSeries): void {
  writeEntry(key, `series:${series.topic}`, { fields: series.fields }, [series.logTimesNs, ...series.values]);
}

/** Like writeSeries, without blocking the thread; never rejects. */
export function writeSeriesAsync(key: string, series: NumericSeries): Promise<void> {
  return writeEntryAsync(key, `series:${series.topic}`, { fields: series.fields }, [series.logTimesNs, ...series.values]);
}

function seriesFrom(topic: string, entry: { meta: unknown; arrays: CachedArray[] } | null): NumericSeries | null {
  if (!entry) return null;
  const fields = (entry.meta as { fields?: SeriesField[] })?.fields;
  const [logTimesNs, ...values] = entry.arrays;
  if (!Array.isArray(fields) || !(logTimesNs instanceof BigInt64Array) || values.length !== fields.length) return null;
  if (!values.every((v) => v instanceof Float64Array && v.length === logTimesNs.length)) return null;
  return { topic, fields, logTimesNs, values: values as Float64Array[] };
}

/** The cached whole-episode series of `topic` of the file keyed `key`, or null. */
export function readSeries(key: string, topic: string): NumericSeries | null {
  return seriesFrom(topic, readEntry(key, `series:${topic}`));
}

/** Like readSeries, reading the file without blocking the thread. */
export async function readSeriesAsync(key: string, topic: string): Promise<NumericSeries | null> {
  return seriesFrom(topic, await readEntryAsync(key, `series:${topic}`));
}

/** Store every keyframe flag (1: keyframe) of video camera `topic` of the file keyed `key`. */
export function writeKeyframes(key: string, topic: string, flags: Uint8Array): void {
  writeEntry(key, `keyframes:${topic}`, null, [flags]);
}

/** The cached keyframe flags of camera `topic` of the file keyed `key`, or null. */
export function readKeyframes(key: string, topic: string): Uint8Array<ArrayBuffer> | null {
  const flags = readEntry(key, `keyframes:${topic}`)?.arrays[0];
  return flags instanceof Uint8Array ? flags.slice() : null;
}
