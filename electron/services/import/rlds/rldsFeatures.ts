/**
 * The leaves of a TFDS `features.json` (tensorflow_datasets FeaturesDict / Dataset / Tensor / Scalar / Image / Text
 * protos, serialized as JSON): one entry per flattened key as it appears in the TFRecord `tf.train.Example`
 * (`steps/observation/image_0`, `episode_metadata/file_path`). RLDS puts per-step features under `steps`
 * (https://github.com/google-research/rlds#dataset-format).
 */

/** One leaf feature. */
export interface RldsFeature {
  /** Flattened key, e.g. `steps/observation/state`. */
  key: string;
  /** True under `steps/` (one value per step, concatenated over the episode). */
  perStep: boolean;
  kind: "tensor" | "image" | "text";
  /** Shape of one value ([] for scalars). Unknown dimensions are -1. */
  shape: number[];
  /** e.g. `float32`, `int64`, `bool`, `uint8`, `string`. */
  dtype: string;
  /** Images: `jpeg` or `png`. */
  encodingFormat?: string;
  description?: string;
}

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined;
}

function shapeOf(node: Json | undefined): number[] {
  const dims = obj(node?.shape)?.dimensions;
  return Array.isArray(dims) ? dims.map((d) => Number(d)) : [];
}

/**
 * Flatten features.json.
 * @param json the parsed file
 * @param file its path, for errors
 * @throws Error naming the file and the key when a node has an unknown shape
 */
export function parseRldsFeatures(json: unknown, file: string): RldsFeature[] {
  const out: RldsFeature[] = [];
  const visit = (node: Json | undefined, key: string, perStep: boolean): void => {
    if (!node) throw new Error(`${file}: feature ${key || "(root)"} is not an object`);
    const dict = obj(obj(node.featuresDict)?.features);
    if (dict) {
      for (const [name, child] of Object.entries(dict)) visit(obj(child), key ? `${key}/${name}` : name, perStep || (key === "" && name === "steps"));
      return;
    }
    const sequence = obj(node.sequence);
    if (sequence) {
      visit(obj(sequence.feature), key, true);
      return;
    }
    const description = typeof node.description === "string" ? node.description : undefined;
    const base = { key, perStep, ...(description ? { description } : {}) };
    const tensor = obj(node.tensor);
    const image = obj(node.image);
    if (image) {
      const encodingFormat = typeof image.encodingFormat === "string" ? image.encodingFormat : "png";
      out.push({ ...base, kind: "image", shape: shapeOf(image), dtype: String(image.dtype ?? "uint8"), encodingFormat });
    } else if (tensor) {
      out.push({ ...base, kind: "tensor", shape: shapeOf(tensor), dtype: String(tensor.dtype ?? "float32") });
    } else if ("text" in node) {
      out.push({ ...base, kind: "text", shape: [], dtype: "string" });
    } else {
      throw new Error(`${file}: feature ${key} is neither a dict, a sequence, a tensor, an image nor text (${String(node.pythonClassName ?? "no class")})`);
    }
  };
  visit(obj(json), "", false);
  return out;
}
