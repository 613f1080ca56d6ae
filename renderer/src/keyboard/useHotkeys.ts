/**
 * Global hotkeys of the review screen (see keymap.ts). Keys typed into inputs, text areas and selects are ignored.
 */
import { useEffect } from "react";
import { stepSpeed } from "../../../shared/playback/frameStep.ts";
import { NS_PER_SECOND } from "../../../shared/time.ts";
import { annotationStore } from "../stores/annotation.ts";
import { clockStore } from "../stores/clock.ts";
import { executeCommand } from "./commandRegistry.ts";
import { episodeStore } from "../stores/episode.ts";
import { markRowUnusable } from "../stores/markUnusable.ts";
import { registeredCommandForKey } from "./hotkeyTable.ts";
import { commandForKey, isTypingTarget, type Command } from "./keymap.ts";

/** Run a command against the stores. */
export function runCommand(cmd: Command): void {
  const clock = clockStore.getState();
  const annotation = annotationStore.getState();
  switch (cmd.kind) {
    case "toggle-play":
      return clock.togglePlay();
    case "step-frame":
      return clock.stepFrame(cmd.direction);
    case "seek-by-seconds":
      return clock.seekBy(BigInt(cmd.seconds) * NS_PER_SECOND);
    case "to-start":
      return clock.toStart();
    case "to-end":
      return clock.toEnd();
    case "outcome":
      // An episode that could not be opened has no document open: 4 still marks it unusable (stores/markUnusable.ts).
      if (cmd.outcome === "unusable" && !annotation.document && episodeStore.getState().status === "error") return void markRowUnusable(episodeStore.getState().currentPath ?? "");
      return annotation.setOutcome(cmd.outcome);
    case "segment-in":
      return annotation.setSegmentIn(clock.requestNs);
    case "segment-out":
      return annotation.setSegmentOut(clock.requestNs);
    case "pause":
      return clock.pause();
    case "shuttle":
      if (cmd.direction > 0) return clock.playing ? clock.setSpeed(stepSpeed(clock.speed, 1)) : clock.play();
      return clock.playing ? clock.setSpeed(stepSpeed(clock.speed, -1)) : clock.stepFrame(-1);
    case "step-focused":
      return clock.stepFocused(cmd.direction);
    case "loop-in":
      return clock.setLoopIn();
    case "loop-out":
      return clock.setLoopOut();
    case "toggle-loop":
      return clock.toggleLooping();
    case "score":
      return annotation.setScore(cmd.score);
    case "undo":
      return annotation.undo();
    case "redo":
      return annotation.redo();
  }
}

/** Install the hotkeys on the window while the component is mounted. */
export function useHotkeys(): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      if (isTypingTarget(e.target as HTMLElement | null)) return;
      // Commands registered by panels (bound through the dataset config's hotkeys table) come first.
      const registered = registeredCommandForKey(e);
      if (registered) {
        e.preventDefault();
        executeCommand(registered);
        return;
      }
      const cmd = commandForKey(e);
      if (!cmd) return;
      // Space on a focused button would also "click" it; the hotkey wins (Enter still activates buttons).
      e.preventDefault();
      runCommand(cmd);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
