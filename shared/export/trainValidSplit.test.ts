import { describe, expect, it } from "vitest";
import { trainValidSplit } from "./trainValidSplit.ts";

describe("trainValidSplit", () => {
  const names = Array.from({ length: 20 }, (_, i) => `demo_${i}`);
  it("puts int(ratio × n) episodes in valid, the rest in train, each in export order, reproducibly by seed", () => {
    const a = trainValidSplit(names, 0.1, 7);
    expect(a.valid).toHaveLength(2);
    expect(a.train).toHaveLength(18);
    expect([...a.train, ...a.valid].sort()).toEqual([...names].sort());
    expect(a.train).toEqual(names.filter((n) => a.train.includes(n)));
    expect(trainValidSplit(names, 0.1, 7)).toEqual(a);
    const seeds = new Set(Array.from({ length: 10 }, (_, s) => trainValidSplit(names, 0.25, s).valid.join()));
    expect(seeds.size).toBeGreaterThan(1);
  });
  it("ratio 0 keeps every episode in train; a ratio outside [0, 1] is refused", () => {
    expect(trainValidSplit(names, 0, 1).valid).toEqual([]);
    expect(() => trainValidSplit(names, 1.5, 1)).toThrow(/\[0, 1\]/);
  });
});
