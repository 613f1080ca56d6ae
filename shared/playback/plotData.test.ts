import { describe, expect, it } from "vitest";
import { seriesToColumns } from "./plotData.ts";

describe("seriesToColumns", () => {
  it("converts log times to seconds since start and keeps value columns", () => {
    const cols = seriesToColumns(
      {
        topic: "/j",
        fields: [{ path: "position[0]", label: "a" }],
        logTimesNs: BigInt64Array.from([1_000_000_000n, 1_500_000_000n]),
        values: [Float64Array.from([1, 2])],
      },
      1_000_000_000n,
    );
    expect(Array.from(cols[0])).toEqual([0, 0.5]);
    expect(Array.from(cols[1]!)).toEqual([1, 2]);
  });
  it("pads short columns with NaN", () => {
    const cols = seriesToColumns(
      { topic: "/j", fields: [{ path: "p", label: "p" }], logTimesNs: BigInt64Array.from([0n, 1n]), values: [Float64Array.from([3])] },
      0n,
    );
    expect(Array.from(cols[1]!)).toEqual([3, NaN]);
  });
});
