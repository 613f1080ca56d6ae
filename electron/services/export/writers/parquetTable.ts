/**
 * Write a Parquet file with hyparquet-writer from typed columns, including list columns (Parquet LIST logical type,
 * three-level encoding: https://github.com/apache/parquet-format/blob/master/LogicalTypes.md#lists), which is what
 * LeRobot's `observation.state` / `action` (pyarrow `list<float>`) and `tasks` (`list<string>`) are.
 */
import fs from "node:fs";
import { parquetWriteBuffer } from "hyparquet-writer";

/** A column: its Parquet type and its values (one per row). */
export type ParquetColumn =
  | { name: string; type: "FLOAT" | "DOUBLE"; data: ArrayLike<number> }
  | { name: string; type: "INT64"; data: ArrayLike<number> }
  | { name: string; type: "BOOLEAN"; data: ArrayLike<number | boolean> }
  | { name: string; type: "STRING"; data: readonly string[] }
  | { name: string; type: "FLOAT_LIST"; data: Float32Array; width: number }
  | { name: string; type: "STRING_LIST"; data: readonly (readonly string[])[] };

type SchemaElement = Parameters<typeof parquetWriteBuffer>[0]["schema"] extends (infer E)[] | undefined ? E : never;

/**
 * Serialize the columns (all of one length) as a Parquet file (snappy) and write it to `file`. Returns its size.
 * @param kvMetadata key/value metadata of the file footer (e.g. `pandas`, see pandasIndexMetadata)
 * @throws RangeError when the columns have different lengths.
 */
export function writeParquetTable(file: string, columns: readonly ParquetColumn[], kvMetadata: { key: string; value: string }[] = []): number {
  const rows = (c: ParquetColumn) => (c.type === "FLOAT_LIST" ? c.data.length / c.width : c.data.length);
  const n = columns.length ? rows(columns[0]!) : 0;
  for (const c of columns) if (rows(c) !== n) throw new RangeError(`${file}: column ${c.name} has ${rows(c)} rows, expected ${n}`);
  const schema: SchemaElement[] = [{ name: "root", num_children: columns.length }];
  const columnData = columns.map((c) => {
    switch (c.type) {
      case "FLOAT_LIST": {
        schema.push(
          { name: c.name, repetition_type: "REQUIRED", num_children: 1, converted_type: "LIST" },
          { name: "list", repetition_type: "REPEATED", num_children: 1 },
          { name: "element", type: "FLOAT", repetition_type: "REQUIRED" },
        );
        const data = Array.from({ length: n }, (_, r) => Array.from(c.data.subarray(r * c.width, (r + 1) * c.width)));
        return { name: c.name, data };
      }
      case "STRING_LIST":
        schema.push(
          { name: c.name, repetition_type: "REQUIRED", num_children: 1, converted_type: "LIST" },
          { name: "list", repetition_type: "REPEATED", num_children: 1 },
          { name: "element", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
        );
        return { name: c.name, data: c.data.map((l) => [...l]) };
      case "STRING":
        schema.push({ name: c.name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" });
        return { name: c.name, data: [...c.data] };
      case "INT64":
        schema.push({ name: c.name, type: "INT64", repetition_type: "REQUIRED" });
        return { name: c.name, data: BigInt64Array.from(Array.from(c.data), (v) => BigInt(v)) };
      case "BOOLEAN":
        schema.push({ name: c.name, type: "BOOLEAN", repetition_type: "REQUIRED" });
        return { name: c.name, data: Array.from(c.data, Boolean) };
      default:
        schema.push({ name: c.name, type: c.type, repetition_type: "REQUIRED" });
        return { name: c.name, data: c.type === "FLOAT" ? Float32Array.from(c.data) : Float64Array.from(c.data) };
    }
  });
  const buffer = parquetWriteBuffer({ columnData, schema, createdBy: "episcope export", kvMetadata });
  fs.writeFileSync(file, new Uint8Array(buffer));
  return buffer.byteLength;
}

/**
 * The `pandas` footer metadata (pandas-dev/pandas, "Storing pandas DataFrame objects in Apache Parquet format") that
 * makes `pd.read_parquet` restore `indexColumn` as the DataFrame's index — as LeRobot v3.0's `meta/tasks.parquet`
 * is written (`DataFrame({"task_index": …}, index=tasks)`, read back with the task strings as the index).
 * @param columns every column in file order, with its pandas type (`int64`, `unicode`, `float64`, `bool`)
 */
export function pandasIndexMetadata(indexColumn: string, columns: readonly { name: string; pandasType: "int64" | "unicode" | "float64" | "bool" }[]): { key: string; value: string } {
  const numpy = { int64: "int64", unicode: "object", float64: "float64", bool: "bool" } as const;
  return {
    key: "pandas",
    value: JSON.stringify({
      index_columns: [indexColumn],
      column_indexes: [{ name: null, field_name: null, pandas_type: "unicode", numpy_type: "object", metadata: { encoding: "UTF-8" } }],
      columns: columns.map((c) => ({ name: c.name, field_name: c.name, pandas_type: c.pandasType, numpy_type: numpy[c.pandasType], metadata: null })),
      creator: { library: "episcope", version: "1" },
      pandas_version: "2.2.0",
    }),
  };
}
