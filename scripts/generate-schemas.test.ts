import { readFileSync } from "node:fs";
// ajv (JSON Schema 2020-12) is an independent reader of the published schema; it is in node_modules through
// electron-builder — see the issue note about making it a direct devDependency.
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { emptyAnnotation, serializeAnnotation } from "../shared/annotation.ts";
import { schemaFiles } from "./generate-schemas.ts";

describe("published JSON Schemas", () => {
  it("are up to date with the zod schemas (run npx tsx scripts/generate-schemas.ts)", () => {
    for (const { file, text } of schemaFiles()) expect(readFileSync(file, "utf8"), file).toBe(text);
  });

  it("accept the documents Episcope writes and reject a torn-apart one (checked by ajv)", () => {
    const [annotation, config] = schemaFiles().map(({ text }) => JSON.parse(text) as Record<string, unknown>);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(annotation!);
    const fingerprint = { sizeBytes: 5, startNs: 1_750_000_000_000_000_000n, endNs: 1_750_000_009_000_000_000n, messageCount: 3 };
    const doc = emptyAnnotation("ep.mcap", fingerprint, { id: "alice", name: "Alice" });
    doc.chunks.push({ id: "c", primitive: "reach", startNs: fingerprint.startNs, endNs: fingerprint.endNs, parentId: null, note: "" });
    doc.instructions.push({ id: "i", scope: "episode", text: "pick", paraphrases: ["grab"], flags: { negative: true, ambiguous: false }, language: "en" });
    doc.rewards = { clock: { kind: "topic", topic: "/action" }, keyframes: [{ tNs: fingerprint.startNs, value: 0.5 }], interpolation: "step", generator: { kind: "potential-from-signal", topic: "/joint_states", field: "position[6]", invert: true }, gamma: 0.9 };
    const json = JSON.parse(serializeAnnotation(doc));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    json.chunks[0].startNs = 12; // a number, not a decimal string
    json.rewards.clock = { kind: "rate" }; // no hz
    expect(validate(json)).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toEqual(expect.arrayContaining(["/chunks/0/startNs", "/rewards/clock"]));
    expect(ajv.compile(config!)({ primitives: ["reach"], paraphraseMinimum: 3 })).toBe(true);
    expect(ajv.compile(config!)({ paraphraseMinimum: "three" })).toBe(false);
  });
});
