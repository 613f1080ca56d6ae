import { describe, expect, it } from "vitest";
import { bestGrid, gridShape } from "./gridShape.ts";

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

describe("bestGrid", () => {
  it("puts three 4:3 cameras side by side in a wide, low strip", () => {
    expect(bestGrid(3, 4 / 3, 1500, 300, 6)).toMatchObject({ cols: 3, rows: 1, featured: false });
  });
  it("features the first of three cameras in a roomy area, beating every uniform grid", () => {
    const fit = bestGrid(3, 4 / 3, 1092, 550, 6);
    expect(fit).toMatchObject({ cols: 3, rows: 2, featured: true });
    // 3 × 1 would show 3 pictures of 360 × 270 px.
    expect(fit.pictureArea).toBeGreaterThan(3 * 360 * 270 * 1.5);
  });
  it("stacks two cameras in a tall area and shows one alone", () => {
    expect(bestGrid(2, 16 / 9, 400, 900, 6)).toMatchObject({ cols: 1, rows: 2 });
    expect(bestGrid(1, 16 / 9, 400, 900, 6)).toMatchObject({ cols: 1, rows: 1, featured: false });
  });
  it("falls back to gridShape before the area is measured", () => {
    expect(bestGrid(3, 4 / 3, 0, 0, 6)).toMatchObject({ cols: 2, rows: 2, featured: false });
  });
});
