import { describe, expect, it } from "vitest";
import { emptyAnnotation, type AnnotationDocument } from "../annotation.ts";
import {
  addParaphrase,
  addRangeInstruction,
  deleteInstruction,
  deleteParaphrase,
  episodeInstruction,
  InstructionEditError,
  instructionRangeForSelection,
  moveParaphrase,
  paraphraseShortfall,
  setEpisodeInstructionText,
  setInstructionFlag,
  setInstructionLanguage,
  setInstructionText,
  setParaphrase,
  sortedInstructions,
} from "./instructionEdit.ts";
import { validateAnnotation } from "./validate.ts";

const S = 1_000_000_000n;
const doc = (): AnnotationDocument =>
  emptyAnnotation("ep.mcap", { sizeBytes: 1, startNs: 10n * S, endNs: 20n * S, messageCount: 1 }, { id: "a", name: "A" });

describe("instruction edits", () => {
  it("creates the episode instruction on first text, then edits it in place", () => {
    const d1 = setEpisodeInstructionText(doc(), "  pick up the cube ", "ins-1");
    expect(d1.instructions).toEqual([
      { id: "ins-1", scope: "episode", text: "pick up the cube", paraphrases: [], flags: { negative: false, ambiguous: false }, language: "en" },
    ]);
    const d2 = setEpisodeInstructionText(d1, "hand over the cube", "ins-2");
    expect(d2.instructions).toHaveLength(1);
    expect(episodeInstruction(d2)!.text).toBe("hand over the cube");
    expect(setEpisodeInstructionText(d2, "hand over the cube", "x")).toBe(d2);
  });

  it("refuses empty text and paraphrases with the field path", () => {
    expect(() => setEpisodeInstructionText(doc(), "   ", "i")).toThrow(InstructionEditError);
    const d = setEpisodeInstructionText(doc(), "go", "i");
    try {
      addParaphrase(d, "i", "");
      expect.unreachable();
    } catch (e) {
      expect((e as InstructionEditError).field).toBe("instructions.0.paraphrases.0");
    }
    expect(() => setInstructionText(d, "i", "")).toThrow(/instruction text must not be empty/);
    expect(() => setInstructionText(d, "nope", "x")).toThrow(/no instruction with id "nope"/);
  });

  it("adds, edits, reorders and deletes paraphrases", () => {
    let d = setEpisodeInstructionText(doc(), "go", "i");
    d = addParaphrase(d, "i", "a");
    d = addParaphrase(d, "i", "b");
    d = addParaphrase(d, "i", "c");
    expect(episodeInstruction(d)!.paraphrases).toEqual(["a", "b", "c"]);
    d = moveParaphrase(d, "i", 2, 0);
    expect(episodeInstruction(d)!.paraphrases).toEqual(["c", "a", "b"]);
    expect(moveParaphrase(d, "i", 0, -1)).toBe(d);
    d = setParaphrase(d, "i", 1, "A");
    d = deleteParaphrase(d, "i", 0);
    expect(episodeInstruction(d)!.paraphrases).toEqual(["A", "b"]);
    expect(deleteParaphrase(d, "i", 5)).toBe(d);
  });

  it("sets flags and a BCP 47 language, refusing a bad tag", () => {
    let d = setEpisodeInstructionText(doc(), "go", "i");
    d = setInstructionFlag(d, "i", "negative", true);
    expect(setInstructionFlag(d, "i", "negative", true)).toBe(d);
    d = setInstructionLanguage(d, "i", "de-CH");
    expect(episodeInstruction(d)).toMatchObject({ flags: { negative: true, ambiguous: false }, language: "de-CH" });
    expect(() => setInstructionLanguage(d, "i", "german!")).toThrow(/instructions\.0\.language|BCP 47/);
  });

  it("adds range instructions (sorted after the episode one) that validate inside the episode", () => {
    let d = addRangeInstruction(doc(), "r2", 15n * S, 12n * S, "lift");
    d = setEpisodeInstructionText(d, "go", "e");
    d = addRangeInstruction(d, "r1", 11n * S, 12n * S, "reach");
    expect(d.instructions.find((i) => i.id === "r2")!.scope).toEqual({ startNs: 12n * S, endNs: 15n * S });
    expect(sortedInstructions(d).map((i) => i.id)).toEqual(["e", "r1", "r2"]);
    expect(validateAnnotation(d).filter((p) => p.severity === "error")).toEqual([]);
    expect(deleteInstruction(d, "r1").instructions.map((i) => i.id)).toEqual(["e", "r2"]);
    expect(deleteInstruction(d, "zz")).toBe(d);
  });

  it("counts the paraphrase shortfall against the dataset minimum", () => {
    expect(paraphraseShortfall({ paraphrases: ["a"] }, 3)).toBe(2);
    expect(paraphraseShortfall({ paraphrases: ["a", "b", "c", "d"] }, 3)).toBe(0);
  });

  it("takes the loop as the range, else the playhead ± 1 s, clamped to the episode", () => {
    expect(instructionRangeForSelection({ inNs: 12n * S, outNs: 14n * S }, 0n, 10n * S, 20n * S)).toEqual({ startNs: 12n * S, endNs: 14n * S });
    expect(instructionRangeForSelection(null, 15n * S, 10n * S, 20n * S)).toEqual({ startNs: 14n * S, endNs: 16n * S });
    expect(instructionRangeForSelection(null, 10n * S + 5n, 10n * S, 20n * S)).toEqual({ startNs: 10n * S, endNs: 11n * S + 5n });
  });
});
