// Run @doyensec/electronegativity (Electron security checks) over the desktop sources and fail on any finding that is
// not accepted, with its reason, in build/electronegativity-accepted.json. The tool is fetched on demand by `npm exec`
// into npm's cache (it is a scanner, not a dependency of the app, and its own dependencies are old); it scans a copy of
// electron/, renderer/index.html and package.json so that node_modules is never walked.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ELECTRONEGATIVITY = "@doyensec/electronegativity@1.10.3";
const root = fileURLToPath(new URL("..", import.meta.url));
const electronVersion = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).devDependencies?.electron ?? "38.0.0";

const work = mkdtempSync(join(tmpdir(), "episcope-electronegativity-"));
try {
  const input = join(work, "app");
  cpSync(join(root, "electron"), join(input, "electron"), { recursive: true, filter: (src) => !/\.test\.ts$|[\\/]native[\\/].*[\\/]build[\\/]/.test(src) });
  cpSync(join(root, "renderer", "index.html"), join(input, "index.html"));
  cpSync(join(root, "package.json"), join(input, "package.json"));
  // SARIF, not CSV: the tool writes its CSV header and rows with two concurrent async writes, which sometimes
  // overwrite each other (seen in CI); its SARIF is one write.
  const out = join(work, "findings.sarif");
  const args = ["exec", "--yes", `--package=${ELECTRONEGATIVITY}`, "--", "electronegativity", "-i", input, "-r", "-e", electronVersion.replace(/^[^\d]*/, ""), "-v", "false", "-o", out];
  const result = spawnSync("npm", args, { encoding: "utf8", cwd: work });
  let sarif;
  try {
    sarif = JSON.parse(readFileSync(out, "utf8"));
  } catch {
    process.stderr.write(`electronegativity did not run (exit ${result.status}):\n${result.stdout}\n${result.stderr}\n`);
    process.exitCode = 1;
    process.exit();
  }
  const accepted = JSON.parse(readFileSync(join(root, "build", "electronegativity-accepted.json"), "utf8")).accepted;
  const findings = sarif.runs[0].results.map((r) => {
    const where = r.locations?.[0]?.physicalLocation;
    return {
      check: r.ruleId,
      level: r.level,
      file: where?.artifactLocation?.uri,
      location: `${where?.region?.startLine}:${where?.region?.startColumn}`,
      description: r.message?.text,
    };
  });
  const open = findings.filter((f) => !accepted.some((a) => a.check === f.check && a.file === f.file));
  const unused = accepted.filter((a) => !findings.some((f) => a.check === f.check && a.file === f.file));
  for (const f of findings) {
    const status = open.includes(f) ? "OPEN    " : "accepted";
    console.log(`${status} ${f.check} ${f.level} ${f.file}:${f.location} ${f.description}`);
  }
  for (const a of unused) console.log(`note: accepted ${a.check} in ${a.file} no longer found; remove it from build/electronegativity-accepted.json`);
  console.log(`electronegativity: ${findings.length} findings, ${findings.length - open.length} accepted with a reason, ${open.length} open`);
  if (open.length) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
