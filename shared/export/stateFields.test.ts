import { describe, expect, it } from "vitest";
import { defaultStateTopics, isBookkeepingField } from "./stateFields.ts";

describe("state fields", () => {
  it("bookkeeping fields are never state; joint names and positions are", () => {
    for (const f of ["is_first", "is_last", "is_terminal", "discount", "reward", "header.seq", "header.stamp.sec", "frame_index", "timestamp", "status.seq"]) expect(isBookkeepingField(f), f).toBe(true);
    for (const f of ["shoulder_joint", "position[3]", "x", "gripper", "orientation.w", "rewarded_grasp"]) expect(isBookkeepingField(f), f).toBe(false);
  });
  it("prefers joint-state topics, and never takes a topic of bookkeeping only (an imported RLDS /step)", () => {
    const fields: Record<string, string[]> = { "/observation/state": ["x", "y"], "/step": ["is_first", "is_last", "discount", "reward"], "/imu": ["orientation.x"], "/joint_states": ["a"] };
    const of = (t: string) => fields[t]!;
    expect(defaultStateTopics([{ topic: "/observation/state", schemaName: "episcope.import.observation.state" }, { topic: "/step", schemaName: "s" }], of)).toEqual(["/observation/state"]);
    expect(defaultStateTopics([{ topic: "/imu", schemaName: "sensor_msgs/msg/Imu" }, { topic: "/joint_states", schemaName: "sensor_msgs/msg/JointState" }], of)).toEqual(["/joint_states"]);
    expect(defaultStateTopics([{ topic: "/imu", schemaName: "sensor_msgs/msg/Imu" }, { topic: "/step", schemaName: "s" }], of)).toEqual(["/imu"]);
  });
});
