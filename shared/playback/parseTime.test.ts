import { describe, expect, it } from "vitest";
import { parseTimeInput } from "./parseTime.ts";

const S = 1_000_000_000n;
const start = 100n * S;
const end = start + 3700n * S;

describe("parseTimeInput", () => {
  it("reads seconds, mm:ss.mmm and h:mm:ss.mmm exactly", () => {
    expect(parseTimeInput("12.5", start, end, null)).toEqual({ ok: true, ns: start + 12_500_000_000n });
    expect(parseTimeInput(" 3s ", start, end, null)).toEqual({ ok: true, ns: start + 3n * S });
    expect(parseTimeInput("01:02.345", start, end, null)).toEqual({ ok: true, ns: start + 62_345_000_000n });
    expect(parseTimeInput("1:00:01.000000001", start, end, null)).toEqual({ ok: true, ns: start + 3601n * S + 1n });
  });
  it("reads 1-based frame numbers of a camera", () => {
    const times = BigInt64Array.from([start + 5n, start + 40n]);
    expect(parseTimeInput("#2", start, end, times)).toEqual({ ok: true, ns: start + 40n });
    expect(parseTimeInput("f1", start, end, times)).toEqual({ ok: true, ns: start + 5n });
    expect(parseTimeInput("#3", start, end, times)).toMatchObject({ ok: false, error: "frame 3 is outside 1–2" });
    expect(parseTimeInput("#1", start, end, null).ok).toBe(false);
  });
  it("says what is wrong", () => {
    expect(parseTimeInput("", start, end, null).ok).toBe(false);
    expect(parseTimeInput("abc", start, end, null)).toMatchObject({ ok: false });
    expect(parseTimeInput("01:75", start, end, null)).toMatchObject({ ok: false });
    expect(parseTimeInput("9999", start, end, null)).toMatchObject({ ok: false, error: "9999 is after the end of the episode" });
  });
});
