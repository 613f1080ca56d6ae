/**
 * The editor of one language instruction: text, paraphrases (add, edit, reorder, delete), flags `negative` and
 * `ambiguous`, BCP 47 language, and a warning when there are fewer paraphrases than the dataset asks for.
 * `instruction` null edits the draft of the episode instruction: committing its text creates it.
 */
import { useLayoutEffect, useRef, useState } from "react";
import type { Instruction } from "../../../../../shared/annotation.ts";
import * as edit from "../../../../../shared/annotation/instructionEdit.ts";
import { formatSeconds } from "../../../../../shared/time.ts";
import { newAnnotationId, tryEdit } from "../../../stores/annotationEdits.ts";
import { annotationUiStore, useAnnotationUi } from "../../../stores/annotationUi.ts";
import { CommitField } from "../common/CommitField.tsx";

/** Props of the instruction editor. */
export interface InstructionEditorProps {
  instruction: Instruction | null;
  /** Episode start (ns), for range labels. */
  startNs: bigint;
  paraphraseMinimum: number;
  disabled: boolean;
}

/** The scope of an instruction as text: "episode" or "2.00 s – 4.50 s". */
export function scopeLabel(ins: Pick<Instruction, "scope">, startNs: bigint): string {
  if (ins.scope === "episode") return "episode";
  return `${formatSeconds(ins.scope.startNs - startNs)} – ${formatSeconds(ins.scope.endNs - startNs)}`;
}

/** See the module comment. */
export function InstructionEditor({ instruction, startNs, paraphraseMinimum, disabled }: InstructionEditorProps) {
  const textRef = useRef<HTMLInputElement>(null);
  const newRef = useRef<HTMLInputElement>(null);
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState<string | null>(null);
  const focus = useAnnotationUi((s) => s.focus);
  const id = instruction?.id ?? null;

  // Keys (`t`, `Shift+P`) ask for a field; focus it once it is rendered.
  useLayoutEffect(() => {
    if (!focus) return;
    annotationUiStore.getState().clearFocus();
    if (focus.target === "instruction-text") textRef.current?.focus();
    if (focus.target === "new-paraphrase") {
      if (!id) {
        setAddError("write the instruction first (t), then add paraphrases");
        textRef.current?.focus();
        return;
      }
      setAdding(true);
    }
  }, [focus, id]);
  useLayoutEffect(() => {
    if (adding) newRef.current?.focus();
  }, [adding, focus]);

  const commitText = (text: string) =>
    id ? tryEdit((d) => edit.setInstructionText(d, id, text)) : tryEdit((d) => edit.setEpisodeInstructionText(d, text, newAnnotationId("ins")));
  const shortfall = instruction ? edit.paraphraseShortfall(instruction, paraphraseMinimum) : paraphraseMinimum;
  const paraphrases = instruction?.paraphrases ?? [];

  return (
    <div className="instruction-editor" data-instruction-id={id ?? ""}>
      <p className="muted scope-line">
        Scope: {instruction ? scopeLabel(instruction, startNs) : "episode (not written yet)"}
      </p>
      <label className="field-row">
        <span className="field-label">Text</span>
        <CommitField
          value={instruction?.text ?? ""}
          label="Instruction text"
          placeholder="What the operator was told to do (t)"
          disabled={disabled}
          inputRef={textRef}
          onCommit={commitText}
        />
      </label>
      <div className="paraphrases" role="group" aria-label="Paraphrases">
        <div className="field-label">
          Paraphrases <span className="muted">({paraphrases.length})</span>
        </div>
        <ol className="paraphrase-list">
          {paraphrases.map((p, i) => (
            <li key={`${i}:${p}`} className="paraphrase-row">
              <CommitField
                value={p}
                label={`Paraphrase ${i + 1}`}
                disabled={disabled}
                onCommit={(text) => tryEdit((d) => edit.setParaphrase(d, id!, i, text))}
              />
              <button type="button" className="icon-button" aria-label={`Move paraphrase ${i + 1} up`} disabled={disabled || i === 0} onClick={() => tryEdit((d) => edit.moveParaphrase(d, id!, i, i - 1))}>
                ↑
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={`Move paraphrase ${i + 1} down`}
                disabled={disabled || i === paraphrases.length - 1}
                onClick={() => tryEdit((d) => edit.moveParaphrase(d, id!, i, i + 1))}
              >
                ↓
              </button>
              <button type="button" className="icon-button" aria-label={`Delete paraphrase ${i + 1}`} disabled={disabled} onClick={() => tryEdit((d) => edit.deleteParaphrase(d, id!, i))}>
                ✕
              </button>
            </li>
          ))}
        </ol>
        {adding && id ? (
          <CommitField
            value=""
            label="New paraphrase"
            placeholder="Another way to say it; Enter adds"
            disabled={disabled}
            inputRef={newRef}
            onCommit={(text) => tryEdit((d) => edit.addParaphrase(d, id, text))}
            onDone={() => setAdding(false)}
          />
        ) : (
          <button
            type="button"
            disabled={disabled}
            onClick={() => {
              setAddError(null);
              annotationUiStore.getState().requestFocus("new-paraphrase");
            }}
          >
            + Paraphrase <kbd>Shift+P</kbd>
          </button>
        )}
        {addError && !id && (
          <p role="alert" className="field-error">
            {addError}
          </p>
        )}
        {shortfall > 0 && (
          <p className="warn-text" role="status" data-testid="paraphrase-warning">
            ⚠ {paraphrases.length} paraphrase{paraphrases.length === 1 ? "" : "s"}; the dataset asks for at least {paraphraseMinimum}.
          </p>
        )}
      </div>
      {instruction && (
        <div className="instruction-meta">
          <label className="check">
            <input
              type="checkbox"
              checked={instruction.flags.negative}
              disabled={disabled}
              onChange={(e) => tryEdit((d) => edit.setInstructionFlag(d, instruction.id, "negative", e.target.checked))}
            />
            negative <span className="muted">(unachievable here)</span>
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={instruction.flags.ambiguous}
              disabled={disabled}
              onChange={(e) => tryEdit((d) => edit.setInstructionFlag(d, instruction.id, "ambiguous", e.target.checked))}
            />
            ambiguous
          </label>
          <label className="field-row language">
            <span className="field-label">Language</span>
            <CommitField
              value={instruction.language}
              label="Instruction language"
              placeholder="en"
              disabled={disabled}
              className="narrow"
              onCommit={(text) => tryEdit((d) => edit.setInstructionLanguage(d, instruction.id, text))}
            />
          </label>
          <button
            type="button"
            className="danger"
            disabled={disabled}
            onClick={() => {
              tryEdit((d) => edit.deleteInstruction(d, instruction.id));
              annotationUiStore.getState().selectInstruction(null);
            }}
          >
            Delete {instruction.scope === "episode" ? "episode" : "range"} instruction
          </button>
        </div>
      )}
    </div>
  );
}
