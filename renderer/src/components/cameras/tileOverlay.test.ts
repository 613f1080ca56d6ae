import { describe, expect, it } from "vitest";
import { formatOffsetMs } from "./tilePresenter.ts";

describe("formatOffsetMs", () => {
  it("rounds to ms with a sign", () => {
    expect(formatOffsetMs(0n)).toBe("+0 ms");
    expect(formatOffsetMs(-8_200_000n)).toBe("−8 ms");
    expect(formatOffsetMs(12_600_000n)).toBe("+13 ms");
    expect(formatOffsetMs(-400_000n)).toBe("+0 ms");
  });
});
