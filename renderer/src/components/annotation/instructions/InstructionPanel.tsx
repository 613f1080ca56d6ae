/**
 * The inspector section of language instructions: pick the episode instruction or a per-range one, add a range
 * instruction for the current selection (the loop in/out when a loop is set, else the playhead ± 1 s), and edit the
 * chosen one. Owns the keys `t` (edit the episode instruction's text) and `Shift+P` (add a paraphrase to it).
 */
import "../annotation.css";
import { useState } from "react";
import { flushSync } from "react-dom";
import * as edit from "../../../../../shared/annotation/instructionEdit.ts";
import { useCommand } from "../../../keyboard/commandRegistry.ts";
import { useAnnotation } from "../../../stores/annotation.ts";
import { newAnnotationId, tryEdit } from "../../../stores/annotationEdits.ts";
import { annotationUiStore, useAnnotationUi } from "../../../stores/annotationUi.ts";
import { clockStore } from "../../../stores/clock.ts";
import { useDatasetConfig } from "../../../stores/annotationConfig.ts";
import { useEpisode } from "../../../stores/episode.ts";
import { selectCanEdit, selectDatasetRoot, selectSummary } from "../../../stores/selectors.ts";
import { CommitField } from "../common/CommitField.tsx";
import { InstructionEditor, scopeLabel } from "./InstructionEditor.tsx";

/** Focus the episode instruction's text field (`t`). */
export function focusEpisodeInstruction(): void {
  // Synchronously, so keys typed right after `t` land in the field.
  flushSync(() => {
    annotationUiStore.getState().selectInstruction(null);
    annotationUiStore.getState().requestFocus("instruction-text");
  });
}

/** Open a new paraphrase field of the episode instruction (`Shift+P`). */
export function addEpisodeParaphrase(): void {
  flushSync(() => {
    annotationUiStore.getState().selectInstruction(null);
    annotationUiStore.getState().requestFocus("new-paraphrase");
  });
}

/** See the module comment. */
export function InstructionPanel() {
  const doc = useAnnotation((s) => s.document);
  const canEdit = useAnnotation(selectCanEdit);
  const summary = useEpisode(selectSummary);
  const config = useDatasetConfig(useEpisode(selectDatasetRoot));
  const selectedId = useAnnotationUi((s) => s.selectedInstructionId);
  const [range, setRange] = useState<{ startNs: bigint; endNs: bigint } | null>(null);

  useCommand("instruction.edit", "Edit the episode instruction", "Instructions", focusEpisodeInstruction);
  useCommand("instruction.addParaphrase", "Add a paraphrase to the episode instruction", "Instructions", addEpisodeParaphrase);

  if (!doc || !summary) return <p className="muted">No annotation loaded.</p>;
  const list = edit.sortedInstructions(doc);
  const selected = (selectedId ? doc.instructions.find((i) => i.id === selectedId) : null) ?? edit.episodeInstruction(doc);
  const startNs = summary.startNs;

  return (
    <div className="instruction-panel">
      <div className="chip-row" role="listbox" aria-label="Instructions">
        {!edit.episodeInstruction(doc) && (
          <button type="button" role="option" aria-selected={selectedId === null} className="chip" onClick={() => annotationUiStore.getState().selectInstruction(null)}>
            episode (new)
          </button>
        )}
        {list.map((ins) => (
          <button
            key={ins.id}
            type="button"
            role="option"
            aria-selected={selected?.id === ins.id}
            className="chip"
            title={ins.text}
            onClick={() => annotationUiStore.getState().selectInstruction(ins.scope === "episode" ? null : ins.id)}
          >
            {scopeLabel(ins, startNs)}
          </button>
        ))}
        <button
          type="button"
          className="chip chip-add"
          disabled={!canEdit}
          title="An instruction for the loop selection, or the playhead ± 1 s"
          onClick={() => {
            const c = clockStore.getState();
            setRange(edit.instructionRangeForSelection(c.loop, c.requestNs, summary.startNs, summary.endNs));
          }}
        >
          + For selection
        </button>
      </div>
      {range && (
        <div className="field-row new-range">
          <span className="field-label">{scopeLabel({ scope: range }, startNs)}</span>
          <CommitField
            value=""
            label="New range instruction text"
            placeholder="Instruction for this range; Enter adds"
            disabled={!canEdit}
            inputRef={(el) => el?.focus()}
            onCommit={(text) => {
              const id = newAnnotationId("ins");
              const error = tryEdit((d) => edit.addRangeInstruction(d, id, range.startNs, range.endNs, text));
              if (error === null) annotationUiStore.getState().selectInstruction(id);
              return error;
            }}
            onDone={() => setRange(null)}
          />
        </div>
      )}
      <InstructionEditor
        key={selected?.id ?? "episode-draft"}
        instruction={selected ?? null}
        startNs={startNs}
        paraphraseMinimum={config.paraphraseMinimum}
        disabled={!canEdit}
      />
      <p className="key-hint">Edit: t · Paraphrase: Shift+P · Enter commits, Esc cancels</p>
    </div>
  );
}
