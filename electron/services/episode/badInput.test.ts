import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openEpisodeFile } from "./episodeFile.ts";
import type { McapSource } from "./mcapSource.ts";
import { decompressHandlers, openMcap } from "./openMcap.ts";
import { verifyCrcs } from "./verifyCrcs.ts";

const DATA = process.env.EPISCOPE_SHARED_DATA!;
const ZOO = `${DATA}/mcap/ros2_message_zoo.mcap`;
const TEN = `${DATA}/mcap-conformance/data/TenMessages`;
/** TenMessages.mcap: unchunked, no summary. Records: header @8, schema @25, channel @59, messages @106 + 34 k, data end @446. */
const TEN_PLAIN = `${TEN}/TenMessages.mcap`;
/** One uncompressed chunk with a CRC, a data section CRC, a summary (read indexed). */
const TEN_CHUNKED = `${TEN}/TenMessages-ch-chx-mx-rch-rsh-st-sum.mcap`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-bad-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function writeTmp(name: string, bytes: Uint8Array): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** Every message in file order as "topic logTime hex". */
function dump(source: McapSource): string[] {
  return source.fileOrder().map(({ channelId, index }) => {
    const r = source.messageRecord(channelId, index);
    return `${source.channels.get(channelId)!.channel.topic} ${r.logTime} ${Buffer.from(r.data).toString("hex")}`;
  });
}

/** `bytes` with the u64 length field of the record at `offset` set to `length`. */
function withRecordLength(bytes: Uint8Array, offset: number, length: bigint): Buffer {
  const copy = Buffer.from(bytes);
  copy.writeBigUInt64LE(length, offset + 1);
  return copy;
}

describe("truncated files keep what comes before the cut (salvage)", () => {
  const zoo = fs.readFileSync(ZOO);

  for (const fraction of [0.3, 0.6, 0.95]) {
    it(`zoo cut at ${fraction * 100}%: the messages before the cut, in order, and an error naming file and offset`, async () => {
      const cut = Math.floor(zoo.length * fraction);
      const file = writeTmp(`zoo-cut-${fraction}.mcap`, zoo.subarray(0, cut));
      await expect(openMcap(file)).rejects.toMatchObject({ code: "truncated" });

      const partial = await openMcap(file, { salvage: true });
      const whole = await openMcap(ZOO, { access: "pread" });
      try {
        expect(partial.readMode).toBe("streamed");
        const errors = partial.problems.filter((p) => p.severity === "error");
        expect(errors).toEqual([
          expect.objectContaining({ code: "truncated", message: expect.stringMatching(new RegExp(`^${file}: truncated MCAP: .*offset \\d+.*past the end of the file at offset ${cut}`)) }),
        ]);
        const got = dump(partial);
        expect(got.length).toBeGreaterThan(0);
        expect(got.length).toBeLessThanOrEqual(194);
        expect(got).toEqual(dump(whole).slice(0, got.length));
      } finally {
        partial.close();
        whole.close();
      }
    });
  }
});

describe("record lengths that lie", () => {
  const ten = fs.readFileSync(TEN_PLAIN);

  it("a message length pointing past the end: names the record's offset, opcode and declared length", async () => {
    const file = writeTmp("past-end.mcap", withRecordLength(ten, 208, 1000n));
    const error = await openMcap(file).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "truncated",
      message: `${file}: truncated MCAP: the record at offset 208 (opcode 0x05) declares a length of 1000 bytes, which runs past the end of the file at offset ${ten.length} (no footer and closing magic; the recording was probably cut short or the length is damaged)`,
    });
    const partial = await openMcap(file, { salvage: true });
    try {
      expect(dump(partial)).toHaveLength(3); // messages @106, @140, @174
      expect(partial.problems[0]!.message).toMatch(/showing the 3 messages read before it$/);
    } finally {
      partial.close();
    }
  });

  it("a 4 GB declared record is refused without allocating it", async () => {
    const file = writeTmp("four-gb.mcap", withRecordLength(ten, 140, 4n * 1024n ** 3n));
    const before = process.memoryUsage().arrayBuffers;
    const error = await openMcap(file).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "truncated", message: expect.stringContaining(`${file}: truncated MCAP: the record at offset 140 (opcode 0x05) declares a length of 4294967296 bytes`) });
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(256 * 1024 * 1024);
  });

  it("a chunk declaring 4 GB uncompressed is refused when read, naming the chunk's offset", async () => {
    // foxglove_log.mcap: one zstd chunk at offset 71; its uncompressed_size field is at 71 + 9 + 16.
    const bytes = Buffer.from(fs.readFileSync(`${DATA}/mcap/foxglove_log.mcap`));
    bytes.writeBigUInt64LE(4n * 1024n ** 3n, 71 + 9 + 16);
    const file = writeTmp("chunk-4gb.mcap", bytes);
    const source = await openMcap(file);
    try {
      expect(source.readMode).toBe("indexed");
      const [channel] = source.channels.values();
      expect(() => source.messageData(channel!.channel.id, 0)).toThrow(
        expect.objectContaining({
          code: "corrupt-mcap",
          message: expect.stringMatching(/chunk-4gb\.mcap: cannot read message 0 of \/text_log .*chunk at offset 71.*declares an uncompressed size of 4294967296 bytes/),
        }),
      );
    } finally {
      source.close();
    }
  });
});

describe("garbage bytes", () => {
  it("garbage between the magics: not read as an index, the stream names the offset", async () => {
    const magic = fs.readFileSync(TEN_PLAIN).subarray(0, 8);
    let seed = 7;
    const noise = Buffer.from(Array.from({ length: 4000 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff));
    const file = writeTmp("noise.mcap", Buffer.concat([magic, noise, magic]));
    const error = await openMcap(file).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: expect.stringMatching(/^.*noise\.mcap: (truncated MCAP|invalid MCAP data at offset \d+)/) });
    expect(["truncated", "corrupt-mcap"]).toContain((error as { code: string }).code);
    const partial = await openMcap(file, { salvage: true });
    try {
      expect(partial.problems.some((p) => p.severity === "error" && /offset \d+/.test(p.message))).toBe(true);
    } finally {
      partial.close();
    }
  });

  it("garbage over one chunk of an indexed file: that chunk's messages fail with the chunk's offset, the others read", async () => {
    const zoo = Buffer.from(fs.readFileSync(ZOO));
    const intact = await openMcap(ZOO);
    // The zoo's first chunk (uncompressed, no CRC) is at offset 90; its records start at 139, its first messages at
    // record offsets 2553, 2848, 3159… Overwrite 2500..3000 (the first two message records) with 0xee.
    zoo.fill(0xee, 139 + 2500, 139 + 3000);
    const file = writeTmp("zoo-garbage.mcap", zoo);
    const damaged = await openMcap(file);
    try {
      expect(damaged.readMode).toBe("indexed");
      let ok = 0;
      const failures: string[] = [];
      for (const { channelId, index } of damaged.fileOrder()) {
        try {
          const data = damaged.messageData(channelId, index);
          if (Buffer.from(data).equals(Buffer.from(intact.messageData(channelId, index)))) ok++;
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
      expect(ok).toBeGreaterThan(150);
      expect(failures.length).toBeGreaterThan(0);
      for (const f of failures) expect(f).toMatch(/^.*zoo-garbage\.mcap: cannot read message \d+ of \S+ .*chunk at offset 90, record offset \d+\): (message record at chunk offset \d+ declares \d+ bytes, past the end of its chunk|expected a message record)/);
    } finally {
      damaged.close();
      intact.close();
    }
  });
});

describe("CRC checks on request", () => {
  it("an intact file passes, counting the chunk and data-section CRCs", async () => {
    const file = openEpisodeFile(TEN_CHUNKED);
    try {
      expect(verifyCrcs(file, "ten", await decompressHandlers())).toEqual({ checked: 2, problems: [] });
    } finally {
      file.close();
    }
  });

  it("one flipped payload byte: opening still works, the check names the chunk", async () => {
    const bytes = Buffer.from(fs.readFileSync(TEN_CHUNKED));
    const at = bytes.indexOf(Buffer.from([1, 2, 3]), 25 + 9 + 40);
    bytes[at] = 9;
    const path_ = writeTmp("bad-crc.mcap", bytes);
    const source = await openMcap(path_);
    const file = openEpisodeFile(path_);
    try {
      expect(source.readMode).toBe("indexed");
      const report = verifyCrcs(file, path_, await decompressHandlers());
      expect(report.problems).toEqual([
        expect.objectContaining({ severity: "error", code: "crc-mismatch", message: expect.stringMatching(/bad-crc\.mcap: a record ending near offset \d+ fails its check: .*CRC/) }),
      ]);
    } finally {
      source.close();
      file.close();
    }
  });

  it("a damaged byte outside chunks fails the data-section CRC", async () => {
    const bytes = Buffer.from(fs.readFileSync(TEN_PLAIN));
    bytes[137] = 0x7f; // first message's data
    const name = writeTmp("bad-data-crc.mcap", bytes);
    const file = openEpisodeFile(name);
    try {
      const report = verifyCrcs(file, name, await decompressHandlers());
      expect(report.checked).toBe(1);
      expect(report.problems).toEqual([
        expect.objectContaining({ code: "crc-mismatch", message: expect.stringMatching(/bad-data-crc\.mcap: the data section \(offsets 0\.\.446\) fails its CRC check/) }),
      ]);
    } finally {
      file.close();
    }
  });
});
