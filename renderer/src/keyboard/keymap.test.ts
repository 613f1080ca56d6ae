import { describe, expect, it } from "vitest";
import { commandForKey, isTypingTarget, type KeyInput } from "./keymap.ts";

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({ key: k, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, ...mods });

describe("commandForKey", () => {
  it("maps transport keys", () => {
    expect(commandForKey(key(" "))).toEqual({ kind: "toggle-play" });
    expect(commandForKey(key("ArrowRight"))).toEqual({ kind: "step-frame", direction: 1 });
    expect(commandForKey(key("ArrowLeft"))).toEqual({ kind: "step-frame", direction: -1 });
    expect(commandForKey(key("ArrowRight", { shiftKey: true }))).toEqual({ kind: "seek-by-seconds", seconds: 1 });
    expect(commandForKey(key("ArrowLeft", { shiftKey: true }))).toEqual({ kind: "seek-by-seconds", seconds: -1 });
    expect(commandForKey(key("Home"))).toEqual({ kind: "to-start" });
    expect(commandForKey(key("End"))).toEqual({ kind: "to-end" });
  });
  it("maps annotation keys, case-insensitively for letters", () => {
    expect(commandForKey(key("1"))).toEqual({ kind: "outcome", outcome: "success" });
    expect(commandForKey(key("4"))).toEqual({ kind: "outcome", outcome: "unusable" });
    expect(commandForKey(key("i"))).toEqual({ kind: "segment-in" });
    expect(commandForKey(key("O"))).toEqual({ kind: "segment-out" });
  });
  it("leaves modified and unknown keys alone", () => {
    expect(commandForKey(key("1", { ctrlKey: true }))).toBeNull();
    expect(commandForKey(key("ArrowLeft", { metaKey: true }))).toBeNull();
    expect(commandForKey(key("!", { shiftKey: true }))).toBeNull();
    expect(commandForKey(key("x"))).toBeNull();
  });
});

describe("playback keys", () => {
  it("maps J/K/L, focused-camera steps and loop keys", () => {
    expect(commandForKey(key("l"))).toEqual({ kind: "shuttle", direction: 1 });
    expect(commandForKey(key("j"))).toEqual({ kind: "shuttle", direction: -1 });
    expect(commandForKey(key("k"))).toEqual({ kind: "pause" });
    expect(commandForKey(key("."))).toEqual({ kind: "step-focused", direction: 1 });
    expect(commandForKey(key(","))).toEqual({ kind: "step-focused", direction: -1 });
    expect(commandForKey(key("["))).toEqual({ kind: "loop-in" });
    expect(commandForKey(key("]"))).toEqual({ kind: "loop-out" });
    expect(commandForKey(key("\\"))).toEqual({ kind: "toggle-loop" });
  });
});

describe("isTypingTarget", () => {
  it("is true for text inputs, text areas, selects and editable content", () => {
    expect(isTypingTarget({ tagName: "INPUT", type: "text" })).toBe(true);
    expect(isTypingTarget({ tagName: "input" })).toBe(true);
    expect(isTypingTarget({ tagName: "TEXTAREA" })).toBe(true);
    expect(isTypingTarget({ tagName: "SELECT" })).toBe(true);
    expect(isTypingTarget({ tagName: "DIV", isContentEditable: true })).toBe(true);
  });
  it("is false for buttons, checkboxes and other elements", () => {
    expect(isTypingTarget({ tagName: "BUTTON" })).toBe(false);
    expect(isTypingTarget({ tagName: "INPUT", type: "checkbox" })).toBe(false);
    expect(isTypingTarget({ tagName: "DIV" })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe("score and undo/redo keys", () => {
  it("maps Shift + digit 1–5 to the score by physical key", () => {
    expect(commandForKey(key("$", { shiftKey: true, code: "Digit4" }))).toEqual({ kind: "score", score: 4 });
    expect(commandForKey(key("!", { shiftKey: true, code: "Digit1" }))).toEqual({ kind: "score", score: 1 });
    expect(commandForKey(key("^", { shiftKey: true, code: "Digit6" }))).toBeNull();
    expect(commandForKey(key("4", { code: "Digit4" }))).toEqual({ kind: "outcome", outcome: "unusable" });
  });
  it("maps Ctrl+Z to undo, Ctrl+Shift+Z and Ctrl+Y to redo", () => {
    expect(commandForKey(key("z", { ctrlKey: true, code: "KeyZ" }))).toEqual({ kind: "undo" });
    expect(commandForKey(key("Z", { ctrlKey: true, shiftKey: true, code: "KeyZ" }))).toEqual({ kind: "redo" });
    expect(commandForKey(key("y", { ctrlKey: true, code: "KeyY" }))).toEqual({ kind: "redo" });
    expect(commandForKey(key("z", { ctrlKey: true, altKey: true }))).toBeNull();
  });
});
