import { describe, expect, it } from "vitest";
import { checkStamps, headerStampNs } from "./headerStamp.ts";

describe("header stamps", () => {
  it("reads ROS header.stamp and Foxglove timestamp; zero means unset", () => {
    expect(headerStampNs({ header: { stamp: { sec: 1700000000, nanosec: 5 } } })).toBe(1_700_000_000_000_000_005n);
    expect(headerStampNs({ timestamp: { sec: 2n, nsec: 30 } })).toBe(2_000_000_030n);
    expect(headerStampNs({ header: { stamp: { sec: 0, nanosec: 0 } } })).toBeNull();
    expect(headerStampNs({ data: new Uint8Array(2) })).toBeNull();
  });
  it("accepts complete, non-decreasing stamps and names the first bad frame", () => {
    expect(checkStamps([1n, 2n, 2n])).toEqual({ ok: true, stampsNs: new BigInt64Array([1n, 2n, 2n]) });
    expect(checkStamps([1n, null])).toEqual({ ok: false, reason: "frame 2 has no header stamp" });
    expect(checkStamps([5n, 3n])).toEqual({ ok: false, reason: "header stamps go backwards at frame 2" });
  });
});
