import { describe, expect, it } from "vitest";
import { classifySaveFailure } from "./saveFailure.ts";
import type { AnnotationFileStatus } from "./storeTypes.ts";

const status = (over: Partial<AnnotationFileStatus>): AnnotationFileStatus => ({
  file: ".episcope/annotations/a/ep.json",
  exists: true,
  revision: 4,
  sha256: "ab",
  mtimeMs: 1,
  changedSinceLoad: false,
  ...over,
});

describe("classifySaveFailure", () => {
  it("a file changed behind the app is a conflict (other revision, or same revision other bytes)", () => {
    expect(classifySaveFailure(status({ revision: 5 }), 4, "x")).toBe("conflict");
    expect(classifySaveFailure(status({ changedSinceLoad: true }), 4, "x")).toBe("conflict");
  });
  it("a damaged file on disk needs an overwrite", () => {
    expect(classifySaveFailure(status({ revision: null }), 4, "x")).toBe("needs-overwrite");
  });
  it("falls back to the server's message when the status is unknown", () => {
    expect(classifySaveFailure(null, 4, "ep.json changed on disk since it was loaded (revision 5 …)")).toBe("conflict");
    expect(classifySaveFailure(null, 4, "ep.json: the file on disk is not a valid annotation (…)")).toBe("needs-overwrite");
  });
  it("anything else (an invalid document, a missing file, a network error) is other", () => {
    expect(classifySaveFailure(status({}), 4, "instructions.0.text: instruction text must not be empty")).toBe("other");
    expect(classifySaveFailure(status({ exists: false, revision: null, changedSinceLoad: true }), 4, "HTTP 500")).toBe("other");
  });
});
