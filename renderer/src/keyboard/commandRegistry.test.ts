import { describe, expect, it } from "vitest";
import { commandsVersion, executeCommand, getCommand, listCommands, registerCommand } from "./commandRegistry.ts";

describe("command registry", () => {
  it("runs the latest registration and falls back when it is removed", () => {
    const calls: string[] = [];
    const v0 = commandsVersion();
    const offA = registerCommand({ id: "test.cmd", label: "A", group: "Test", run: () => calls.push("a") });
    const offB = registerCommand({ id: "test.cmd", label: "B", group: "Test", run: () => calls.push("b") });
    expect(executeCommand("test.cmd")).toBe(true);
    offB();
    expect(executeCommand("test.cmd")).toBe(true);
    expect(calls).toEqual(["b", "a"]);
    expect(listCommands().map((c) => c.label)).toContain("A");
    offA();
    expect(getCommand("test.cmd")).toBeUndefined();
    expect(executeCommand("test.cmd")).toBe(false);
    expect(commandsVersion()).toBeGreaterThan(v0);
  });
});
