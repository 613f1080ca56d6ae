import { describe, expect, it } from "vitest";
import type { AnnotationDocument } from "../../../shared/annotation.ts";
import { emptyHistory, HISTORY_LIMIT, record, redo, seal, undo } from "./annotationHistory.ts";

const doc = (note: string) => ({ review: { note } }) as AnnotationDocument;

describe("annotation history", () => {
  it("joins edits of an open group into one step until sealed", () => {
    let h = record(emptyHistory(), doc(""), "note");
    h = record(h, doc("a"), "note");
    expect(h.past).toHaveLength(1);
    h = record(seal(h), doc("ab"), "note");
    expect(h.past).toHaveLength(2);
    h = record(h, doc("abc"));
    h = record(h, doc("abcd"));
    expect(h.past).toHaveLength(4);
  });
  it("undo then redo returns the same documents; a new edit drops the redo steps", () => {
    const h = record(emptyHistory(), doc("a"));
    const back = undo(h, doc("b"))!;
    expect(back.document.review.note).toBe("a");
    const forward = redo(back.history, back.document)!;
    expect(forward.document.review.note).toBe("b");
    expect(redo(forward.history, forward.document)).toBeNull();
    expect(record(back.history, doc("a")).future).toEqual([]);
    expect(undo(emptyHistory(), doc("x"))).toBeNull();
  });
  it("keeps at most HISTORY_LIMIT steps", () => {
    let h = emptyHistory();
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) h = record(h, doc(String(i)));
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    expect(h.past[0]!.review.note).toBe("5");
  });
});
