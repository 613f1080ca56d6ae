/**
 * "Jump to time" input: a typed time → a log time (ns).
 *
 * Accepted forms (relative to the episode start): seconds `12.5` or `12.5s`; `mm:ss.mmm` / `h:mm:ss.mmm`; a frame
 * number of a camera `#123` or `f123` (1-based, as the tile overlay shows it).
 */

/** Result of parsing: the log time, or a sentence saying what is wrong. */
export type ParsedTime = { ok: true; ns: bigint } | { ok: false; error: string };

const SECONDS = /^(\d+(?:\.\d{1,9})?)\s*s?$/;
const CLOCK = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d{1,9})?)$/;
const FRAME = /^[#f]\s*(\d+)$/i;

/** Decimal seconds text (at most 9 decimals) → ns, exactly. */
function decimalToNs(text: string): bigint {
  const [whole, frac = ""] = text.split(".");
  return BigInt(whole!) * 1_000_000_000n + BigInt((frac + "000000000").slice(0, 9));
}

/**
 * Parse `text` into a log time within [startNs, endNs].
 * @param frameTimes log times of the camera that frame numbers refer to (null: frame numbers are refused)
 */
export function parseTimeInput(text: string, startNs: bigint, endNs: bigint, frameTimes: BigInt64Array | null): ParsedTime {
  const t = text.trim();
  if (t === "") return { ok: false, error: "type a time: 12.5, 01:02.500 or #frame" };
  let rel: bigint | null = null;
  const frame = FRAME.exec(t);
  if (frame) {
    if (!frameTimes || frameTimes.length === 0) return { ok: false, error: "no camera to count frames of" };
    const n = Number(frame[1]);
    if (n < 1 || n > frameTimes.length) return { ok: false, error: `frame ${n} is outside 1–${frameTimes.length}` };
    return { ok: true, ns: frameTimes[n - 1]! };
  }
  const sec = SECONDS.exec(t);
  if (sec) rel = decimalToNs(sec[1]!);
  const clock = CLOCK.exec(t);
  if (clock) {
    const h = BigInt(clock[1] ?? "0");
    const m = BigInt(clock[2]!);
    if (m >= 60n || Number(clock[3]) >= 60) return { ok: false, error: `"${t}" is not a valid mm:ss.mmm time` };
    rel = (h * 3600n + m * 60n) * 1_000_000_000n + decimalToNs(clock[3]!);
  }
  if (rel === null) return { ok: false, error: `"${t}" is not a time (12.5, 01:02.500 or #frame)` };
  const ns = startNs + rel;
  if (ns > endNs) return { ok: false, error: `${t} is after the end of the episode` };
  return { ok: true, ns };
}
