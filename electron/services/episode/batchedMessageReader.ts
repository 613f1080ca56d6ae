/**
 * One sequential pass over a channel's messages in uncompressed chunks (a series) with the messages read in batches
 * through EpisodeFile.readRanges — one native call per batch, copying every range out of the map — instead of one
 * call (and one change check) per message. A 200 Hz joint channel interleaved with three video streams has one message
 * every ~32 KB, so the batch saves Node-API's per-call overhead on every message.
 *
 * Each message's range is its record from the opcode on, `guess` bytes long (cut at the chunk's end). A record longer
 * than the guess makes the guess fit it (up to MAX_GUESS) and the batch is read again from that record — without that,
 * every message of a first batch of ~600-byte JointStates (guess 512) was read on its own, a quarter of the pass; a
 * record longer than MAX_GUESS is read on its own. The guess follows the longest record seen.
 */
import { declaredRecordLength, messageDataAt, RecordFormatError } from "./mcapRecords.ts";

/** Where message `index`'s record starts and how far its chunk's records go (absolute byte offsets in the file). */
export interface RecordPlace {
  /** Byte offset of the chunk's records in the file. */
  recordsOffset: number;
  /** Byte length of the chunk's records. */
  recordsLength: number;
  /** Offset of the Message record inside the chunk's records. */
  offset: number;
}

/** Messages per batch. */
const BATCH = 2048;
/** Messages in the first batch of a prefix pass (then doubling up to BATCH). */
const FIRST_PREFIX_BATCH = 64;
/** First guess of a record's length (bytes) and the most a guess may grow to. */
const FIRST_GUESS = 512;
const MAX_GUESS = 64 * 1024;

/**
 * A reader for messages `from`..`to − 1` of channel `channelId`, read in order: `read(i)` returns message i's payload,
 * valid until the next call. Reading out of order still works (it starts a new batch there).
 * @param place where message i's record is (its chunk must be uncompressed)
 * @param readRanges EpisodeFile.readRanges
 * @param single the payload of one message read on its own (for records longer than the guess)
 * @param prefetch EpisodeFile.prefetch, when the file has it: each batch's ranges and the next batch's are asked for
 *   before the batch is read, so a file not in the page cache has a batch's reads in flight together (and the next
 *   batch's while this one is parsed) instead of one at a time
 * @throws (from read) RecordFormatError when a record is not a Message record of this channel or runs past its chunk.
 */
export function batchedMessageReader(
  channelId: number,
  from: number,
  to: number,
  place: (index: number) => RecordPlace,
  readRanges: (starts: Float64Array, lengths: Uint32Array, out: Uint8Array) => void,
  single: (index: number) => Uint8Array,
  prefetch?: (starts: Float64Array, lengths: Uint32Array) => void,
): (index: number) => Uint8Array {
  const starts = new Float64Array(BATCH);
  const lengths = new Uint32Array(BATCH);
  /** Messages [advisedFrom, advisedTo) were prefetched. */
  let advisedFrom = 0;
  let advisedTo = 0;
  const ahead = prefetch ? { starts: new Float64Array(BATCH), lengths: new Uint32Array(BATCH) } : null;
  const slots = new Float64Array(BATCH);
  let out = new Uint8Array(0);
  let first = -1;
  let count = 0;
  let guess = FIRST_GUESS;

  /** Messages `at`..`at + n − 1` as ranges (their records, `guess` bytes cut at the chunk's end) in `into`. */
  const rangesOf = (at: number, n: number, into: { starts: Float64Array; lengths: Uint32Array }) => {
    for (let k = 0; k < n; k++) {
      const p = place(at + k);
      into.starts[k] = p.recordsOffset + p.offset;
      into.lengths[k] = Math.max(0, Math.min(guess, p.recordsLength - p.offset));
    }
  };

  const load = (at: number) => {
    count = Math.min(BATCH, to - at);
    rangesOf(at, count, { starts, lengths });
    let total = 0;
    for (let k = 0; k < count; k++) {
      slots[k] = total;
      total += lengths[k]!;
    }
    if (out.length < total) out = new Uint8Array(total);
    if (prefetch && ahead) {
      // This batch (unless asked for with the one before) and the next one (what of it was not asked for yet).
      const current = at >= advisedFrom && at + count <= advisedTo;
      if (!current) prefetch(starts.subarray(0, count), lengths.subarray(0, count));
      const nextFrom = current ? Math.max(at + count, advisedTo) : at + count;
      const next = Math.min(to, at + count + BATCH);
      if (next > nextFrom) {
        rangesOf(nextFrom, next - nextFrom, ahead);
        prefetch(ahead.starts.subarray(0, next - nextFrom), ahead.lengths.subarray(0, next - nextFrom));
      }
      if (!current) advisedFrom = at;
      advisedTo = current ? Math.max(advisedTo, next) : next;
    }
    readRanges(starts.subarray(0, count), lengths.subarray(0, count), out);
    first = at;
  };

  return (index) => {
    if (index < from || index >= to) return single(index);
    if (first < 0 || index < first || index >= first + count) load(index);
    for (;;) {
      const k = index - first;
      const slot = out.subarray(slots[k]!, slots[k]! + lengths[k]!);
      // The record: opcode, u64 length, then channel id … payload (https://mcap.dev/spec#message-op0x05).
      if (slot.length >= 9) {
        const length = declaredRecordLength(slot, 0);
        if (9 + length <= slot.length) return messageDataAt(slot, 0, channelId);
        // Read with too short a guess: the batch again from here, with a guess that fits (the guess only grows, so
        // this ends; a record cut by its chunk's end is left to `single`, which names the damage).
        const fits = Math.min(MAX_GUESS, 9 + length + 64);
        if (fits > guess) {
          guess = fits;
          load(index);
          continue;
        }
      }
      return single(index);
    }
  };
}

/**
 * Like batchedMessageReader, for a pass that needs only the first `bytes` bytes of each payload (a video frame index
 * reads codec headers): every range is the record's 31-byte header plus `bytes` (cut at the chunk's end), so a batch
 * reads a few KB per message whatever the frames weigh. Batches start at FIRST_PREFIX_BATCH messages and double up to
 * BATCH (a pass over the first frames only touches the chunks it needs). `read(i)` returns the payload's first bytes
 * (all of them when the payload is shorter; `complete` says so), valid until the next call; null when `place` says
 * message i is not in an uncompressed chunk (read it another way).
 * @param place where message i's record is, or null when its chunk is compressed
 * @throws (from read) RecordFormatError when a record is not a Message record of this channel or runs past its chunk.
 */
export function batchedPrefixReader(
  channelId: number,
  bytes: number,
  count: number,
  place: (index: number) => RecordPlace | null,
  readRanges: (starts: Float64Array, lengths: Uint32Array, out: Uint8Array) => void,
): (index: number) => { data: Uint8Array; complete: boolean } | null {
  const most = Math.max(1, Math.min(BATCH, count));
  const starts = new Float64Array(most);
  const lengths = new Uint32Array(most);
  const out = new Uint8Array(most * (31 + bytes));
  const recordEnds = new Float64Array(most);
  /** Where range k starts in `out` (readRanges packs the ranges back to back). */
  const slots = new Float64Array(most);
  /** Messages in compressed chunks (no range). */
  const elsewhere = new Uint8Array(most);
  let size = Math.min(most, FIRST_PREFIX_BATCH);
  let first = -1;
  let loaded = 0;

  const load = (at: number) => {
    loaded = Math.min(size, count - at);
    size = Math.min(most, size * 2);
    let total = 0;
    for (let k = 0; k < loaded; k++) {
      const p = place(at + k);
      elsewhere[k] = p ? 0 : 1;
      starts[k] = p ? p.recordsOffset + p.offset : 0;
      lengths[k] = p ? Math.max(0, Math.min(31 + bytes, p.recordsLength - p.offset)) : 0;
      recordEnds[k] = p ? p.recordsLength - p.offset : 0;
      slots[k] = total;
      total += lengths[k]!;
    }
    readRanges(starts.subarray(0, loaded), lengths.subarray(0, loaded), out);
    first = at;
  };

  return (index) => {
    if (first < 0 || index < first || index >= first + loaded) load(index);
    const k = index - first;
    if (elsewhere[k]) return null;
    const slot = out.subarray(slots[k]!, slots[k]! + lengths[k]!);
    if (slot.length < 31) throw new RecordFormatError(`a message record is cut short by the end of its chunk`);
    if (slot[0] !== 0x05) throw new RecordFormatError(`expected a message record (op 0x05), found op ${slot[0]}`);
    const length = declaredRecordLength(slot, 0);
    if (length < 22 || 9 + length > recordEnds[k]!) throw new RecordFormatError(`a message record declares ${length} bytes, past the end of its chunk`);
    const found = slot[9]! | (slot[10]! << 8);
    if (found !== channelId) throw new RecordFormatError(`message index points at a message of channel ${found}`);
    const payload = length - 22;
    return { data: slot.subarray(31, 31 + Math.min(payload, bytes)), complete: payload <= bytes };
  };
}
