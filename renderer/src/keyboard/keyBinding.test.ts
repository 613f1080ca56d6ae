import { describe, expect, it } from "vitest";
import { formatKeyBinding, matchesKeyBinding, parseKeyBinding } from "./keyBinding.ts";

const ev = (key: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; altKey: boolean; metaKey: boolean; code: string }> = {}) => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

describe("key bindings", () => {
  it("matches letters with and without Shift, by key or by code", () => {
    const s = parseKeyBinding("s");
    expect(matchesKeyBinding(s, ev("s"))).toBe(true);
    expect(matchesKeyBinding(s, ev("S", { shiftKey: true }))).toBe(false);
    expect(matchesKeyBinding(s, ev("ы", { code: "KeyS" }))).toBe(true);
    const shiftP = parseKeyBinding("Shift+P");
    expect(matchesKeyBinding(shiftP, ev("P", { shiftKey: true }))).toBe(true);
    expect(matchesKeyBinding(shiftP, ev("p"))).toBe(false);
  });
  it("treats Ctrl and ⌘ alike and requires the exact modifiers", () => {
    const undo = parseKeyBinding("Ctrl+Z");
    expect(matchesKeyBinding(undo, ev("z", { ctrlKey: true }))).toBe(true);
    expect(matchesKeyBinding(undo, ev("z", { metaKey: true }))).toBe(true);
    expect(matchesKeyBinding(undo, ev("z"))).toBe(false);
    expect(matchesKeyBinding(undo, ev("Z", { ctrlKey: true, shiftKey: true }))).toBe(false);
  });
  it("matches shifted symbols, digits, space and named keys", () => {
    expect(matchesKeyBinding(parseKeyBinding("?"), ev("?", { shiftKey: true }))).toBe(true);
    expect(matchesKeyBinding(parseKeyBinding("1"), ev("!", { shiftKey: false, code: "Digit1" }))).toBe(true);
    expect(matchesKeyBinding(parseKeyBinding("1"), ev("!", { shiftKey: true, code: "Digit1" }))).toBe(false);
    expect(matchesKeyBinding(parseKeyBinding(" "), ev(" "))).toBe(true);
    expect(matchesKeyBinding(parseKeyBinding("Delete"), ev("Delete"))).toBe(true);
  });
  it("rejects unknown modifiers with the binding named", () => {
    expect(() => parseKeyBinding("Hyper+x")).toThrow(/Hyper\+x.*unknown modifier "Hyper"/);
  });
  it("formats for hints", () => {
    expect(formatKeyBinding(" ")).toBe("Space");
    expect(formatKeyBinding("Shift+p")).toBe("Shift+P");
    expect(formatKeyBinding("Ctrl+Shift+Z")).toBe("Ctrl+Shift+Z");
  });
});
