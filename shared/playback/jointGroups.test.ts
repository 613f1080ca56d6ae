import { describe, expect, it } from "vitest";
import { channelJointGroups, isUnnamed, jointGroups } from "./jointGroups.ts";

const ALOHA = [
  "left_waist", "left_shoulder", "left_elbow", "left_forearm_roll", "left_wrist_angle", "left_wrist_rotate", "left_gripper",
  "right_waist", "right_shoulder", "right_elbow", "right_forearm_roll", "right_wrist_angle", "right_wrist_rotate", "right_gripper",
];

describe("jointGroups", () => {
  it("splits a bimanual robot into arm and gripper per side", () => {
    expect(jointGroups(ALOHA)).toEqual([
      { name: "left arm", fields: [0, 1, 2, 3, 4, 5] },
      { name: "left gripper", fields: [6] },
      { name: "right arm", fields: [7, 8, 9, 10, 11, 12] },
      { name: "right gripper", fields: [13] },
    ]);
  });
  it("splits a single arm from its fingers", () => {
    expect(jointGroups(["panda_joint1", "panda_joint2", "panda_finger_joint1", "panda_finger_joint2"])).toEqual([
      { name: "arm", fields: [0, 1] },
      { name: "gripper", fields: [2, 3] },
    ]);
  });
  it("keeps one group when the names give no split or there are none", () => {
    expect(jointGroups(["j1", "j2"])).toEqual([{ name: "all", fields: [0, 1] }]);
    expect(jointGroups(["position[0]", "position[1]"])).toEqual([{ name: "all", fields: [0, 1] }]);
  });
  it("lets unnamed action fields borrow the grouping of a JointState with as many joints", () => {
    const action = ALOHA.map((_, i) => `positions[${i}]`);
    expect(isUnnamed(action[3]!)).toBe(true);
    expect(channelJointGroups(action, [ALOHA]).map((g) => g.name)).toEqual(["left arm", "left gripper", "right arm", "right gripper"]);
    expect(channelJointGroups(action, [ALOHA.slice(1)])).toEqual([{ name: "all", fields: action.map((_, i) => i) }]);
  });
});
