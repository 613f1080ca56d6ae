/**
 * Fast path for the most plotted channel of a robot episode: `sensor_msgs/msg/JointState` in ROS 2 CDR. Reads each
 * message's `position[]` straight from the payload bytes (no object per message) and its `name[]` only when the
 * names' bytes differ from the previous message's. Produces exactly what SeriesBuilder produces from fully decoded
 * messages (see numericSeries.ts); any payload it does not expect makes it give up (null) so the caller falls back to
 * the general decoder.
 *
 * Layout (OMG CDR, XCDR1 as written by ROS 2 middlewares; https://www.omg.org/spec/DDS-XTypes/1.3, §7.4.3.4): a 4-byte
 * encapsulation header (0x00 0x01 little-endian, 0x00 0x00 big-endian), then the fields with each primitive aligned
 * to its size relative to the end of the header: header.stamp.sec int32, header.stamp.nanosec uint32,
 * header.frame_id string (uint32 length incl. NUL + bytes), name string[] (uint32 count + strings), position
 * float64[] (uint32 count, align 8, values), velocity, effort.
 * Message definition: https://docs.ros2.org/latest/api/sensor_msgs/msg/JointState.html
 */
import type { NumericSeries, SeriesField } from "../../../shared/episode.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Where one message's name[] bytes and position[] values are. */
interface Parsed {
  little: boolean;
  namesStart: number;
  namesEnd: number;
  positionStart: number;
  positionCount: number;
}

/** `pos` rounded up to a multiple of `n` counted from the end of the 4-byte encapsulation header. */
function aligned(pos: number, n: number): number {
  const r = (pos - 4) % n;
  return r === 0 ? pos : pos + n - r;
}

function parse(data: Uint8Array, dv: DataView): Parsed | null {
  const size = data.length;
  if (size < 4 || data[0] !== 0) return null;
  const little = data[1] === 1;
  if (!little && data[1] !== 0) return null;
  let pos = 4 + 8; // header.stamp: sec int32, nanosec uint32 (aligned at 0)
  if (pos + 4 > size) return null;
  pos += 4 + dv.getUint32(pos, little); // header.frame_id
  pos = aligned(pos, 4);
  if (pos + 4 > size) return null;
  const nameCount = dv.getUint32(pos, little);
  pos += 4;
  const namesStart = pos;
  for (let i = 0; i < nameCount; i++) {
    pos = aligned(pos, 4);
    if (pos + 4 > size) return null;
    pos += 4 + dv.getUint32(pos, little);
  }
  const namesEnd = pos;
  pos = aligned(pos, 4);
  if (pos + 4 > size) return null;
  const positionCount = dv.getUint32(pos, little);
  pos += 4;
  if (positionCount > 0) pos = aligned(pos, 8);
  if (pos + positionCount * 8 > size) return null;
  return { little, namesStart, namesEnd, positionStart: pos, positionCount };
}

function decodeNames(data: Uint8Array, dv: DataView, p: Parsed): string[] | null {
  const names: string[] = [];
  let pos = p.namesStart;
  while (pos < p.namesEnd) {
    pos = aligned(pos, 4);
    const length = dv.getUint32(pos, p.little);
    pos += 4;
    // CDR strings end with a NUL that is part of the length.
    const end = length > 0 && data[pos + length - 1] === 0 ? pos + length - 1 : pos + length;
    try {
      names.push(utf8.decode(data.subarray(pos, end)));
    } catch {
      return null;
    }
    pos += length;
  }
  return names;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The position series of a JointState CDR channel: field per joint (keyed by name, `position[i]` when unnamed), in
 * order of first appearance, NaN where a message lacks a joint.
 * @param logTimesNs the channel's log times (ascending)
 * @param payload message i's CDR bytes (may be a view; not kept)
 * @returns the series, or null when a payload is not plain little/big-endian CDR of the expected shape
 */
export function jointStateSeriesFromCdr(topic: string, logTimesNs: BigInt64Array, payload: (i: number) => Uint8Array): NumericSeries | null {
  const n = logTimesNs.length;
  const fields: SeriesField[] = [];
  const columnByKey = new Map<string, number>();
  const columns: Float64Array[] = [];
  let previousNames: Uint8Array | null = null;
  let mapping: number[] = []; // position index → column
  for (let row = 0; row < n; row++) {
    const data = payload(row);
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const p = parse(data, dv);
    if (!p) return null;
    const namesBytes = data.subarray(p.namesStart, p.namesEnd);
    if (previousNames === null || mapping.length !== p.positionCount || !sameBytes(namesBytes, previousNames)) {
      const names = decodeNames(data, dv, p);
      if (!names) return null;
      mapping = [];
      for (let i = 0; i < p.positionCount; i++) {
        const name = typeof names[i] === "string" && names[i] !== "" ? names[i]! : null;
        const path = `position[${i}]`;
        const key = name ?? path;
        let column = columnByKey.get(key);
        if (column === undefined) {
          column = fields.length;
          columnByKey.set(key, column);
          fields.push({ path, label: key });
          columns.push(new Float64Array(n).fill(NaN));
        }
        mapping.push(column);
      }
      previousNames = new Uint8Array(namesBytes); // a copy (a Buffer's slice() would be a view of the reused chunk buffer)
    }
    for (let i = 0; i < p.positionCount; i++) {
      columns[mapping[i]!]![row] = dv.getFloat64(p.positionStart + 8 * i, p.little);
    }
  }
  return { topic, fields, logTimesNs: logTimesNs.slice(), values: columns };
}
