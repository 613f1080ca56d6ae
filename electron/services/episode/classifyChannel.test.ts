import { describe, expect, it } from "vitest";
import { classifyBySchema, classifyChannel, normalizeSchemaName } from "./classifyChannel.ts";
import { summarizeEpisodeFile } from "./episodeMainService.ts";

const DATA = `${process.env.EPISCOPE_SHARED_DATA}/mcap`;

describe("classification of real files", () => {
  it("ros2_message_zoo.mcap: cameras, joints, other, empty channels", async () => {
    const summary = await summarizeEpisodeFile(`${DATA}/ros2_message_zoo.mcap`);
    const kinds = Object.fromEntries(summary.channels.map((c) => [c.topic, c.cameraPayload ? `${c.kind}:${c.cameraPayload}` : c.kind]));
    expect(kinds).toMatchObject({
      "/image": "camera:raw",
      "/compressed_image": "camera:image",
      "/joint_state": "joints",
      // other numeric messages are plottable signals, not joints
      "/imu": "signal",
      "/battery_state": "signal",
      "/range": "signal",
      // known non-signal schemas
      "/rosout": "other",
      "/camera_info": "other",
      "/point_cloud": "other",
      "/point_cloud2": "other",
      // no messages: only the schema can tell, and these schemas say nothing
      "/parameter_events": "other",
      "/events/write_split": "other",
      "/temperature": "other",
      "/relative_humidity": "other",
    });
    expect(Object.values(kinds).filter((k) => k.startsWith("camera"))).toHaveLength(2);
  });

  it("foxglove_log.mcap: foxglove.Log is other", async () => {
    const summary = await summarizeEpisodeFile(`${DATA}/foxglove_log.mcap`);
    expect(summary.channels.map((c) => [c.topic, c.kind])).toEqual([["/text_log", "other"]]);
  });

  it("simple_protobuf_vec3.mcap: a custom numeric message is a signal", async () => {
    const summary = await summarizeEpisodeFile(`${DATA}/simple_protobuf_vec3.mcap`);
    expect(summary.channels.map((c) => [c.topic, c.kind])).toEqual([["/test/points", "signal"]]);
  });

  it("conformance files with opaque payloads are other", async () => {
    const summary = await summarizeEpisodeFile(`${process.env.EPISCOPE_SHARED_DATA}/mcap-conformance/data/TenMessages/TenMessages.mcap`);
    expect(summary.channels.map((c) => c.kind)).toEqual(["other"]);
  });
});

describe("classification rules", () => {
  it("normalizes ROS 2 names to ROS 1 names", () => {
    expect(normalizeSchemaName("sensor_msgs/msg/Image")).toBe("sensor_msgs/Image");
    expect(normalizeSchemaName("sensor_msgs/Image")).toBe("sensor_msgs/Image");
    expect(normalizeSchemaName("foxglove.RawImage")).toBe("foxglove.RawImage");
  });

  it("knows the camera schemas and JointState by name, in ROS 1 and ROS 2 spelling", () => {
    expect(classifyBySchema("foxglove.CompressedVideo")).toEqual({ kind: "camera", cameraPayload: "video" });
    expect(classifyBySchema("foxglove.CompressedImage")).toEqual({ kind: "camera", cameraPayload: "image" });
    expect(classifyBySchema("sensor_msgs/CompressedImage")).toEqual({ kind: "camera", cameraPayload: "image" });
    expect(classifyBySchema("foxglove.RawImage")).toEqual({ kind: "camera", cameraPayload: "raw" });
    expect(classifyBySchema("sensor_msgs/Image")).toEqual({ kind: "camera", cameraPayload: "raw" });
    expect(classifyBySchema("sensor_msgs/JointState")).toEqual({ kind: "joints" });
    expect(classifyBySchema("rosgraph_msgs/Log")).toEqual({ kind: "other" });
    expect(classifyBySchema("tf2_msgs/msg/TFMessage")).toEqual({ kind: "other" });
    expect(classifyBySchema("my_msgs/msg/Gripper")).toBeNull();
  });

  it("looks at the first message otherwise", () => {
    expect(classifyChannel("", { a: { b: [1, 2] } })).toEqual({ kind: "signal" });
    expect(classifyChannel("", { position: [0.1, 0.2] })).toEqual({ kind: "joints" });
    expect(classifyChannel("aloha.JointCommand", { positions: [0.1] })).toEqual({ kind: "joints" });
    expect(classifyChannel("sensor_msgs/msg/BatteryState", { voltage: 12.1, percentage: 0.8 })).toEqual({ kind: "signal" });
    expect(classifyChannel("", { header: { stamp: { sec: 1, nanosec: 2 } }, text: "hi" })).toEqual({ kind: "other" }); // header is time, not signal
    expect(classifyChannel("", { blob: new Uint8Array([1, 2]) })).toEqual({ kind: "other" }); // bytes are not numbers
    expect(classifyChannel("", new Float32Array([1]))).toEqual({ kind: "joints" });
    expect(classifyChannel("", undefined)).toEqual({ kind: "other" });
  });
});
