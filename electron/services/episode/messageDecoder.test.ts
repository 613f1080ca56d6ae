import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { McapChannelInfo, McapSource } from "./mcapSource.ts";
import { createMessageDecoder, decodeMessage } from "./messageDecoder.ts";
import { openMcap } from "./openMcap.ts";

const DATA = `${process.env.EPISCOPE_SHARED_DATA}/mcap`;

function channelByTopic(source: McapSource, topic: string) {
  const found = [...source.channels.values()].find((c) => c.channel.topic === topic);
  if (!found) throw new Error(`no ${topic}`);
  return found;
}

/** Decode every message of `topic`. */
function decodeAll(source: McapSource, topic: string): unknown[] {
  const { channel, logTimesNs } = channelByTopic(source, topic);
  const decoder = createMessageDecoder(channel);
  return Array.from(logTimesNs, (t, i) => decodeMessage(decoder, channel, t, source.messageData(channel.id, i)));
}

describe("ROS 2 CDR (ros2_message_zoo.mcap)", () => {
  let zoo: McapSource;
  beforeAll(async () => {
    zoo = await openMcap(`${DATA}/ros2_message_zoo.mcap`);
  });
  afterAll(() => zoo.close());

  it("decodes sensor_msgs/msg/JointState", () => {
    const messages = decodeAll(zoo, "/joint_state") as { name: string[]; position: ArrayLike<number>; header: { stamp: { sec: number } } }[];
    expect(messages).toHaveLength(15);
    expect(messages[0]!.name).toEqual(["shoulder_joint", "elbow_joint", "wrist_joint", "gripper_joint"]);
    expect(Array.from(messages[0]!.position)).toHaveLength(4);
    expect(messages[0]!.header.stamp.sec).toBeGreaterThan(1_700_000_000);
  });

  it("decodes every message of every channel", () => {
    for (const { channel } of zoo.channels.values()) {
      const decoder = createMessageDecoder(channel);
      expect(decoder.kind, channel.topic).toBe("cdr");
      expect(decodeAll(zoo, channel.topic).every((m) => m !== null && typeof m === "object"), channel.topic).toBe(true);
    }
  });

  it("decodes rcl_interfaces/msg/Log text", () => {
    const [first] = decodeAll(zoo, "/rosout") as { msg: string; level: number }[];
    expect(typeof first!.msg).toBe("string");
    expect(first!.level).toBeGreaterThan(0);
  });

  it("a cut-short payload is an error naming topic and log time", () => {
    const { channel, logTimesNs } = channelByTopic(zoo, "/joint_state");
    const decoder = createMessageDecoder(channel);
    const data = zoo.messageData(channel.id, 0);
    expect(() => decodeMessage(decoder, channel, logTimesNs[0]!, data.subarray(0, 12))).toThrow(
      expect.objectContaining({
        code: "decode-failed",
        message: expect.stringContaining(`/joint_state: cannot decode the cdr message at log time ${logTimesNs[0]} ns`),
      }),
    );
  });
});

describe("protobuf", () => {
  it("decodes foxglove.Log (foxglove_log.mcap) to plain objects", async () => {
    const source = await openMcap(`${DATA}/foxglove_log.mcap`);
    try {
      const messages = decodeAll(source, "/text_log") as Record<string, unknown>[];
      expect(messages).toHaveLength(6);
      for (const m of messages) {
        expect(typeof m.message).toBe("string");
        expect(typeof m.level).toBe("number"); // enum as number
        expect(m.timestamp).toEqual({ seconds: expect.any(Number), nanos: expect.any(Number) });
      }
      expect((messages[0]!.message as string).length).toBeGreaterThan(0);
    } finally {
      source.close();
    }
  });

  it("decodes a custom FileDescriptorSet schema (simple_protobuf_vec3.mcap)", async () => {
    const source = await openMcap(`${DATA}/simple_protobuf_vec3.mcap`);
    try {
      expect(decodeAll(source, "/test/points")).toEqual([
        { x: 1, y: 2, z: 3 },
        { x: 4, y: 5, z: 6 },
        { x: 7, y: 8, z: 9 },
        { x: 10, y: 11, z: 12 },
        { x: 13, y: 14, z: 15 },
      ]);
    } finally {
      source.close();
    }
  });
});

describe("other encodings", () => {
  const channel = (messageEncoding: string, schema: McapChannelInfo["schema"]): McapChannelInfo => ({
    id: 1,
    topic: "/t",
    messageEncoding,
    metadata: new Map(),
    schema,
  });
  const text = (s: string) => new TextEncoder().encode(s);

  it("json", () => {
    const decoder = createMessageDecoder(channel("json", null));
    expect(decoder.kind).toBe("json");
    expect(decoder.decode(text('{"a":[1,2],"b":"x"}'))).toEqual({ a: [1, 2], b: "x" });
    expect(() => decodeMessage(decoder, channel("json", null), 5n, text("{nope"))).toThrow(/\/t: cannot decode the json message at log time 5 ns/);
  });

  it("ros1 with a ros1msg schema", () => {
    const decoder = createMessageDecoder(channel("ros1", { id: 1, name: "pkg/Pair", encoding: "ros1msg", data: text("float64 x\nint32 n\n") }));
    expect(decoder.kind).toBe("ros1");
    const payload = new Uint8Array(12);
    new DataView(payload.buffer).setFloat64(0, 1.5, true);
    new DataView(payload.buffer).setInt32(8, -7, true);
    expect(decoder.decode(payload)).toEqual({ x: 1.5, n: -7 });
  });

  it("schemaless and unknown encodings give raw bytes with a reason", () => {
    const schemaless = createMessageDecoder(channel("", null));
    expect(schemaless).toMatchObject({ kind: "raw", rawReason: null });
    const bytes = new Uint8Array([1, 2, 3]);
    expect(schemaless.decode(bytes)).toBe(bytes);
    expect(createMessageDecoder(channel("flatbuffer", { id: 1, name: "X", encoding: "flatbuffer", data: new Uint8Array() }))).toMatchObject({
      kind: "raw",
      rawReason: '/t: message encoding "flatbuffer" is not supported',
    });
  });

  it("ros2idl schemas are raw (not parsable by @foxglove/rosmsg), with a reason", () => {
    const idl = "================================================================================\nIDL: my_msgs/msg/Point\nmodule my_msgs { module msg { struct Point { double x; }; }; };\n";
    const decoder = createMessageDecoder(channel("cdr", { id: 1, name: "my_msgs/msg/Point", encoding: "ros2idl", data: text(idl) }));
    expect(decoder.kind).toBe("raw");
    expect(decoder.rawReason).toMatch(/ros2idl schema my_msgs\/msg\/Point is not supported/);
  });

  it("an unparsable schema gives raw bytes with a reason naming the topic", () => {
    const decoder = createMessageDecoder(channel("protobuf", { id: 1, name: "Missing", encoding: "protobuf", data: new Uint8Array([0xff, 0xff]) }));
    expect(decoder.kind).toBe("raw");
    expect(decoder.rawReason).toMatch(/^\/t: cannot parse schema Missing \(protobuf\)/);
  });
});

describe("the real files decode fully", () => {
  const files = fs.readdirSync(DATA).filter((f) => f.endsWith(".mcap")).sort();

  it("finds the three real files", () => expect(files).toEqual(["foxglove_log.mcap", "ros2_message_zoo.mcap", "simple_protobuf_vec3.mcap"]));

  for (const name of files) {
    it(`${name}: every message of every channel decodes, none as raw bytes`, async () => {
      const source = await openMcap(`${DATA}/${name}`);
      try {
        let decoded = 0;
        for (const { channel, logTimesNs } of source.channels.values()) {
          const decoder = createMessageDecoder(channel);
          if (logTimesNs.length > 0) expect(decoder.rawReason, `${name} ${channel.topic}`).toBeNull();
          for (let i = 0; i < logTimesNs.length; i++) {
            const message = decodeMessage(decoder, channel, logTimesNs[i]!, source.messageData(channel.id, i));
            expect(message, `${name} ${channel.topic} #${i}`).toBeTypeOf("object");
            expect(message instanceof Uint8Array, `${name} ${channel.topic} #${i}`).toBe(false);
            decoded++;
          }
        }
        const total = [...source.channels.values()].reduce((n, c) => n + c.logTimesNs.length, 0);
        expect(decoded).toBe(total);
        expect(Number(source.statistics?.messageCount ?? BigInt(total))).toBe(total);
      } finally {
        source.close();
      }
    });
  }
});
