/**
 * "Jump to time": a text field taking seconds (`12.5`), `mm:ss.mmm`, or a frame number of the focused (else first)
 * camera (`#123`). Enter seeks; a bad entry says why next to the field.
 */
import { useState } from "react";
import { parseTimeInput } from "../../../../shared/playback/parseTime.ts";
import { clockStore } from "../../stores/clock.ts";

/** The jump-to-time field. */
export function JumpToTime({ disabled }: { disabled: boolean }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    const s = clockStore.getState();
    const topic = s.focusedTopic ?? Object.keys(s.cameraTimes).sort()[0];
    const parsed = parseTimeInput(text, s.startNs, s.endNs, topic ? (s.cameraTimes[topic] ?? null) : null);
    if (!parsed.ok) return setError(parsed.error);
    setError(null);
    s.seek(parsed.ns);
  };
  return (
    <form
      className="jump-to-time"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <input
        type="text"
        aria-label="Jump to time (seconds, mm:ss.mmm or #frame)"
        placeholder="go to 12.5 · 01:02.5 · #120"
        value={text}
        disabled={disabled}
        aria-invalid={error !== null}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") (e.target as HTMLInputElement).blur();
        }}
      />
      {error && (
        <span className="jump-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
