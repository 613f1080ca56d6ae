import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { McapSource } from "./mcapSource.ts";
import { decompressHandlers, openMcap } from "./openMcap.ts";
import { openEpisodeFile } from "./episodeFile.ts";
import { openIndexed } from "./indexedSource.ts";
import { openStreamed } from "./streamedSource.ts";

const DATA = process.env.EPISCOPE_SHARED_DATA!;
const ZOO = `${DATA}/mcap/ros2_message_zoo.mcap`;
const CONFORMANCE = `${DATA}/mcap-conformance/data`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-mcap-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function writeTmp(name: string, bytes: Uint8Array | string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** Per channel: sorted "logTime:hexData" strings. */
function contents(source: McapSource): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const [id, { logTimesNs }] of source.channels) {
    if (logTimesNs.length === 0) continue;
    const list: string[] = [];
    for (let i = 0; i < logTimesNs.length; i++) {
      list.push(`${logTimesNs[i]}:${Buffer.from(source.messageData(id, i)).toString("hex")}`);
    }
    out.set(id, list.sort());
  }
  return out;
}

interface ExpectedRecord {
  type: string;
  fields: [string, unknown][];
}

describe("conformance suite (foxglove/mcap tests/conformance)", () => {
  const files = fs
    .readdirSync(CONFORMANCE)
    .flatMap((dir) => fs.readdirSync(path.join(CONFORMANCE, dir)).filter((f) => f.endsWith(".mcap")).map((f) => path.join(CONFORMANCE, dir, f)));

  it("has the 416 files", () => expect(files.length).toBe(416));

  it("opens every file and reads exactly the Message records of its .json, in order, every field", async () => {
    const modes = { indexed: 0, streamed: 0 };
    for (const file of files) {
      const expected = (JSON.parse(fs.readFileSync(file.replace(/\.mcap$/, ".json"), "utf8")) as { records: ExpectedRecord[] }).records;
      const want = expected
        .filter((r) => r.type === "Message")
        .map((record) => {
          const f = Object.fromEntries(record.fields) as Record<string, string | string[]>;
          return {
            topic: topicOf(expected, Number(f.channel_id)),
            channelId: Number(f.channel_id),
            sequence: Number(f.sequence),
            logTime: String(f.log_time),
            publishTime: String(f.publish_time),
            data: Buffer.from((f.data as string[]).map(Number)).toString("hex"),
          };
        });
      const source = await openMcap(file);
      try {
        modes[source.readMode]++;
        const got = source.fileOrder().map(({ channelId, index }) => {
          const record = source.messageRecord(channelId, index);
          return {
            topic: source.channels.get(channelId)!.channel.topic,
            channelId: record.channelId,
            sequence: record.sequence,
            logTime: String(record.logTime),
            publishTime: String(record.publishTime),
            data: Buffer.from(record.data).toString("hex"),
          };
        });
        expect(got, path.basename(file)).toEqual(want);
        // The per-channel log-time index agrees with the records it points at.
        for (const [id, channel] of source.channels) {
          for (let i = 0; i < channel.logTimesNs.length; i++) {
            expect(BigInt.asUintN(64, channel.logTimesNs[i]!), path.basename(file)).toBe(source.messageRecord(id, i).logTime);
          }
        }
        const hasMetadata = expected.some((r) => r.type === "Metadata");
        expect(source.metadata.length > 0, `${path.basename(file)} metadata`).toBe(hasMetadata);
        const hasAttachment = expected.some((r) => r.type === "Attachment");
        expect(source.attachments.length > 0, `${path.basename(file)} attachments`).toBe(hasAttachment);
      } finally {
        source.close();
      }
    }
    // 104 files cannot be read through McapIndexedReader; some more have no chunk index or summary channels.
    expect(modes.streamed).toBeGreaterThanOrEqual(104);
    expect(modes.indexed).toBeGreaterThan(0);
  });
});

/** Topic of channel `id` per the expected records (the last Channel record with that id). */
function topicOf(records: ExpectedRecord[], id: number): string {
  const channel = records.filter((r) => r.type === "Channel" && Object.fromEntries(r.fields).id === String(id)).at(-1);
  return String(channel ? Object.fromEntries(channel.fields).topic : "?");
}

describe("zoo file", () => {
  it("is read indexed, and a streamed pass gives the same messages in the same order", async () => {
    const indexed = await openMcap(ZOO);
    const file = openEpisodeFile(ZOO);
    const streamed = openStreamed(file, "zoo", await decompressHandlers());
    try {
      expect(indexed.readMode).toBe("indexed");
      expect(indexed.problems).toEqual([]);
      expect(streamed.readMode).toBe("streamed");
      expect([...indexed.channels.keys()].sort()).toEqual([...streamed.channels.keys()].sort());
      for (const [id, channel] of indexed.channels) {
        const other = streamed.channels.get(id)!;
        expect(channel.channel.topic).toBe(other.channel.topic);
        expect(channel.channel.schema?.name).toBe(other.channel.schema?.name);
        expect(Array.from(channel.logTimesNs)).toEqual(Array.from(other.logTimesNs));
        for (let i = 0; i < channel.logTimesNs.length; i++) {
          expect(Buffer.from(indexed.messageData(id, i)).equals(Buffer.from(streamed.messageData(id, i)))).toBe(true);
        }
      }
      expect(indexed.statistics?.messageCount).toBe(194n);
    } finally {
      indexed.close();
      streamed.close();
    }
  });

  it("reads the same through pread", async () => {
    const viaPread = await openMcap(ZOO, { access: "pread" });
    const viaDefault = await openMcap(ZOO);
    try {
      expect(viaPread.file.access).toBe("pread");
      expect(contents(viaPread)).toEqual(contents(viaDefault));
    } finally {
      viaPread.close();
      viaDefault.close();
    }
  });

  it("compressed chunks (zstd) are read through the index", async () => {
    const source = await openMcap(`${DATA}/mcap/foxglove_log.mcap`);
    try {
      expect(source.readMode).toBe("indexed");
      const [channel] = source.channels.values();
      expect(channel!.logTimesNs.length).toBe(6);
      expect(source.messageData(channel!.channel.id, 5).length).toBeGreaterThan(0);
    } finally {
      source.close();
    }
  });

  it("openIndexed reports why a file has no usable index", async () => {
    const file = openEpisodeFile(`${CONFORMANCE}/OneMessage/OneMessage-ch-chx-st-sum.mcap`);
    try {
      const result = await openIndexed(file, "x", await decompressHandlers());
      expect(result).toEqual({ fallback: "its chunks have no message indexes", severity: "info" });
    } finally {
      file.close();
    }
  });

  it("streamed files say so in a no-index problem", async () => {
    const source = await openMcap(`${CONFORMANCE}/TenMessages/TenMessages.mcap`);
    try {
      expect(source.readMode).toBe("streamed");
      expect(source.problems).toEqual([
        expect.objectContaining({ severity: "info", code: "no-index", message: expect.stringContaining("no summary") }),
      ]);
    } finally {
      source.close();
    }
  });
});

describe("bad files", () => {
  const zoo = fs.readFileSync(ZOO);

  it("empty file", async () => {
    const file = writeTmp("empty.mcap", "");
    await expect(openMcap(file)).rejects.toMatchObject({ code: "empty-file", message: expect.stringContaining("empty.mcap") });
  });

  it("not an MCAP file (a zip) names the magic bytes found and expected", async () => {
    const file = writeTmp("archive.mcap", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]));
    await expect(openMcap(file)).rejects.toMatchObject({
      code: "not-mcap",
      message: `${file}: not an MCAP file (magic bytes at offset 0 are 50 4b 03 04 14 00 00 00, expected 89 4d 43 41 50 30 0d 0a)`,
    });
  });

  it("text file shorter than the magic", async () => {
    const file = writeTmp("short.mcap", "hi");
    await expect(openMcap(file)).rejects.toMatchObject({ code: "not-mcap", message: expect.stringContaining("68 69") });
  });

  it("only part of the magic", async () => {
    const file = writeTmp("magic-part.mcap", zoo.subarray(0, 5));
    await expect(openMcap(file)).rejects.toMatchObject({ code: "truncated", message: expect.stringContaining("magic-part.mcap") });
  });

  for (const cut of [8, 100, 1_000_000, zoo.length - 1]) {
    it(`zoo file truncated to ${cut} bytes`, async () => {
      const file = writeTmp(`zoo-${cut}.mcap`, zoo.subarray(0, cut));
      const error = await openMcap(file).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "truncated", message: expect.stringMatching(/zoo-\d+\.mcap: truncated MCAP: .*offset \d+/) });
    });
  }

  it("a corrupted chunk is reported, naming the file, when its messages are read", async () => {
    // foxglove_log.mcap: one zstd chunk at offset 71 (649 bytes) with a CRC; the summary and indexes stay intact.
    const bytes = Buffer.from(fs.readFileSync(`${DATA}/mcap/foxglove_log.mcap`));
    bytes.fill(0x00, 300, 340);
    const file = writeTmp("log-corrupt.mcap", bytes);
    const source = await openMcap(file);
    try {
      expect(source.readMode).toBe("indexed");
      expect(() => contents(source)).toThrow(
        expect.objectContaining({ code: "corrupt-mcap", message: expect.stringContaining("log-corrupt.mcap: cannot read message 0 of /text_log") }),
      );
    } finally {
      source.close();
    }
  });

  it("a corrupted file without an index fails the streaming pass with the file name", async () => {
    const bytes = Buffer.from(fs.readFileSync(`${CONFORMANCE}/TenMessages/TenMessages-ch.mcap`));
    bytes.fill(0xff, 60, 80);
    const file = writeTmp("ten-corrupt.mcap", bytes);
    await expect(openMcap(file)).rejects.toMatchObject({ code: "corrupt-mcap", message: expect.stringContaining("ten-corrupt.mcap") });
  });
});
