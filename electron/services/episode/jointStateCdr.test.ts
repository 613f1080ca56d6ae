import { MessageWriter } from "@foxglove/rosmsg2-serialization";
import { parse as parseRosMsg } from "@foxglove/rosmsg";
import { describe, expect, it } from "vitest";
import { jointStateSeriesFromCdr } from "./jointStateCdr.ts";
import { JOINT_STATE_DEFINITION } from "../../../shared/mcap/ros2Definitions.ts";
import { createMessageDecoder, decodeMessage } from "./messageDecoder.ts";
import type { McapSource } from "./mcapSource.ts";
import { SeriesBuilder } from "./numericSeries.ts";
import { openMcap } from "./openMcap.ts";

const ZOO = `${process.env.EPISCOPE_SHARED_DATA}/mcap/ros2_message_zoo.mcap`;
const DEF = JOINT_STATE_DEFINITION;

/** The series the general path builds: every message decoded by @foxglove/rosmsg2-serialization. */
function generalSeries(source: McapSource, channelId: number) {
  const { channel, logTimesNs } = source.channels.get(channelId)!;
  const decoder = createMessageDecoder(channel);
  const builder = new SeriesBuilder(channel.topic, channel.schema!.name);
  for (let i = 0; i < logTimesNs.length; i++) builder.add(logTimesNs[i]!, decodeMessage(decoder, channel, logTimesNs[i]!, source.messageData(channelId, i)));
  return builder.finish();
}

describe("jointStateSeriesFromCdr", () => {
  it("equals the general decoder's series on the real zoo /joint_state", async () => {
    const source = await openMcap(ZOO);
    try {
      const { channel, logTimesNs } = [...source.channels.values()].find((c) => c.channel.topic === "/joint_state")!;
      const fast = jointStateSeriesFromCdr("/joint_state", logTimesNs, (i) => source.messageData(channel.id, i));
      expect(fast).not.toBeNull();
      expect(fast!.fields.length).toBeGreaterThan(0);
      expect(fast).toEqual(generalSeries(source, channel.id));
    } finally {
      source.close();
    }
  });

  it("follows joints by name when name[] changes order or size", () => {
    const writer = new MessageWriter(parseRosMsg(DEF, { ros2: true }));
    const header = { stamp: { sec: 1, nanosec: 2 }, frame_id: "base" };
    const messages = [
      { header, name: ["a", "b"], position: [1, 2], velocity: [], effort: [] },
      { header, name: ["a", "b"], position: [3, 4], velocity: [0, 0], effort: [] },
      { header, name: ["b", "a", "c"], position: [6, 5, 7], velocity: [], effort: [] },
      { header, name: [], position: [8], velocity: [], effort: [] },
    ];
    const payloads = messages.map((m) => writer.writeMessage(m));
    const times = BigInt64Array.from([10n, 20n, 30n, 40n]);
    const series = jointStateSeriesFromCdr("/j", times, (i) => payloads[i]!)!;
    expect(series.fields).toEqual([
      { path: "position[0]", label: "a" },
      { path: "position[1]", label: "b" },
      { path: "position[2]", label: "c" },
      { path: "position[0]", label: "position[0]" },
    ]);
    expect(series.values.map((c) => Array.from(c))).toEqual([
      [1, 3, 5, NaN],
      [2, 4, 6, NaN],
      [NaN, NaN, 7, NaN],
      [NaN, NaN, NaN, 8],
    ]);
  });

  it("gives up (null) on a payload it does not expect, so the caller falls back", () => {
    const times = BigInt64Array.from([1n]);
    expect(jointStateSeriesFromCdr("/j", times, () => new Uint8Array([0, 3, 0, 0, 1, 2]))).toBeNull(); // PL_CDR
    expect(jointStateSeriesFromCdr("/j", times, () => new Uint8Array([0, 1, 0, 0, 1]))).toBeNull(); // cut short
  });
});
