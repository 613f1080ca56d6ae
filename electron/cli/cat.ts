/**
 * `episcope cat PATH --topic T [--topic T2…] [--start NS] [--end NS] [--json] [--bytes summary|base64]`: the decoded
 * messages of the given topics in log-time order, one per line.
 *
 * With `--json`, each line is one JSON object `{"logTime", "publishTime", "topic", "sequence", "message"}`: times are
 * ns as decimal strings; inside `message`, 64-bit integers are decimal strings, numeric typed arrays are arrays,
 * NaN/±Infinity are the strings "NaN"/"Infinity"/"-Infinity", and byte arrays (Uint8Array: images, protobuf bytes,
 * undecodable payloads) are `{"bytes": N}` by default or their base64 text with `--bytes base64`.
 * Without `--json`: `<logTime> <topic> <message as compact JSON>`.
 */
import { parseArgs } from "node:util";
import { EpiscopeError } from "../../shared/ipc/contract.ts";
import { LoadedEpisode, type DecodedMessage } from "../services/episode/loadedEpisode.ts";
import { absoluteEpisodePath } from "../services/episode/remote/objectUrl.ts";

/** Usage line of `episcope cat`. */
export const CAT_USAGE =
  "episcope cat PATH --topic T [--start NS] [--end NS] [--json] [--bytes summary|base64]   decoded messages as JSON lines";

const MAX_NS = (1n << 64n) - 1n;

/**
 * A decoded message value as plain JSON (see module doc).
 * @param bytes how byte arrays are written
 */
export function toJsonValue(value: unknown, bytes: "summary" | "base64" = "summary", depth = 0): unknown {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (value === null || typeof value !== "object") return value ?? null;
  if (depth > 64) return "<nested too deeply>";
  if (value instanceof Uint8Array) return bytes === "base64" ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") : { bytes: value.byteLength };
  if (ArrayBuffer.isView(value)) {
    return Array.from(value as unknown as ArrayLike<number | bigint>, (v) => toJsonValue(v, bytes, depth + 1));
  }
  if (Array.isArray(value)) return value.map((v) => toJsonValue(v, bytes, depth + 1));
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toJsonValue(v, bytes, depth + 1)]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = toJsonValue(v, bytes, depth + 1);
  return out;
}

function parseNs(text: string | undefined, flag: string, fallback: bigint): bigint {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new EpiscopeError("usage", `${flag} must be a log time in ns (a non-negative integer), got ${JSON.stringify(text)}`);
  const ns = BigInt(text);
  if (ns > MAX_NS) throw new EpiscopeError("usage", `${flag} ${text} is above the largest log time (2^64 - 1 ns)`);
  return ns;
}

/** Merge the per-topic iterators by log time (ties: the order of --topic). */
function* mergeByLogTime(streams: Iterator<DecodedMessage>[]): Generator<DecodedMessage> {
  const heads = streams.map((s) => s.next());
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i]!;
      if (head.done) continue;
      if (best < 0 || head.value.logTimeNs < (heads[best]!.value as DecodedMessage).logTimeNs) best = i;
    }
    if (best < 0) return;
    yield heads[best]!.value as DecodedMessage;
    heads[best] = streams[best]!.next();
  }
}

/**
 * Run `episcope cat`.
 * @param args the arguments after `cat`
 * @param out receives stdout lines; when it returns a promise (a full pipe), the next line waits for it
 * @param err receives stderr lines
 * @returns exit code: 0 ok; 1 bad input (file cannot be opened, unknown topic, a message that cannot be read or
 *   decoded: one line on `err` naming the file, topic and log time; the lines before it are printed; a damaged file
 *   prints what is readable and names the damage); 2 usage error.
 */
export async function runCat(
  args: string[],
  out: (line: string) => void | Promise<void>,
  err: (line: string) => void = (line) => process.stderr.write(line + "\n"),
): Promise<number> {
  let values: { topic?: string[]; start?: string; end?: string; json?: boolean; bytes?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: {
        topic: { type: "string", multiple: true, short: "t" },
        start: { type: "string" },
        end: { type: "string" },
        json: { type: "boolean" },
        bytes: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
    }));
  } catch (error) {
    err(`episcope cat: ${(error as Error).message}\nusage: ${CAT_USAGE}`);
    return 2;
  }
  if (values.help) {
    out(`usage: ${CAT_USAGE}`);
    return 0;
  }
  let startNs: bigint;
  let endNs: bigint;
  try {
    if (positionals.length !== 1) throw new EpiscopeError("usage", `expected one PATH, got ${positionals.length}`);
    if (!values.topic?.length) throw new EpiscopeError("usage", "--topic T is required");
    if (values.bytes !== undefined && values.bytes !== "summary" && values.bytes !== "base64") {
      throw new EpiscopeError("usage", `--bytes must be summary or base64, got ${JSON.stringify(values.bytes)}`);
    }
    startNs = parseNs(values.start, "--start", 0n);
    endNs = parseNs(values.end, "--end", MAX_NS);
  } catch (error) {
    err(`episcope cat: ${(error as Error).message}\nusage: ${CAT_USAGE}`);
    return 2;
  }
  const bytes = values.bytes === "base64" ? "base64" : "summary";
  const file = positionals[0]!;

  let episode: LoadedEpisode;
  try {
    episode = await LoadedEpisode.open({ episodeId: "cli", absPath: absoluteEpisodePath(file), relPath: file }, { salvage: true });
  } catch (error) {
    if (error instanceof EpiscopeError) {
      err(`episcope cat: ${error.message}`);
      return 1;
    }
    throw error;
  }
  try {
    const damage = episode.summary.problems.filter((p) => p.severity === "error");
    const streams = values.topic.map((topic) => episode.messagesInRange(topic, startNs, endNs));
    // BigInt64Array log times hold uint64 values above 2^63 as negative numbers; print them unsigned.
    const u64 = (ns: bigint) => BigInt.asUintN(64, ns).toString();
    for (const m of mergeByLogTime(streams)) {
      const message = toJsonValue(m.message, bytes);
      const line = values.json
        ? JSON.stringify({ logTime: u64(m.logTimeNs), publishTime: u64(m.publishTimeNs), topic: m.topic, sequence: m.sequence, message })
        : `${u64(m.logTimeNs)} ${m.topic} ${JSON.stringify(message)}`;
      const full = out(line);
      if (full) await full;
    }
    for (const problem of damage) err(`episcope cat: ${problem.message}`);
    return damage.length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof EpiscopeError) {
      err(`episcope cat: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    episode.close();
  }
}
