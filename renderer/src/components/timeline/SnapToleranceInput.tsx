/** The snap tolerance of chunk boundaries (ms), editable by the reviewer; starts at the dataset config's value. */
import { useEffect, useState } from "react";
import { annotationPrefsStore } from "../../stores/annotationPrefs.ts";

/** A small number field; Enter or leaving the field applies it, an empty field goes back to the config's value. */
export function SnapToleranceInput({ valueMs }: { valueMs: number }) {
  const [text, setText] = useState(String(valueMs));
  useEffect(() => setText(String(valueMs)), [valueMs]);
  const apply = () => {
    const trimmed = text.trim();
    const ms = trimmed === "" ? null : Number(trimmed);
    if (ms !== null && !(Number.isFinite(ms) && ms >= 0)) {
      setText(String(valueMs));
      return;
    }
    annotationPrefsStore.getState().setSnapToleranceMs(ms);
  };
  return (
    <label className="snap-tolerance" title="Chunk boundaries snap to a robot event at most this far away">
      snap ±
      <input
        type="number"
        min={0}
        max={10000}
        step={10}
        aria-label="Snap tolerance (ms)"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            apply();
            e.currentTarget.blur();
          }
        }}
      />
      ms
    </label>
  );
}
