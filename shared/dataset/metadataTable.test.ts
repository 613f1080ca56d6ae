import { describe, expect, it } from "vitest";
import { formatCsv, parseCsv } from "./csv.ts";
import { formatMetadataCsv, formatMetadataJson, mergeTables, parseMetadataCsv, parseMetadataJson } from "./metadataTable.ts";

describe("csv", () => {
  it("parses quoted fields with commas, quotes and line breaks, CRLF, BOM and blank lines", () => {
    const text = '\ufeffpath,note\r\n"a,b.mcap","say ""hi"""\r\n\r\nc.mcap,"two\nlines"\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ["path", "note"] },
      { line: 2, fields: ["a,b.mcap", 'say "hi"'] },
      { line: 4, fields: ["c.mcap", "two\nlines"] },
    ]);
    expect(() => parseCsv('a,"open')).toThrow(/line 1: a quoted field is not closed/);
    expect(parseCsv(formatCsv([["x,y", 'q"'], ["", "z"]])).map((r) => r.fields)).toEqual([["x,y", 'q"'], ["", "z"]]);
  });
});

describe("metadata table", () => {
  it("reads CSV, reporting unknown columns and bad rows with their line", () => {
    const { table, ignored } = parseMetadataCsv("path,Operator,task,weather\n./a.mcap,op_1,pick,sunny\nb.mcap,op_2\n../x.mcap,op,t,w\nc.mcap,,stack,\n", "episodes.csv");
    expect(table).toEqual({ "a.mcap": { operator: "op_1", task: "pick" }, "c.mcap": { task: "stack" } });
    expect(ignored.map((i) => i.where)).toEqual(['episodes.csv column "weather"', "episodes.csv line 3", "episodes.csv line 4"]);
    expect(ignored[1]!.message).toMatch(/2 fields, the header has 4/);
    expect(parseMetadataCsv("operator,task\nx,y\n").ignored[0]!.message).toMatch(/no "path" column/);
  });
  it("reads JSON in both shapes, reporting unknown and mistyped fields", () => {
    const a = parseMetadataJson(JSON.stringify({ episodes: { "a.mcap": { operator: "op_1", mood: "ok", robot: 3, task: ["x"] } } }), "t.json");
    expect(a.table).toEqual({ "a.mcap": { operator: "op_1", robot: "3" } });
    expect(a.ignored.map((i) => i.where)).toEqual(['t.json episodes["a.mcap"].mood', 't.json episodes["a.mcap"].task']);
    const b = parseMetadataJson(JSON.stringify([{ path: "b.mcap", scene: "kitchen" }, { scene: "x" }, 7]));
    expect(b.table).toEqual({ "b.mcap": { scene: "kitchen" } });
    expect(b.ignored).toHaveLength(2);
    expect(parseMetadataJson("{nope").ignored[0]!.message).toMatch(/not JSON/);
  });
  it("round-trips through CSV and JSON and merges edits (null clears)", () => {
    const table = { "b.mcap": { operator: "op, 2" }, "a.mcap": { task: "pick", session: "s1" } };
    expect(parseMetadataCsv(formatMetadataCsv(table)).table).toEqual(table);
    expect(parseMetadataJson(formatMetadataJson(table)).table).toEqual(table);
    expect(formatMetadataCsv(table).split("\n")[0]).toBe("path,operator,task,robot,session,scene,condition");
    const merged = mergeTables(table, { "a.mcap": { task: null, robot: "r2" }, "b.mcap": { operator: "" }, "c.mcap": { scene: "lab" } });
    expect(merged).toEqual({ "a.mcap": { session: "s1", robot: "r2" }, "c.mcap": { scene: "lab" } });
  });
});
