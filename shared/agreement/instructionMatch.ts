/**
 * Agreement on the episode instruction: exact match after normalizing (Unicode NFC, trimmed, runs of whitespace made
 * one space, case folded with toLowerCase), the "exact match" of reading-comprehension evaluation without its
 * punctuation stripping (P. Rajpurkar et al., "SQuAD", EMNLP 2016) — punctuation can change an instruction's meaning.
 */
import type { Instruction } from "../annotation.ts";

/** The episode-wide instruction's text (the first with scope "episode"), or null when there is none. */
export function episodeInstruction(instructions: readonly Instruction[]): string | null {
  const found = instructions.find((i) => i.scope === "episode");
  return found ? found.text : null;
}

/** The text as compared: NFC, trimmed, whitespace collapsed, lower case. */
export function normalizeInstruction(text: string): string {
  return text.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
}

/** True when two instruction texts are the same after `normalizeInstruction`. */
export function instructionsMatch(a: string, b: string): boolean {
  return normalizeInstruction(a) === normalizeInstruction(b);
}
