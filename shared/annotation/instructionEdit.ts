/**
 * Pure edits of the language instructions of an annotation document (DESIGN §4: `instructions[]` — scope episode or
 * [startNs, endNs], text, paraphrases, flags negative/ambiguous, BCP 47 language). Every function returns a new
 * document, or the same object when nothing changes (so the store records no undo step).
 *
 * Text is trimmed; empty text or paraphrases are refused with an `InstructionEditError` naming the field, so the UI
 * can show the message at the field (the schema refuses them as well, see documentSchema.ts).
 */
import type { AnnotationDocument, Instruction } from "../annotation.ts";
import { NS_PER_SECOND } from "../time.ts";

/** A refused instruction edit; `field` is the document field path (e.g. `instructions.0.text`). */
export class InstructionEditError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "InstructionEditError";
  }
}

/** BCP 47 tag as the schema accepts it (`en`, `de-CH`, `zh-Hant-TW`). */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

/** The instruction flags. */
export type InstructionFlag = keyof Instruction["flags"];

/** The episode-scoped instruction (the first one when a hand-edited file has several), or null. */
export function episodeInstruction(doc: AnnotationDocument): Instruction | null {
  return doc.instructions.find((i) => i.scope === "episode") ?? null;
}

/** Instructions in display order: the episode instruction(s) first, then ranges by start time. */
export function sortedInstructions(doc: AnnotationDocument): Instruction[] {
  const key = (i: Instruction) => (i.scope === "episode" ? -1n : i.scope.startNs);
  return [...doc.instructions].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function indexOf(doc: AnnotationDocument, id: string): number {
  const i = doc.instructions.findIndex((x) => x.id === id);
  if (i < 0) throw new InstructionEditError("instructions", `no instruction with id ${JSON.stringify(id)}`);
  return i;
}

function replaceAt(doc: AnnotationDocument, i: number, next: Instruction): AnnotationDocument {
  const instructions = doc.instructions.slice();
  instructions[i] = next;
  return { ...doc, instructions };
}

function cleanText(field: string, text: string, what: string): string {
  const t = text.trim();
  if (t.length === 0) throw new InstructionEditError(field, `${what} must not be empty`);
  return t;
}

/**
 * Set the episode instruction's text, creating the instruction (id `id`, language `en`, no paraphrases) when the
 * document has none.
 * @throws InstructionEditError when the text is empty.
 */
export function setEpisodeInstructionText(doc: AnnotationDocument, text: string, id: string): AnnotationDocument {
  const existing = episodeInstruction(doc);
  if (existing) return setInstructionText(doc, existing.id, text);
  const clean = cleanText(`instructions.${doc.instructions.length}.text`, text, "instruction text");
  const created: Instruction = { id, scope: "episode", text: clean, paraphrases: [], flags: { negative: false, ambiguous: false }, language: "en" };
  return { ...doc, instructions: [created, ...doc.instructions] };
}

/**
 * Add an instruction over [startNs, endNs] (swapped when given backwards).
 * @throws InstructionEditError when the text is empty.
 */
export function addRangeInstruction(doc: AnnotationDocument, id: string, startNs: bigint, endNs: bigint, text: string): AnnotationDocument {
  const clean = cleanText(`instructions.${doc.instructions.length}.text`, text, "instruction text");
  const [a, b] = startNs <= endNs ? [startNs, endNs] : [endNs, startNs];
  const created: Instruction = {
    id,
    scope: { startNs: a, endNs: b },
    text: clean,
    paraphrases: [],
    flags: { negative: false, ambiguous: false },
    language: "en",
  };
  return { ...doc, instructions: [...doc.instructions, created] };
}

/** @throws InstructionEditError when the text is empty or the id unknown. */
export function setInstructionText(doc: AnnotationDocument, id: string, text: string): AnnotationDocument {
  const i = indexOf(doc, id);
  const clean = cleanText(`instructions.${i}.text`, text, "instruction text");
  const ins = doc.instructions[i]!;
  return ins.text === clean ? doc : replaceAt(doc, i, { ...ins, text: clean });
}

/** Append a paraphrase. @throws InstructionEditError when it is empty or the id unknown. */
export function addParaphrase(doc: AnnotationDocument, id: string, text: string): AnnotationDocument {
  const i = indexOf(doc, id);
  const ins = doc.instructions[i]!;
  const clean = cleanText(`instructions.${i}.paraphrases.${ins.paraphrases.length}`, text, "paraphrase");
  return replaceAt(doc, i, { ...ins, paraphrases: [...ins.paraphrases, clean] });
}

/** Replace paraphrase `index`. @throws InstructionEditError when empty, or the id or index is unknown. */
export function setParaphrase(doc: AnnotationDocument, id: string, index: number, text: string): AnnotationDocument {
  const i = indexOf(doc, id);
  const ins = doc.instructions[i]!;
  const field = `instructions.${i}.paraphrases.${index}`;
  if (index < 0 || index >= ins.paraphrases.length) throw new InstructionEditError(field, `no paraphrase ${index}`);
  const clean = cleanText(field, text, "paraphrase");
  if (ins.paraphrases[index] === clean) return doc;
  const paraphrases = ins.paraphrases.slice();
  paraphrases[index] = clean;
  return replaceAt(doc, i, { ...ins, paraphrases });
}

/** Move paraphrase `from` to position `to` (clamped); same document when it does not move. */
export function moveParaphrase(doc: AnnotationDocument, id: string, from: number, to: number): AnnotationDocument {
  const i = indexOf(doc, id);
  const ins = doc.instructions[i]!;
  const n = ins.paraphrases.length;
  const target = Math.max(0, Math.min(n - 1, to));
  if (from < 0 || from >= n || target === from) return doc;
  const paraphrases = ins.paraphrases.slice();
  const [moved] = paraphrases.splice(from, 1);
  paraphrases.splice(target, 0, moved!);
  return replaceAt(doc, i, { ...ins, paraphrases });
}

/** Remove paraphrase `index`; same document when there is none. */
export function deleteParaphrase(doc: AnnotationDocument, id: string, index: number): AnnotationDocument {
  const i = indexOf(doc, id);
  const ins = doc.instructions[i]!;
  if (index < 0 || index >= ins.paraphrases.length) return doc;
  return replaceAt(doc, i, { ...ins, paraphrases: ins.paraphrases.filter((_, j) => j !== index) });
}

/** Set flag `negative` (unachievable in this episode) or `ambiguous`. */
export function setInstructionFlag(doc: AnnotationDocument, id: string, flag: InstructionFlag, value: boolean): AnnotationDocument {
  const i = indexOf(doc, id);
  const ins = doc.instructions[i]!;
  return ins.flags[flag] === value ? doc : replaceAt(doc, i, { ...ins, flags: { ...ins.flags, [flag]: value } });
}

/** Set the BCP 47 language tag. @throws InstructionEditError when it is not a tag such as `en` or `de-CH`. */
export function setInstructionLanguage(doc: AnnotationDocument, id: string, language: string): AnnotationDocument {
  const i = indexOf(doc, id);
  const tag = language.trim();
  if (!LANGUAGE_TAG.test(tag)) {
    throw new InstructionEditError(`instructions.${i}.language`, `${JSON.stringify(tag)} is not a BCP 47 language tag such as en or de-CH`);
  }
  const ins = doc.instructions[i]!;
  return ins.language === tag ? doc : replaceAt(doc, i, { ...ins, language: tag });
}

/** Remove an instruction; same document when the id is unknown. */
export function deleteInstruction(doc: AnnotationDocument, id: string): AnnotationDocument {
  const next = doc.instructions.filter((i) => i.id !== id);
  return next.length === doc.instructions.length ? doc : { ...doc, instructions: next };
}

/**
 * How many paraphrases the instruction lacks to reach the dataset's `paraphraseMinimum` (0 when it has enough).
 */
export function paraphraseShortfall(instruction: Pick<Instruction, "paraphrases">, minimum: number): number {
  return Math.max(0, minimum - instruction.paraphrases.length);
}

/**
 * The time range a new per-segment instruction covers: the loop selection [in, out] when there is one, else the
 * playhead ± 1 s; clamped to the episode [startNs, endNs].
 */
export function instructionRangeForSelection(
  loop: { inNs: bigint; outNs: bigint } | null,
  playheadNs: bigint,
  startNs: bigint,
  endNs: bigint,
): { startNs: bigint; endNs: bigint } {
  const clamp = (t: bigint) => (t < startNs ? startNs : t > endNs ? endNs : t);
  if (loop && loop.outNs > loop.inNs) return { startNs: clamp(loop.inNs), endNs: clamp(loop.outNs) };
  return { startNs: clamp(playheadNs - NS_PER_SECOND), endNs: clamp(playheadNs + NS_PER_SECOND) };
}
