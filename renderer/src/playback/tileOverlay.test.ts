import { describe, expect, it } from "vitest";
import { formatOffsetMs, gapWarning } from "./tileOverlay.ts";

describe("formatOffsetMs", () => {
  it("rounds to ms with a sign", () => {
    expect(formatOffsetMs(0n)).toBe("+0 ms");
    expect(formatOffsetMs(-8_200_000n)).toBe("−8 ms");
    expect(formatOffsetMs(12_600_000n)).toBe("+13 ms");
    expect(formatOffsetMs(-400_000n)).toBe("+0 ms");
  });
});

describe("gapWarning", () => {
  it("counts gaps in the frame times", () => {
    const even = BigInt64Array.from({ length: 10 }, (_, i) => BigInt(i) * 10n);
    expect(gapWarning(even)).toBeNull();
    const dropped = BigInt64Array.from([0n, 10n, 20n, 60n, 70n, 80n, 90n, 150n, 160n]);
    expect(gapWarning(dropped)).toBe("2 gaps (dropped frames)");
  });
});
