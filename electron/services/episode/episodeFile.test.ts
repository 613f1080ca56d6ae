import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { openEpisodeFile } from "./episodeFile.ts";
import { findRepoRoot, loadMmapAddon, mmapAddonStatus } from "./mmapAddon.ts";

const ZOO = `${process.env.EPISCOPE_SHARED_DATA}/mcap/ros2_message_zoo.mcap`;
const zooBytes = fs.readFileSync(ZOO);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-file-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const addonBuilt = loadMmapAddon() !== null;

describe("mmap addon loader", () => {
  it("finds the repository root from the module's folder", () => {
    const root = findRepoRoot();
    expect(root).not.toBeNull();
    expect(JSON.parse(fs.readFileSync(path.join(root!, "package.json"), "utf8")).name).toBe("episcope");
  });

  it.skipIf(!addonBuilt)("loads the built addon", () => {
    expect(mmapAddonStatus()).toBeNull();
  });
});

for (const access of ["mmap", "pread"] as const) {
  describe.skipIf(access === "mmap" && !addonBuilt)(`${access} access`, () => {
    it("reads the same bytes as fs.readFileSync at any offset", () => {
      const file = openEpisodeFile(ZOO, { access });
      try {
        expect(file.access).toBe(access);
        expect(file.size).toBe(zooBytes.length);
        for (const [offset, length] of [
          [0, 8],
          [zooBytes.length - 8, 8],
          [12345, 100_000],
          [0, zooBytes.length],
          [500, 0],
        ] as const) {
          expect(Buffer.from(file.read(offset, length)).equals(zooBytes.subarray(offset, offset + length))).toBe(true);
          expect(Buffer.from(file.read(BigInt(offset), length)).equals(zooBytes.subarray(offset, offset + length))).toBe(true);
        }
      } finally {
        file.close();
      }
    });

    it("reads scattered ranges packed in order, as read() does, and refuses bad ones", () => {
      const file = openEpisodeFile(ZOO, { access });
      const ranges: [number, number][] = [[zooBytes.length - 8, 8], [0, 8], [12345, 3000], [500, 0], [77, 1]];
      const out = new Uint8Array(ranges.reduce((sum, [, n]) => sum + n, 0));
      try {
        file.readScattered!(Float64Array.from(ranges, ([o]) => o), Uint32Array.from(ranges, ([, n]) => n), out);
        expect(Buffer.from(out).equals(Buffer.concat(ranges.map(([o, n]) => zooBytes.subarray(o, o + n))))).toBe(true);
        expect(() => file.readScattered!(Float64Array.of(zooBytes.length - 4), Uint32Array.of(8), new Uint8Array(8))).toThrow(expect.objectContaining({ code: "read-out-of-range" }));
      } finally {
        file.close();
      }
      expect(() => file.readScattered!(Float64Array.of(0), Uint32Array.of(8), new Uint8Array(8))).toThrow(expect.objectContaining({ code: "file-closed" }));
    });

    it("reads scattered ranges close together (read as one where the addon can) exactly as one by one", () => {
      const file = openEpisodeFile(ZOO, { access });
      // Ascending with small gaps, adjacent, overlapping, repeated, empty, going back, far apart, and a run longer than
      // one coalesced read (256 KiB) where the file is that long.
      const ranges: [number, number][] = [[100, 600], [900, 600], [1500, 10], [1505, 20], [1505, 20], [2000, 0], [1200, 50], [9000, 700], [40_000, 600]];
      for (let at = 41_000; at + 700 <= Math.min(zooBytes.length, 400_000); at += 5000) ranges.push([at, 700]);
      const out = new Uint8Array(ranges.reduce((sum, [, n]) => sum + n, 0));
      try {
        file.readScattered!(Float64Array.from(ranges, ([o]) => o), Uint32Array.from(ranges, ([, n]) => n), out);
        expect(Buffer.from(out).equals(Buffer.concat(ranges.map(([o, n]) => zooBytes.subarray(o, o + n))))).toBe(true);
      } finally {
        file.close();
      }
    });

    it("scattered reads of a file cut short while open fail with file-changed", () => {
      const cut = path.join(tmp, `scattered-cut-${access}.mcap`);
      fs.writeFileSync(cut, zooBytes);
      const file = openEpisodeFile(cut, { access });
      try {
        fs.truncateSync(cut, 1000);
        expect(() => file.readScattered!(Float64Array.of(0, 5000), Uint32Array.of(8, 8), new Uint8Array(16))).toThrow(expect.objectContaining({ code: "file-changed" }));
      } finally {
        file.close();
      }
    });

    it("rejects reads outside the file and after close", () => {
      const file = openEpisodeFile(ZOO, { access });
      expect(() => file.read(zooBytes.length - 4, 8)).toThrow(expect.objectContaining({ code: "read-out-of-range" }));
      expect(() => file.read(-1, 1)).toThrow(expect.objectContaining({ code: "read-out-of-range" }));
      file.close();
      file.close(); // idempotent
      expect(() => file.read(0, 8)).toThrow(expect.objectContaining({ code: "file-closed" }));
    });

    it("opens a 0-byte file", () => {
      const empty = path.join(tmp, `empty-${access}.bin`);
      fs.writeFileSync(empty, "");
      const file = openEpisodeFile(empty, { access });
      expect(file.size).toBe(0);
      expect(file.read(0, 0).length).toBe(0);
      file.close();
    });
  });
}

describe.skipIf(!addonBuilt)("mmap specifics", () => {
  it("copies out of the map: no external ArrayBuffer (works in Electron's V8 sandbox), no view survives close()", () => {
    const file = openEpisodeFile(ZOO, { access: "mmap" });
    const a = file.read(0, 16);
    const b = file.read(8, 8);
    expect(a.buffer).not.toBe(b.buffer);
    expect(a.buffer.byteLength).toBe(16); // a buffer of the requested size, never the whole mapping
    file.close();
    expect(Array.from(a.subarray(0, 8))).toEqual([0x89, 0x4d, 0x43, 0x41, 0x50, 0x30, 0x0d, 0x0a]);
  });

  it("is the default access", () => {
    const file = openEpisodeFile(ZOO);
    expect(file.access).toBe("mmap");
    file.close();
  });

  it("scattered reads are the addon's preads, not one fs.readSync per range", () => {
    const file = openEpisodeFile(ZOO, { access: "mmap" });
    const readSync = vi.spyOn(fs, "readSync");
    try {
      const out = new Uint8Array(24);
      file.readScattered!(Float64Array.of(0, 100, 7), Uint32Array.of(8, 8, 8), out);
      expect(Array.from(out)).toEqual([...zooBytes.subarray(0, 8), ...zooBytes.subarray(100, 108), ...zooBytes.subarray(7, 15)]);
      expect(readSync).not.toHaveBeenCalled();
    } finally {
      readSync.mockRestore();
      file.close();
    }
  });

  it("prefetch reads the given ranges of a file not in the page cache into it, without waiting, and not the rest", async () => {
    const big = path.join(tmp, "prefetch.bin");
    const size = 32 * 1024 * 1024;
    const fd = fs.openSync(big, "w");
    fs.writeSync(fd, Buffer.alloc(size, 7));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    // Its pages dropped from the page cache (dd calls posix_fadvise POSIX_FADV_DONTNEED), counted by fincore.
    execFileSync("dd", [`if=${big}`, "iflag=nocache", "count=0"], { stdio: "ignore" });
    const resident = () => Number(execFileSync("fincore", ["--bytes", "--noheadings", "--output", "RES", big], { encoding: "utf8" }).trim());
    // Never skipped: a file system that keeps files in memory (tmpfs) would make this fail here, not pass unseen.
    expect(resident(), `${big} is still in the page cache after dd iflag=nocache`).toBe(0);
    const file = openEpisodeFile(big, { access: "mmap" });
    const starts = Float64Array.from({ length: 16 }, (_, k) => k * 2 * 1024 * 1024 + 100);
    const lengths = new Uint32Array(16).fill(700);
    file.prefetch!(starts, lengths);
    for (let k = 0; k < 100 && resident() < 16 * 4096; k++) await new Promise((r) => setTimeout(r, 20));
    expect(resident()).toBeGreaterThanOrEqual(16 * 4096);
    // Each range with at most the kernel's read-ahead window around it, not the file.
    expect(resident()).toBeLessThan(size / 4);
    // Ranges past the end are skipped; after close it throws like every read.
    file.prefetch!(new Float64Array([size + 10]), new Uint32Array([10]));
    file.close();
    expect(() => file.prefetch!(starts, lengths)).toThrow(/read after close/);
  });
});

describe("EPISCOPE_NO_MMAP=1", () => {
  const saved = process.env.EPISCOPE_NO_MMAP;
  afterEach(() => {
    if (saved === undefined) delete process.env.EPISCOPE_NO_MMAP;
    else process.env.EPISCOPE_NO_MMAP = saved;
  });

  it("forces positional reads", () => {
    process.env.EPISCOPE_NO_MMAP = "1";
    const file = openEpisodeFile(ZOO);
    expect(file.access).toBe("pread");
    const a = file.read(0, 8);
    const b = file.read(0, 8);
    expect(a.buffer).not.toBe(b.buffer);
    file.close();
  });
});

describe("errors", () => {
  it("names a missing file", () => {
    expect(() => openEpisodeFile(path.join(tmp, "missing.mcap"))).toThrow(
      expect.objectContaining({ code: "not-found", message: expect.stringContaining("missing.mcap") }),
    );
  });

  it("rejects a folder", () => {
    expect(() => openEpisodeFile(tmp)).toThrow(expect.objectContaining({ code: "not-a-file" }));
  });
});
