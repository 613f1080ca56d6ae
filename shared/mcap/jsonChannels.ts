/**
 * JSON-encoded MCAP channels with a JSON Schema (https://mcap.dev/spec/registry#json, schema encoding `jsonschema`):
 * how imported numeric vectors (state, action, reward, …) and text labels are stored so the engine decodes them
 * (message encoding `json`) and plots every numeric field under its own name.
 */

/** Schema record fields of a JSON channel. */
export interface JsonChannelSchema {
  /** Schema name, e.g. `episcope.import.Vector` … shown by `episcope info`. */
  name: string;
  encoding: "jsonschema";
  /** UTF-8 JSON Schema text. */
  data: Uint8Array;
}

const encoder = new TextEncoder();

/**
 * Schema of a message `{ "<name 0>": number, "<name 1>": number, … }`: one numeric property per vector element, in
 * order. Units are given per field in `units` (e.g. `m`, `rad`) when known; they go into each property's description.
 * @param name schema name, e.g. `episcope.import.observation.state`
 * @param fieldNames property names, one per element (must be unique)
 * @throws Error when a field name repeats
 */
export function numericVectorSchema(name: string, fieldNames: readonly string[], units?: readonly (string | undefined)[]): JsonChannelSchema {
  if (new Set(fieldNames).size !== fieldNames.length) throw new Error(`${name}: repeated field names in ${fieldNames.join(", ")}`);
  const properties: Record<string, { type: "number"; description?: string }> = {};
  fieldNames.forEach((field, i) => {
    const unit = units?.[i];
    properties[field] = unit ? { type: "number", description: `unit: ${unit}` } : { type: "number" };
  });
  const schema = { title: name, type: "object", properties, required: [...fieldNames], additionalProperties: false };
  return { name, encoding: "jsonschema", data: encoder.encode(JSON.stringify(schema)) };
}

/** Schema of a message `{ "text": string }` (a language instruction or other per-step text). */
export function textSchema(name: string): JsonChannelSchema {
  const schema = { title: name, type: "object", properties: { text: { type: "string" } }, required: ["text"] };
  return { name, encoding: "jsonschema", data: encoder.encode(JSON.stringify(schema)) };
}

/**
 * Encode `{ fieldNames[i]: values[i] }` as UTF-8 JSON. Non-finite values (NaN, ±Infinity, which JSON cannot hold)
 * become null.
 * @throws Error when the lengths differ
 */
export function encodeNumericVector(fieldNames: readonly string[], values: ArrayLike<number>): Uint8Array {
  if (values.length !== fieldNames.length) throw new Error(`expected ${fieldNames.length} values, got ${values.length}`);
  let text = "{";
  for (let i = 0; i < fieldNames.length; i++) {
    const v = values[i]!;
    text += `${i ? "," : ""}${JSON.stringify(fieldNames[i])}:${Number.isFinite(v) ? String(v) : "null"}`;
  }
  return encoder.encode(text + "}");
}

/** Encode `{ "text": text }` as UTF-8 JSON. */
export function encodeText(text: string): Uint8Array {
  return encoder.encode(JSON.stringify({ text }));
}
