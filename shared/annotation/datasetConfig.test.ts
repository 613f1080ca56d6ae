import { describe, expect, it } from "vitest";
import { DEFAULT_FLAGS, DEFAULT_PRIMITIVES, defaultDatasetConfig, parseDatasetConfig } from "./datasetConfig.ts";

describe("dataset config", () => {
  it("has the defaults of the issue", () => {
    const config = defaultDatasetConfig();
    expect(config.primitives).toEqual(["reach", "grasp", "lift", "transport", "place", "release", "retract"]);
    expect(config.flags).toContain("camera moved");
    expect(config.flags).toHaveLength(9);
    expect(config.segmentKinds).toEqual(["failure", "recovery", "hesitation", "intervention", "idle"]);
    expect(config.paraphraseMinimum).toBe(3);
    expect(config.snapToleranceMs).toBe(150);
    expect(config.hotkeys["outcome.success"]).toBe("1");
    expect(config.hotkeys["edit.undo"]).toBe("Ctrl+Z");
  });

  it("uses the valid fields of a project config and merges its hotkeys over the defaults", () => {
    const { config, problems } = parseDatasetConfig(
      JSON.stringify({ primitives: ["approach", "insert"], segmentKinds: ["failure", "recovery", "slip"], hotkeys: { "chunk.split": "w" }, paraphraseMinimum: 5 }),
    );
    expect(problems).toEqual([]);
    expect(config.primitives).toEqual(["approach", "insert"]);
    expect(config.segmentKinds).toContain("slip");
    expect(config.hotkeys["chunk.split"]).toBe("w");
    expect(config.hotkeys["segment.in"]).toBe("i");
    expect(config.paraphraseMinimum).toBe(5);
    expect(config.flags).toEqual([...DEFAULT_FLAGS]);
  });

  it("reports each bad field at its path and falls back to that field's default only", () => {
    const { config, problems } = parseDatasetConfig(
      JSON.stringify({ primitives: ["reach", ""], flags: "jerky", paraphraseMinimum: -1, snapToleranceMs: 80, colour: "red", hotkeys: { "chunk.split": "1" } }),
    );
    expect(problems.map((p) => [p.path, p.severity])).toEqual([
      ["primitives.1", "error"],
      ["flags", "error"],
      ["paraphraseMinimum", "error"],
      ["colour", "warning"],
      ["hotkeys.chunk.split", "warning"],
    ]);
    expect(problems[0]!.message).toMatch(/must not be empty; using the default/);
    expect(problems[4]!.message).toBe('key "1" is also bound to outcome.success');
    expect(config.primitives).toEqual([...DEFAULT_PRIMITIVES]);
    expect(config.paraphraseMinimum).toBe(3);
    expect(config.snapToleranceMs).toBe(80);
  });

  it("reports JSON that is not an object and uses the defaults", () => {
    expect(parseDatasetConfig("{ nope").problems[0]).toMatchObject({ path: "(document)", message: expect.stringMatching(/^not valid JSON/) });
    expect(parseDatasetConfig("[1]").problems[0]!.message).toMatch(/expected a JSON object/);
    expect(parseDatasetConfig("[1]").config).toEqual(defaultDatasetConfig());
  });
});
