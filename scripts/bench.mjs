// `npm run bench [name…]`: run every benchmark suite `scripts/bench/*.bench.ts` (or the named ones) one after the
// other (never in parallel: the machine has 2 cores), collect their results and print them as JSON and as a table.
//
// A suite is a TypeScript program run with tsx. It measures our code AND its baseline in the same run, and writes
// `{ suite, machine?, results: [{ name, value, unit, baseline?, target?, note? }] }` as JSON to the file named by
// $EPISCOPE_BENCH_OUT. Everything it prints goes to stderr so stdout stays machine-readable.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = join(root, "scripts", "bench");
const wanted = process.argv.slice(2);
const suites = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
if (suites.length === 0) {
  console.error(`no benchmark suites matched ${wanted.join(", ") || "(all)"} in ${dir}`);
  process.exit(2);
}

const outDir = join(root, "bench-results");
mkdirSync(outDir, { recursive: true });
const report = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "?", memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  suites: [],
};
let failed = false;
for (const suite of suites) {
  const out = join(outDir, `${suite.replace(/\.bench\.ts$/, "")}.json`);
  console.error(`\n=== bench ${suite}`);
  const result = spawnSync(process.execPath, ["--import", "tsx", "--expose-gc", join(dir, suite)], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, EPISCOPE_BENCH_OUT: out },
  });
  if (result.status !== 0 || !existsSync(out)) {
    console.error(`=== bench ${suite} FAILED (exit ${result.status})`);
    failed = true;
    continue;
  }
  report.suites.push(JSON.parse(readFileSync(out, "utf8")));
}
writeFileSync(join(outDir, "latest.json"), JSON.stringify(report, null, 2));

const fmt = (v) => (v === undefined || v === null ? "" : typeof v === "number" ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3)) : String(v));
const rows = [["suite", "measure", "ours", "baseline", "unit", "target", "note"]];
for (const s of report.suites) for (const r of s.results) rows.push([s.suite, r.name, fmt(r.value), fmt(r.baseline), r.unit ?? "", r.target ?? "", r.note ?? ""]);
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
console.error("");
for (const r of rows) console.error(r.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd());
process.stdout.write(JSON.stringify(report) + "\n");
process.exit(failed ? 1 : 0);
