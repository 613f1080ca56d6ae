/**
 * Build a NumericSeries (one Float64Array column per field, NaN where a message lacks the field) from a channel's
 * decoded messages:
 * - `sensor_msgs/(msg/)JointState`: one field per joint, path `position[i]`, label the joint's `name[i]` (fallback
 *   the path). Joints are matched by name across messages, so a reordered `name[]` still lands in the right column.
 * - anything else: every numeric leaf (see numericFields.ts), path = label = `a.b[2]`, in order of first appearance,
 *   at most MAX_SERIES_FIELDS fields.
 */
import type { NumericSeries, SeriesField } from "../../../shared/episode.ts";
import { normalizeSchemaName } from "./classifyChannel.ts";
import { forEachNumericLeaf } from "./numericFields.ts";

/** Most fields kept for a generic message (the first ones found). */
export const MAX_SERIES_FIELDS = 64;

/** Accumulates messages in log-time order, then produces the NumericSeries. */
export class SeriesBuilder {
  readonly #topic: string;
  readonly #jointState: boolean;
  readonly #fields: SeriesField[] = [];
  readonly #columnByKey = new Map<string, number>();
  readonly #columns: number[][] = [];
  readonly #times: bigint[] = [];

  /** @param schemaName decides JointState handling */
  constructor(topic: string, schemaName: string) {
    this.#topic = topic;
    this.#jointState = normalizeSchemaName(schemaName) === "sensor_msgs/JointState";
  }

  /** Add one decoded message at `logTimeNs` (messages must arrive in ascending log time). */
  add(logTimeNs: bigint, message: unknown): void {
    const row = this.#times.length;
    this.#times.push(logTimeNs);
    if (this.#jointState) this.#addJointState(row, message);
    else {
      forEachNumericLeaf(message, (path, value) => {
        this.#set(row, path, path, path, value);
      });
    }
    for (const column of this.#columns) if (column.length === row) column.push(NaN);
  }

  #addJointState(row: number, message: unknown): void {
    const record = (message ?? {}) as { name?: unknown; position?: unknown };
    const names = Array.isArray(record.name) ? (record.name as unknown[]) : [];
    const positions = record.position;
    if (!positions || typeof positions !== "object" || !("length" in positions)) return;
    const values = positions as ArrayLike<number | bigint>;
    for (let i = 0; i < values.length; i++) {
      const name = typeof names[i] === "string" && names[i] !== "" ? (names[i] as string) : null;
      const path = `position[${i}]`;
      this.#set(row, name ?? path, path, name ?? path, Number(values[i]));
    }
  }

  #set(row: number, key: string, path: string, label: string, value: number): void {
    let column = this.#columnByKey.get(key);
    if (column === undefined) {
      if (!this.#jointState && this.#fields.length >= MAX_SERIES_FIELDS) return;
      column = this.#fields.length;
      this.#columnByKey.set(key, column);
      this.#fields.push({ path, label });
      this.#columns.push(new Array<number>(row).fill(NaN));
    }
    const values = this.#columns[column]!;
    if (values.length === row) values.push(value);
    else values[row] = value; // the same key twice in one message: keep the last
  }

  /** The series; the builder must not be used afterwards. */
  finish(): NumericSeries {
    return {
      topic: this.#topic,
      fields: this.#fields,
      logTimesNs: BigInt64Array.from(this.#times),
      values: this.#columns.map((column) => Float64Array.from(column)),
    };
  }
}
