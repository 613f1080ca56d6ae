/**
 * Bounded, seeded fuzzing of `episcope info` and `episcope cat` (issue 20): 400 mutants of the MCAP conformance files
 * (`/work/shared/data/mcap-conformance`: bit flips, overwritten bytes and lengths, cuts, zeroed and inserted runs)
 * through both commands in-process. Zero crashes (an exception out of the command, or an exit code other than 0 or
 * 1), and every error line names the file it is about. The same seed gives the same mutants: a failure names the
 * mutant's source file, mutation and seed so it can be replayed (EPISCOPE_FUZZ_SEED=n runs another seed).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mulberry32 } from "../../shared/random.ts";
import { runCat } from "./cat.ts";
import { runInfo } from "./info.ts";

const DATA = `${process.env.EPISCOPE_SHARED_DATA}/mcap-conformance/data`;
const SEED = Number(process.env.EPISCOPE_FUZZ_SEED ?? 20);
const MUTANTS = 400;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-fuzz-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** One mutation of `bytes` and its description. */
function mutate(bytes: Uint8Array, random: () => number): { bytes: Uint8Array; what: string } {
  const at = Math.floor(random() * bytes.length);
  const out = bytes.slice();
  switch (Math.floor(random() * 6)) {
    case 0: {
      const bit = Math.floor(random() * 8);
      out[at] = out[at]! ^ (1 << bit);
      return { bytes: out, what: `bit ${bit} flipped at ${at}` };
    }
    case 1: {
      const n = 1 + Math.floor(random() * 8);
      for (let i = 0; i < n && at + i < out.length; i++) out[at + i] = Math.floor(random() * 256);
      return { bytes: out, what: `${n} random bytes at ${at}` };
    }
    case 2: {
      // A record length (u64 little-endian) made huge or small.
      const value = random() < 0.5 ? 0xffffffff : Math.floor(random() * 16);
      for (let i = 0; i < 8 && at + i < out.length; i++) out[at + i] = i < 4 ? (value >>> (8 * i)) & 0xff : 0;
      return { bytes: out, what: `u64 ${value} written at ${at}` };
    }
    case 3:
      return { bytes: bytes.slice(0, at), what: `cut at ${at}` };
    case 4: {
      const n = 1 + Math.floor(random() * 64);
      out.fill(0, at, at + n);
      return { bytes: out, what: `${n} bytes zeroed at ${at}` };
    }
    default: {
      const n = 1 + Math.floor(random() * 16);
      const inserted = Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
      const grown = new Uint8Array(bytes.length + n);
      grown.set(bytes.subarray(0, at));
      grown.set(inserted, at);
      grown.set(bytes.subarray(at), at + n);
      return { bytes: grown, what: `${n} bytes inserted at ${at}` };
    }
  }
}

/** Run a command, collecting its lines; a thrown exception is a crash. */
async function run(command: typeof runInfo | typeof runCat, args: string[]): Promise<{ code: number; err: string[] }> {
  const err: string[] = [];
  const code = await command(args, () => {}, (line) => void err.push(...line.split("\n")));
  return { code, err };
}

describe("fuzzed conformance files through info and cat", () => {
  it(`${MUTANTS} seeded mutants: no crash, every error names its file`, async () => {
    const sources = fs
      .readdirSync(DATA)
      .flatMap((dir) => fs.readdirSync(path.join(DATA, dir)).filter((f) => f.endsWith(".mcap")).map((f) => path.join(DATA, dir, f)))
      .sort();
    expect(sources.length).toBeGreaterThan(400);
    const random = mulberry32(SEED);
    const failures: string[] = [];
    let printed = 0;
    for (let k = 0; k < MUTANTS; k++) {
      const source = sources[Math.floor(random() * sources.length)]!;
      const original = new Uint8Array(fs.readFileSync(source));
      let mutant = mutate(original, random);
      if (random() < 0.3) {
        const again = mutate(mutant.bytes, random);
        mutant = { bytes: again.bytes, what: `${mutant.what}, then ${again.what}` };
      }
      const file = path.join(tmp, `mutant-${k}.mcap`);
      fs.writeFileSync(file, mutant.bytes);
      const label = `mutant ${k} (seed ${SEED}) of ${path.basename(source)}: ${mutant.what}`;
      try {
        const info = await run(runInfo, [file, "--json"]);
        if (info.code !== 0 && info.code !== 1) failures.push(`${label}: info exited ${info.code}`);
        for (const line of info.err) if (!line.includes(file)) failures.push(`${label}: info error without the file: ${line}`);
        // "example" is the conformance files' one topic: its messages are decoded (or fail to) in every mutant.
        for (const args of [["--topic", "example", "--json"], ["--topic", "example", "--bytes", "base64"]]) {
          const cat = await run(runCat, [file, ...args]);
          if (cat.code === 0) printed++;
          if (cat.code !== 0 && cat.code !== 1) failures.push(`${label}: cat exited ${cat.code}`);
          for (const line of cat.err) if (!line.includes(file)) failures.push(`${label}: cat error without the file: ${line}`);
        }
      } catch (error) {
        failures.push(`${label}: crashed: ${(error as Error).stack ?? String(error)}`);
      }
      fs.rmSync(file);
    }
    expect(failures).toEqual([]);
    expect(printed).toBeGreaterThan(MUTANTS / 4); // many mutants still print their messages: cat really ran
  }, 300_000);
});
