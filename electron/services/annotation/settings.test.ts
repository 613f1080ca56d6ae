import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAnnotatorSpec, resolveAnnotator } from "./currentAnnotator.ts";
import { readSettings, settingsDir, storeAnnotator } from "./settings.ts";

describe("annotator identity", () => {
  it("is stored in the settings file and used on the next start; EPISCOPE_ANNOTATOR still wins", async () => {
    const dir = await mkdtemp(join(tmpdir(), "episcope-settings-"));
    const file = join(dir, "nested", "settings.json");
    expect(resolveAnnotator({ USER: "x" }, file).source).toBe("os");
    await storeAnnotator(file, { id: "carol", name: "Carol C." });
    expect(resolveAnnotator({}, file)).toEqual({ annotator: { id: "carol", name: "Carol C." }, source: "settings", stored: { id: "carol", name: "Carol C." } });
    expect(resolveAnnotator({ EPISCOPE_ANNOTATOR: "dave:Dave D" }, file)).toMatchObject({ annotator: { id: "dave", name: "Dave D" }, source: "env" });
    // Other settings are kept when the annotator changes.
    const withOther = { ...JSON.parse(await readFile(file, "utf8")), theme: "dark" };
    await writeFile(file, JSON.stringify(withOther));
    await storeAnnotator(file, { id: "erin", name: "Erin" });
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ annotator: { id: "erin", name: "Erin" }, theme: "dark" });
  });

  it("reports a damaged settings file, falls back, and refuses to overwrite it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "episcope-settings-bad-"));
    const file = join(dir, "settings.json");
    await writeFile(file, JSON.stringify({ annotator: { id: "../evil", name: 3 } }));
    expect(readSettings(file).problem).toMatch(/settings\.json: annotator\.id: /);
    expect(resolveAnnotator({ USER: "x" }, file).source).toBe("os");
    await expect(storeAnnotator(file, { id: "ok", name: "OK" })).rejects.toThrow(/fix or remove it/);
    await writeFile(file, "{");
    expect(readSettings(file).problem).toMatch(/not valid JSON/);
  });

  it("finds the platform's config folder, or EPISCOPE_CONFIG_DIR", () => {
    expect(settingsDir({ EPISCOPE_CONFIG_DIR: "/tmp/x" })).toBe("/tmp/x");
    expect(settingsDir({ XDG_CONFIG_HOME: "/home/u/.cfg" }, "linux")).toBe("/home/u/.cfg/episcope");
    expect(settingsDir({ APPDATA: "C:\\Users\\u\\AppData\\Roaming" }, "win32")).toMatch(/Episcope$/);
    expect(parseAnnotatorSpec("Ann Lee:Ann")).toEqual({ id: "Ann_Lee", name: "Ann" });
  });
});
