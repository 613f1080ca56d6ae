// The Debian packages `npm test` needs beyond Node: Chromium (e2e), ffmpeg/ffprobe (video fixtures, export checks),
// h5py and Python's protobuf (independent readers of the HDF5 and TFRecord exports), PostgreSQL (team store tests). Missing ones are installed with
// apt-get when this runs as root (or with sudo), so `npm test` alone passes on a fresh Debian machine.
import { spawnSync } from "node:child_process";

/** Each package: its Debian name and a command that exits 0 when it is already usable. */
const PACKAGES = [
  { name: "chromium", check: ["sh", "-c", "command -v chromium || test -x \"$EPISCOPE_CHROMIUM\""] },
  { name: "ffmpeg", check: ["sh", "-c", "command -v ffmpeg && command -v ffprobe"] },
  { name: "python3-h5py", check: ["/usr/bin/python3", "-c", "import h5py"] },
  { name: "python3-protobuf", check: ["/usr/bin/python3", "-c", "import google.protobuf"] },
  // The team store's tests start a real server (initdb + pg_ctl from /usr/lib/postgresql/<major>/bin).
  { name: "postgresql", check: ["sh", "-c", "ls /usr/lib/postgresql/*/bin/initdb"] },
];

const quiet = (argv) => spawnSync(argv[0], argv.slice(1), { stdio: "ignore" }).status === 0;

/**
 * Installs the missing test packages with apt-get.
 * @returns the names still missing afterwards (empty when everything is there), so the caller can report them.
 */
export function ensureTestSystemPackages() {
  const missing = PACKAGES.filter((p) => !quiet(p.check)).map((p) => p.name);
  if (missing.length === 0) return [];
  const root = process.getuid?.() === 0;
  const aptGet = root ? ["apt-get"] : quiet(["sh", "-c", "command -v sudo"]) ? ["sudo", "-n", "apt-get"] : null;
  if (aptGet === null) {
    console.error(`npm test needs Debian packages: apt-get install -y ${missing.join(" ")}`);
    return missing;
  }
  console.log(`installing Debian packages for the tests: ${missing.join(" ")}`);
  const apt = (args) =>
    spawnSync(aptGet[0], [...aptGet.slice(1), ...args], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  apt(["update", "-qq"]);
  apt(["install", "-y", "-qq", "--no-install-recommends", ...missing]);
  return PACKAGES.filter((p) => missing.includes(p.name) && !quiet(p.check)).map((p) => p.name);
}
