import { describe, expect, it } from "vitest";
import { episodeFilterKeys, filterKeyLists, filterKeyPart } from "./filterKeys.ts";
import { selectsEpisode } from "./episodeSelection.ts";

const review = (outcome: "success" | "failure" | null, flags: string[] = [], status: "accepted" | "rejected" = "accepted") => ({
  status,
  outcome,
  score: null,
  flags,
  note: "",
});

describe("episode filter keys", () => {
  it("outcome, each flag, the operator and the status become keys", () => {
    expect(episodeFilterKeys(review("success", ["operator error", "jerky"]), "op a")).toEqual([
      "successful",
      "flag_operator_error",
      "flag_jerky",
      "operator_op_a",
      "status_accepted",
    ]);
    expect(episodeFilterKeys(review("failure"), null)).toEqual(["failed", "status_accepted"]);
    expect(episodeFilterKeys(null, null)).toEqual(["status_unreviewed"]);
  });
  it("groups names per key, keys sorted", () => {
    const lists = filterKeyLists([
      ["demo_0", ["successful", "operator_a"]],
      ["demo_1", ["failed", "operator_a"]],
    ]);
    expect([...lists]).toEqual([
      ["failed", ["demo_1"]],
      ["operator_a", ["demo_0", "demo_1"]],
      ["successful", ["demo_0"]],
    ]);
  });
  it("makes keys safe names", () => {
    expect(filterKeyPart(" a/b c ")).toBe("a_b_c");
    expect(filterKeyPart("")).toBe("_");
  });
});

describe("selectsEpisode", () => {
  it("filters by status, outcome (none = no outcome), flags and operator", () => {
    expect(selectsEpisode({ status: ["accepted"] }, review("success"), null)).toBe(true);
    expect(selectsEpisode({ status: ["accepted"] }, review("success", [], "rejected"), null)).toBe(false);
    expect(selectsEpisode({ status: ["accepted"] }, null, null)).toBe(false);
    expect(selectsEpisode({ outcome: ["none"] }, null, null)).toBe(true);
    expect(selectsEpisode({ outcome: ["failure"] }, review("success"), null)).toBe(false);
    expect(selectsEpisode({ flags: ["jerky"] }, review("success", ["jerky"]), null)).toBe(true);
    expect(selectsEpisode({ operators: ["b"] }, review("success"), "a")).toBe(false);
    expect(selectsEpisode({}, null, null)).toBe(true);
    expect(selectsEpisode({ tasks: ["stack"] }, null, null, ["pick", "stack"])).toBe(true);
    expect(selectsEpisode({ tasks: ["stack"] }, null, null, ["pick"])).toBe(false);
  });
});
