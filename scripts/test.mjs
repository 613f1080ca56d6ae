// `npm test`: every check the project has, in order — type-check (shared, electron, renderer, e2e, scripts), lint,
// build, unit tests, end-to-end tests — then one plain line `N passed, N failed` (tests from Vitest's JSON reports,
// plus one entry per non-test step). Runs every step even after a failure; exits 1 if anything failed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ensureTestSystemPackages } from "./testSystemPackages.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
process.chdir(root);
const results = ".test-results";
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

let passed = 0;
let failed = 0;
const failures = [];
const failedTests = [];

function run(name, command, args) {
  console.log(`\n=== ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  const ok = result.status === 0;
  console.log(`=== ${name}: ${ok ? "ok" : `FAILED (exit ${result.status ?? result.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return ok;
}

function step(name, command, args) {
  if (run(name, command, args)) passed++;
  else {
    failed++;
    failures.push(name);
  }
}

function vitest(name, config) {
  const report = `${results}/${name}.json`;
  const ok = run(name, "npx", ["vitest", "run", "--config", config, "--reporter=default", "--reporter=json", `--outputFile=${report}`]);
  if (!existsSync(report)) {
    failed++;
    failures.push(`${name} (no report)`);
    return;
  }
  const json = JSON.parse(readFileSync(report, "utf8"));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  // Suites that fail to load count as failures too.
  const broken = json.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0).length;
  failed += broken;
  if (!ok || json.numFailedTests || broken) failures.push(name);
  // Name each failed test (and each file that failed to load) in plain lines, so the tail of the log says which.
  for (const file of json.testResults) {
    const where = file.name.startsWith(root) ? file.name.slice(root.length) : file.name;
    if (file.status === "failed" && file.assertionResults.length === 0) failedTests.push(`${where}: ${firstLine(file.message)}`);
    for (const test of file.assertionResults) {
      if (test.status === "failed") failedTests.push(`${where} > ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    }
  }
}

/** The first line of a failure message, at most 300 characters. */
function firstLine(message) {
  return String(message ?? "").split("\n")[0].slice(0, 300);
}

// DuckDB, the independent Parquet reader of the export tests, is installed on demand rather than listed in package.json:
// registry mirrors may carry only some of its per-platform binaries, and then `npm ci` refuses the lock file.
const stillMissing = ensureTestSystemPackages();
if (stillMissing.length) {
  failed++;
  failures.push(`Debian packages missing: ${stillMissing.join(" ")}`);
}

const DUCKDB = "@duckdb/node-api@1.5.6-r.1";
if (!existsSync("node_modules/@duckdb/node-api/package.json")) {
  step("install DuckDB (export test reader)", "npm", ["install", "--no-save", "--ignore-scripts", "--no-audit", "--no-fund", DUCKDB]);
}

step("typecheck", "npm", ["run", "--silent", "typecheck"]);
step("lint", "npm", ["run", "--silent", "lint"]);
// Electron security scan; every accepted finding has its reason in build/electronegativity-accepted.json.
step("electronegativity", process.execPath, ["scripts/electronegativity.mjs"]);
step("build", "npm", ["run", "--silent", "build"]);
vitest("unit", "vitest.config.ts");
vitest("e2e", "vitest.e2e.config.ts");

for (const test of failedTests) console.log(`FAILED ${test}`);
if (failures.length) console.log(`\nfailed: ${failures.join(", ")}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
