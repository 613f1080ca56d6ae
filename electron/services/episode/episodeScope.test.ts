import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { EpiscopeError } from "../../../shared/ipc/contract.ts";
import { EpisodeScope } from "./episodeScope.ts";

const SAMPLE = path.resolve("assets/sample/pick_cube_001.mcap");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-scope-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A served folder: episodes at two levels, a non-episode file, hidden and app folders, links in and out. */
function makeRoot(): string {
  const root = fs.mkdtempSync(path.join(tmp, "root-"));
  fs.mkdirSync(path.join(root, "day1/sub"), { recursive: true });
  fs.mkdirSync(path.join(root, ".episcope/cache"), { recursive: true });
  fs.mkdirSync(path.join(root, "node_modules"), { recursive: true });
  fs.copyFileSync(SAMPLE, path.join(root, "a.mcap"));
  fs.copyFileSync(SAMPLE, path.join(root, "day1/b.mcap"));
  fs.writeFileSync(path.join(root, "notes.txt"), "not an episode");
  fs.writeFileSync(path.join(root, ".hidden.mcap"), "hidden");
  const outside = fs.mkdtempSync(path.join(tmp, "outside-"));
  fs.copyFileSync(SAMPLE, path.join(outside, "secret.mcap"));
  fs.symlinkSync(outside, path.join(root, "out-link"));
  fs.symlinkSync(path.join(root, "day1"), path.join(root, "in-link"));
  return root;
}

const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as EpiscopeError).code;
  }
  return "no error";
};

describe("EpisodeScope.browse", () => {
  it("lists sub-folders first, then episodes; leaves out hidden, app and non-episode entries and links out of the root", () => {
    const root = makeRoot();
    const listing = new EpisodeScope(root).browse("");
    expect(listing).toMatchObject({ root, dir: "", parent: null, single: false });
    expect(listing.entries.map((e) => [e.kind, e.path])).toEqual([
      ["folder", "day1"],
      ["folder", "in-link"],
      ["episode", "a.mcap"],
    ]);
    expect(listing.entries[2]!.sizeBytes).toBe(fs.statSync(SAMPLE).size);
    const day1 = new EpisodeScope(root).browse("day1/");
    expect(day1).toMatchObject({ dir: "day1", parent: "" });
    expect(day1.entries.map((e) => e.path)).toEqual(["day1/sub", "day1/b.mcap"]);
  });

  it("refuses paths outside the root (.., absolute, a link leaving it) and names what is not a folder", () => {
    const root = makeRoot();
    const scope = new EpisodeScope(root);
    expect(codeOf(() => scope.browse(".."))).toBe("invalid-path");
    expect(codeOf(() => scope.browse("day1/../.."))).toBe("invalid-path");
    expect(codeOf(() => scope.browse("/etc"))).toBe("invalid-path");
    expect(codeOf(() => scope.browse("out-link"))).toBe("invalid-path");
    expect(codeOf(() => scope.browse("nope"))).toBe("not-found");
    expect(codeOf(() => scope.browse("a.mcap"))).toBe("not-found");
  });
});

describe("EpisodeScope with one served episode", () => {
  it("lists, browses and resolves only that episode, without walking its folder", () => {
    const root = makeRoot();
    const scope = new EpisodeScope(root, "a.mcap");
    expect(scope.list()).toEqual([{ path: "a.mcap", name: "a", sizeBytes: fs.statSync(SAMPLE).size }]);
    expect(scope.browse("").entries.map((e) => e.path)).toEqual(["a.mcap"]);
    expect(scope.browse("day1").single).toBe(true);
    expect(scope.resolve("a.mcap").key).toBe("a.mcap");
    expect(codeOf(() => scope.resolve("day1/b.mcap"))).toBe("not-found");
  });
});
