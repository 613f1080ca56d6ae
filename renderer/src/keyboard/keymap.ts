/**
 * The review screen's keyboard map (keyboard-first, DESIGN §1). Pure: maps a key event's fields to a command.
 */

/** Something a key does. */
export type Command =
  | { kind: "toggle-play" }
  | { kind: "step-frame"; direction: 1 | -1 }
  | { kind: "seek-by-seconds"; seconds: number }
  | { kind: "to-start" }
  | { kind: "to-end" }
  | { kind: "outcome"; outcome: "success" | "failure" | "partial" | "unusable" }
  | { kind: "segment-in" }
  | { kind: "segment-out" }
  /** K: pause. */
  | { kind: "pause" }
  /** L: play, or faster when playing. J: slower when playing, else one frame back. */
  | { kind: "shuttle"; direction: 1 | -1 }
  /** `,` / `.`: previous / next frame of the focused camera. */
  | { kind: "step-focused"; direction: 1 | -1 }
  /** `[` / `]`: loop in / out at the playhead; `\`: loop on/off. */
  | { kind: "loop-in" }
  | { kind: "loop-out" }
  | { kind: "toggle-loop" }
  /** Shift+1 … Shift+5: review score. */
  | { kind: "score"; score: number }
  /** Ctrl+Z; Ctrl+Shift+Z or Ctrl+Y. */
  | { kind: "undo" }
  | { kind: "redo" };

/** The fields of a KeyboardEvent the map looks at. */
export interface KeyInput {
  key: string;
  code?: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/** Keys listed in the UI (button hints, help). */
export const OUTCOME_KEYS = { success: "1", failure: "2", partial: "3", unusable: "4" } as const;

/** Keys of the score buttons (Shift + the digit key, read from `code` so the keyboard layout does not matter). */
export const SCORE_KEYS = ["Shift+1", "Shift+2", "Shift+3", "Shift+4", "Shift+5"] as const;
/** Keys of undo / redo as listed in the UI. */
export const UNDO_KEYS = "Control+Z";
export const REDO_KEYS = "Control+Shift+Z Control+Y";

/** A built-in key of the review screen, as listed on the shortcut sheet. */
export interface BuiltinShortcut {
  /** Key names as shown (`"Shift+←"`, `"Space"`). */
  keys: string;
  label: string;
  group: string;
}

/** Every key `commandForKey` handles, for the shortcut sheet (keep in step with the map below). */
export const BUILTIN_SHORTCUTS: readonly BuiltinShortcut[] = [
  { keys: "Space", label: "Play / pause", group: "Playback" },
  { keys: "J", label: "Slower, or one frame back when paused", group: "Playback" },
  { keys: "K", label: "Pause", group: "Playback" },
  { keys: "L", label: "Play, or faster when playing", group: "Playback" },
  { keys: "← / →", label: "Previous / next frame of any camera", group: "Playback" },
  { keys: ", / .", label: "Previous / next frame of the focused camera", group: "Playback" },
  { keys: "Shift+← / Shift+→", label: "Back / forward 1 s", group: "Playback" },
  { keys: "Home / End", label: "Episode start / end", group: "Playback" },
  { keys: "[ / ]", label: "Loop in / out at the playhead", group: "Playback" },
  { keys: "\\", label: "Loop on / off", group: "Playback" },
  { keys: "1 2 3 4", label: "Outcome: success, failure, partial, unusable", group: "Review" },
  { keys: "Shift+1 … Shift+5", label: "Quality score 1–5", group: "Review" },
  { keys: "I", label: "Segment in at the playhead: starts a new segment, or moves the start of the picked one", group: "Segments" },
  { keys: "O", label: "Segment out at the playhead: ends the selected segment, or starts one that ends here", group: "Segments" },
  { keys: "Ctrl+Z", label: "Undo", group: "Edit" },
  { keys: "Ctrl+Shift+Z / Ctrl+Y", label: "Redo", group: "Edit" },
];

/** Undo/redo for Ctrl (or ⌘) + Z / Shift+Z / Y, else null. */
function editCommand(e: KeyInput): Command | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (key === "z" || e.code === "KeyZ") return e.shiftKey ? { kind: "redo" } : { kind: "undo" };
  if ((key === "y" || e.code === "KeyY") && !e.shiftKey) return { kind: "redo" };
  return null;
}

/** Score for Shift + a digit key 1–5, else null. */
function scoreCommand(e: KeyInput): Command | null {
  if (!e.shiftKey) return null;
  const match = /^Digit([1-5])$/.exec(e.code ?? "");
  return match ? { kind: "score", score: Number(match[1]) } : null;
}

/** The command for a key press, or null (other browser shortcuts with Ctrl/Alt/Meta are left alone). */
export function commandForKey(e: KeyInput): Command | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return editCommand(e);
  const score = scoreCommand(e);
  if (score) return score;
  switch (e.key) {
    case " ":
    case "Spacebar":
      return { kind: "toggle-play" };
    case "ArrowRight":
      return e.shiftKey ? { kind: "seek-by-seconds", seconds: 1 } : { kind: "step-frame", direction: 1 };
    case "ArrowLeft":
      return e.shiftKey ? { kind: "seek-by-seconds", seconds: -1 } : { kind: "step-frame", direction: -1 };
    case "Home":
      return { kind: "to-start" };
    case "End":
      return { kind: "to-end" };
    case ",":
      return { kind: "step-focused", direction: -1 };
    case ".":
      return { kind: "step-focused", direction: 1 };
    case "[":
      return { kind: "loop-in" };
    case "]":
      return { kind: "loop-out" };
    case "\\":
      return { kind: "toggle-loop" };
  }
  if (e.shiftKey) return null;
  switch (e.key.toLowerCase()) {
    case OUTCOME_KEYS.success:
      return { kind: "outcome", outcome: "success" };
    case OUTCOME_KEYS.failure:
      return { kind: "outcome", outcome: "failure" };
    case OUTCOME_KEYS.partial:
      return { kind: "outcome", outcome: "partial" };
    case OUTCOME_KEYS.unusable:
      return { kind: "outcome", outcome: "unusable" };
    case "i":
      return { kind: "segment-in" };
    case "o":
      return { kind: "segment-out" };
    case "j":
      return { kind: "shuttle", direction: -1 };
    case "k":
      return { kind: "pause" };
    case "l":
      return { kind: "shuttle", direction: 1 };
  }
  return null;
}

/** The fields of an event target the typing check looks at. */
export interface TargetInput {
  tagName?: string;
  isContentEditable?: boolean;
  type?: string;
}

const NON_TEXT_INPUTS = new Set(["button", "checkbox", "radio", "range", "reset", "submit", "color", "file", "image"]);

/** True when keys typed at `target` are text (inputs, text areas, selects, editable content): hotkeys stay off. */
export function isTypingTarget(target: TargetInput | null): boolean {
  if (!target || typeof target.tagName !== "string") return false;
  const tag = target.tagName.toUpperCase();
  if (target.isContentEditable) return true;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") return !NON_TEXT_INPUTS.has((target.type ?? "text").toLowerCase());
  return false;
}
