import { McapIndexedReader } from "@mcap/core";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { runCat, toJsonValue } from "./cat.ts";

const ZOO = `${process.env.EPISCOPE_SHARED_DATA}/mcap/ros2_message_zoo.mcap`;

async function run(...args: string[]): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCat(args, (line) => void stdout.push(line), (line) => stderr.push(line));
  return { code, stdout, stderr };
}

/** Log and publish times of `topic`'s messages, read by @mcap/core independently of the engine, in log-time order. */
async function reference(topic: string): Promise<{ logTime: string; publishTime: string; sequence: number }[]> {
  const bytes = fs.readFileSync(ZOO);
  const reader = await McapIndexedReader.Initialize({
    readable: { size: async () => BigInt(bytes.length), read: async (o, s) => bytes.subarray(Number(o), Number(o + s)) },
  });
  const out = [];
  for await (const m of reader.readMessages({ topics: [topic] })) {
    out.push({ logTime: m.logTime.toString(), publishTime: m.publishTime.toString(), sequence: m.sequence });
  }
  return out;
}

interface Line {
  logTime: string;
  publishTime: string;
  topic: string;
  sequence: number;
  message: Record<string, unknown>;
}

describe("episcope cat --json", () => {
  it("prints every /joint_state message as a JSON line with log time, publish time and the decoded message", async () => {
    const { code, stdout, stderr } = await run(ZOO, "--topic", "/joint_state", "--json");
    expect(code).toBe(0);
    expect(stderr).toEqual([]);
    const lines = stdout.map((l) => JSON.parse(l) as Line);
    expect(lines.map(({ logTime, publishTime, sequence }) => ({ logTime, publishTime, sequence }))).toEqual(await reference("/joint_state"));
    for (const line of lines) {
      expect(line.topic).toBe("/joint_state");
      expect(Object.keys(line)).toEqual(["logTime", "publishTime", "topic", "sequence", "message"]);
      const message = line.message as { name: string[]; position: number[]; header: { stamp: { sec: number } } };
      expect(message.name.length).toBeGreaterThan(0);
      expect(message.position).toHaveLength(message.name.length);
      expect(typeof message.header.stamp.sec).toBe("number");
    }
  });

  it("--start/--end select an inclusive log-time window", async () => {
    const all = await reference("/joint_state");
    const [from, to] = [all[3]!.logTime, all[9]!.logTime];
    const { code, stdout } = await run(ZOO, "--topic", "/joint_state", "--start", from, "--end", to, "--json");
    expect(code).toBe(0);
    expect(stdout.map((l) => (JSON.parse(l) as Line).logTime)).toEqual(all.slice(3, 10).map((m) => m.logTime));
  });

  it("image bytes are summarized by length, or base64 on request", async () => {
    const summary = JSON.parse((await run(ZOO, "--topic", "/image", "--json")).stdout[0]!) as Line;
    expect(summary.message).toMatchObject({ encoding: "rgb8", width: 640, height: 480, data: { bytes: 640 * 480 * 3 } });
    const full = JSON.parse((await run(ZOO, "--topic", "/image", "--json", "--bytes", "base64")).stdout[0]!) as Line;
    expect(Buffer.from(full.message.data as string, "base64").length).toBe(640 * 480 * 3);
  });

  it("several topics are merged in log-time order", async () => {
    const { stdout } = await run(ZOO, "--topic", "/joint_state", "--topic", "/imu", "--json");
    const lines = stdout.map((l) => JSON.parse(l) as Line);
    const expected = [...(await reference("/joint_state")), ...(await reference("/imu"))].map((m) => m.logTime).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    expect(lines.map((l) => l.logTime)).toEqual(expected);
    expect(new Set(lines.map((l) => l.topic))).toEqual(new Set(["/joint_state", "/imu"]));
  });

  it("without --json: log time, topic, compact message", async () => {
    const { stdout } = await run(ZOO, "--topic", "/joint_state");
    expect(stdout[0]).toMatch(/^\d{19} \/joint_state \{"header":/);
  });
});

describe("episcope cat errors", () => {
  it("unknown topic: exit 1 naming file and topic", async () => {
    const { code, stderr } = await run(ZOO, "--topic", "/nope", "--json");
    expect(code).toBe(1);
    expect(stderr).toEqual([expect.stringMatching(/^episcope cat: .*ros2_message_zoo\.mcap: no channel with topic "\/nope"/)]);
  });

  it("usage errors: exit 2", async () => {
    expect((await run(ZOO)).code).toBe(2);
    expect((await run(ZOO, "--topic", "/imu", "--start", "-5")).code).toBe(2);
    expect((await run(ZOO, "--topic", "/imu", "--bytes", "hex")).code).toBe(2);
    expect((await run("--help")).code).toBe(0);
  });
});

describe("toJsonValue", () => {
  it("writes bigints as decimal strings, typed arrays as arrays, non-finite numbers as strings, bytes by length", () => {
    expect(
      toJsonValue({ a: 2n ** 63n + 5n, f: new Float32Array([1.5, NaN]), i: new BigInt64Array([-3n]), m: new Map([["k", 1]]), b: new Uint8Array(7), s: "x", n: null }),
    ).toEqual({ a: "9223372036854775813", f: [1.5, "NaN"], i: ["-3"], m: { k: 1 }, b: { bytes: 7 }, s: "x", n: null });
    expect(toJsonValue(new Uint8Array([1, 2, 3]), "base64")).toBe("AQID");
  });
});
