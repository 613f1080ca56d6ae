import { describe, expect, it } from "vitest";
import { decodeEnvelope, encodeEnvelope, REQUEST_LIMITS } from "./envelope.ts";

describe("envelope", () => {
  it("round-trips bigint, typed arrays and nested JSON", () => {
    const value = {
      ok: true,
      value: {
        startNs: 1_750_000_000_123_456_789n,
        frames: [{ data: new Uint8Array([1, 2, 3]), logTimeNs: -5n }],
        times: new BigInt64Array([1n, 2n, 3n]),
        values: [new Float64Array([0.5, Number.NaN, -1e300])],
        name: "cam",
        nothing: null,
      },
    };
    const decoded = decodeEnvelope(encodeEnvelope(value)) as typeof value;
    expect(decoded.value.startNs).toBe(1_750_000_000_123_456_789n);
    expect(decoded.value.frames[0]!.data).toEqual(new Uint8Array([1, 2, 3]));
    expect(decoded.value.frames[0]!.logTimeNs).toBe(-5n);
    expect(Array.from(decoded.value.times)).toEqual([1n, 2n, 3n]);
    expect(decoded.value.values[0]![2]).toBe(-1e300);
    expect(Number.isNaN(decoded.value.values[0]![1])).toBe(true);
    expect(decoded.value.name).toBe("cam");
    expect(decoded.value.nothing).toBeNull();
  });

  it("carries a subarray view without its neighbours and Node Buffers as bytes", () => {
    const big = new Uint8Array([9, 9, 1, 2, 9]);
    const decoded = decodeEnvelope(encodeEnvelope({ a: big.subarray(2, 4) })) as { a: Uint8Array };
    expect(Array.from(decoded.a)).toEqual([1, 2]);
  });

  it("decodes from an unaligned copy", () => {
    const bytes = encodeEnvelope({ t: new Float64Array([1.25, 2.5]) });
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    const decoded = decodeEnvelope(shifted.subarray(3)) as { t: Float64Array };
    expect(Array.from(decoded.t)).toEqual([1.25, 2.5]);
  });

  it("rejects bytes that are not an envelope", () => {
    expect(() => decodeEnvelope(new Uint8Array(4))).toThrow(/too short/);
    expect(() => decodeEnvelope(new TextEncoder().encode("{\"json\": true} padding"))).toThrow(/bad magic/);
  });

  it("bounds untrusted input: bigint digits, depth, values, JSON size, blob count — naming the limit", () => {
    const ok = { startNs: 1_750_000_000_123_456_789n, fields: ["a", "b"], nested: [[[1]]] };
    expect(decodeEnvelope(encodeEnvelope(ok), REQUEST_LIMITS)).toEqual(ok);
    const withBigint = (digits: string) => encodeEnvelope({ x: { $bigint: digits } });
    expect(() => decodeEnvelope(withBigint("9".repeat(81)), REQUEST_LIMITS)).toThrow(/bigint of 81 characters \(at most 80\)/);
    expect(() => decodeEnvelope(withBigint("12e5"), REQUEST_LIMITS)).toThrow(/is not a decimal integer/);
    let deep: unknown = 1;
    for (let i = 0; i < 65; i++) deep = [deep];
    expect(() => decodeEnvelope(encodeEnvelope(deep), REQUEST_LIMITS)).toThrow(/nests deeper than 64 levels at byte 7\d/);
    // Brackets inside strings are text, not nesting.
    expect(decodeEnvelope(encodeEnvelope({ s: "[".repeat(1000) }), REQUEST_LIMITS)).toEqual({ s: "[".repeat(1000) });
    expect(() => decodeEnvelope(encodeEnvelope(new Array(1_000_001).fill(0)), REQUEST_LIMITS)).toThrow(/more than 1000000 values/);
    expect(() => decodeEnvelope(encodeEnvelope({ a: 1 }), { ...REQUEST_LIMITS, maxJsonBytes: 4 })).toThrow(/JSON is 7 bytes \(at most 4\)/);
    expect(() => decodeEnvelope(encodeEnvelope({ a: new Uint8Array(1), b: new Uint8Array(1) }), { ...REQUEST_LIMITS, maxBlobs: 1 })).toThrow(/2 blobs/);
    // Without limits (responses), a long bigint still decodes.
    expect(decodeEnvelope(withBigint("9".repeat(100)))).toEqual({ x: BigInt("9".repeat(100)) });
  });
});
