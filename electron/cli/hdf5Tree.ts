/**
 * Test helper: an HDF5 file read back with h5wasm as a flat map path → { kind, dtype, shape, attrs, value digest }, so
 * two files that hold the same groups, datasets and attributes compare equal whatever their object header times.
 */
import { createHash } from "node:crypto";
import h5wasm, { type Dataset as H5Dataset, type Group as H5Group } from "h5wasm/node";

/** One group or dataset of the tree. */
export interface Hdf5Node {
  kind: "group" | "dataset";
  dtype?: unknown;
  shape?: number[] | null;
  /** SHA-256 of the values (typed array bytes, or the JSON of strings). */
  value?: string;
  attrs: Record<string, string>;
}

const digest = (value: unknown): string => {
  const hash = createHash("sha256");
  if (ArrayBuffer.isView(value)) hash.update(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  else hash.update(JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
  return hash.digest("hex");
};

/** Read `file` (HDF5) as path → node. */
export async function hdf5Tree(file: string): Promise<Record<string, Hdf5Node>> {
  await h5wasm.ready;
  const f = new h5wasm.File(file, "r");
  const out: Record<string, Hdf5Node> = {};
  const attrs = (entity: H5Group | H5Dataset) => Object.fromEntries(Object.entries(entity.attrs).map(([k, a]) => [k, digest(a.value)]));
  const walk = (group: H5Group, at: string) => {
    out[at || "/"] = { kind: "group", attrs: attrs(group) };
    for (const key of group.keys()) {
      const item = group.get(key);
      if (item instanceof h5wasm.Group) walk(item, `${at}/${key}`);
      else if (item instanceof h5wasm.Dataset) out[`${at}/${key}`] = { kind: "dataset", dtype: item.dtype, shape: item.shape, value: digest(item.value), attrs: attrs(item) };
    }
  };
  try {
    walk(f, "");
  } finally {
    f.close();
  }
  return out;
}
