import { describe, expect, it } from "vitest";
import { gridShape } from "./gridShape.ts";

describe("gridShape", () => {
  it("lays out 1–6 tiles and more", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 10].map(gridShape)).toEqual([
      { cols: 1, rows: 1 },
      { cols: 1, rows: 1 },
      { cols: 2, rows: 1 },
      { cols: 2, rows: 2 },
      { cols: 2, rows: 2 },
      { cols: 3, rows: 2 },
      { cols: 3, rows: 2 },
      { cols: 3, rows: 3 },
      { cols: 4, rows: 3 },
    ]);
  });
});
