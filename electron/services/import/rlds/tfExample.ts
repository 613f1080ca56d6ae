/**
 * Decode `tf.train.Example` protobufs (tensorflow/core/example/example.proto and feature.proto) with protobufjs.
 * An RLDS episode is one Example whose keys are flattened feature paths (`steps/observation/state`,
 * `episode_metadata/file_path`, …); per-step features hold the values of all steps concatenated.
 */
import * as protobufNs from "protobufjs";
import { unwrapDefaultExport } from "@mcap/support";

const protobuf = unwrapDefaultExport<typeof protobufNs>(protobufNs);

/** feature.proto + example.proto, the fields that matter (field numbers as in TensorFlow). */
const EXAMPLE_PROTO = `syntax = "proto3";
package tensorflow;
message BytesList { repeated bytes value = 1; }
message FloatList { repeated float value = 1 [packed = true]; }
message Int64List { repeated int64 value = 1 [packed = true]; }
message Feature { oneof kind { BytesList bytes_list = 1; FloatList float_list = 2; Int64List int64_list = 3; } }
message Features { map<string, Feature> feature = 1; }
message Example { Features features = 1; }
`;

/** The `tensorflow.Example` message type (protobufjs), for decoding here and encoding in the RLDS exporter. */
export const exampleType = protobuf.parse(EXAMPLE_PROTO, { keepCase: true }).root.lookupType("tensorflow.Example");

/** One feature's values: bytes, float32 (as numbers) or int64 (as numbers, exact to 2^53). */
export type FeatureValues = { kind: "bytes"; values: Uint8Array[] } | { kind: "float"; values: number[] } | { kind: "int64"; values: number[] };

interface DecodedFeature {
  bytes_list?: { value?: Uint8Array[] };
  float_list?: { value?: number[] };
  int64_list?: { value?: (number | { toNumber(): number })[] };
}

/**
 * Decode one serialized Example into feature key → values. A feature with no kind set decodes as empty bytes.
 * @throws Error when the bytes are not a valid protobuf message
 */
export function decodeExample(data: Uint8Array): Map<string, FeatureValues> {
  const decoded = exampleType.decode(data) as unknown as { features?: { feature?: Record<string, DecodedFeature> } };
  const out = new Map<string, FeatureValues>();
  for (const [key, f] of Object.entries(decoded.features?.feature ?? {})) {
    if (f.float_list) out.set(key, { kind: "float", values: f.float_list.value ?? [] });
    else if (f.int64_list) out.set(key, { kind: "int64", values: (f.int64_list.value ?? []).map((v) => (typeof v === "number" ? v : v.toNumber())) });
    else out.set(key, { kind: "bytes", values: f.bytes_list?.value ?? [] });
  }
  return out;
}
