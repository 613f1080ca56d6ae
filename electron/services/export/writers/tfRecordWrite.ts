/**
 * Writing TFRecord files of `tf.train.Example` records (the RLDS/TFDS storage format):
 * - framing (https://www.tensorflow.org/tutorials/load_data/tfrecord#tfrecords_format_details): uint64 length (LE) ·
 *   uint32 masked CRC32C of the length bytes · data · uint32 masked CRC32C of the data (see import/rlds/tfRecord.ts);
 * - Example encoding with the message type the RLDS importer decodes with (import/rlds/tfExample.ts).
 */
import { exampleType } from "../../import/rlds/tfExample.ts";
import { maskedCrc32c } from "../../import/rlds/tfRecord.ts";

/** One feature of an Example: bytes, float32 or int64 values. */
export type ExampleFeature =
  | { bytes: readonly Uint8Array[] }
  | { floats: ArrayLike<number> }
  | { int64s: ArrayLike<number> };

/** Serialize a `tf.train.Example` with the given feature key → values. */
export function encodeExample(features: Record<string, ExampleFeature>): Uint8Array {
  const feature: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(features)) {
    if ("bytes" in f) feature[key] = { bytes_list: { value: f.bytes } };
    else if ("floats" in f) feature[key] = { float_list: { value: Array.from(f.floats) } };
    else feature[key] = { int64_list: { value: Array.from(f.int64s) } };
  }
  return exampleType.encode(exampleType.create({ features: { feature } })).finish();
}

/** One framed TFRecord record holding `data`. */
export function frameTfRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + data.length);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}
