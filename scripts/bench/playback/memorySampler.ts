/**
 * Peak memory of the app while a bench runs, sampled from /proc (Linux): the proportional set size (PSS, from
 * /proc/PID/smaps_rollup: shared pages divided among the processes sharing them, so the sum is not inflated) of every
 * Chromium process (browser, renderers, GPU and utility processes) and of the serve process with its children.
 */
import { readdirSync, readFileSync } from "node:fs";

/** PSS (bytes) of process `pid`, 0 when it is gone or unreadable. */
function pss(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Every process: pid, parent pid and command line. */
function processes(): Array<{ pid: number; ppid: number; cmd: string }> {
  const out: Array<{ pid: number; ppid: number; cmd: string }> = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      out.push({ pid: Number(name), ppid, cmd: readFileSync(`/proc/${name}/cmdline`, "utf8").replace(/\0/g, " ") });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Peaks seen so far (bytes). */
export interface MemoryPeaks {
  browser: number;
  server: number;
  total: number;
}

/**
 * Sample every `intervalMs` (default 2 s, EPISCOPE_BENCH_MEMORY_MS) until `stop()`. Reading smaps_rollup walks the
 * process's page tables under its memory-map lock: sampled every 250 ms it held 1× playback to 0.94× and 75 % of the
 * frames shown (94 % unsampled), so it samples rarely. Chromium processes are those whose command line runs chromium;
 * the server is `serverPid` and its descendants (its worker threads count within it).
 */
export function sampleMemory(serverPid: number, intervalMs = Number(process.env.EPISCOPE_BENCH_MEMORY_MS ?? 2000)): {
  /** Peaks from now on, kept by the same samples (a part of the bench), read by calling the returned function. */
  window(): () => MemoryPeaks;
  stop(): MemoryPeaks;
} {
  const empty = (): MemoryPeaks => ({ browser: 0, server: 0, total: 0 });
  const peaks = empty();
  const windows: MemoryPeaks[] = [peaks];
  const sample = () => {
    const all = processes();
    const browser = all.filter((p) => /(^|\/)chromium(\s|$)/.test(p.cmd.split(" ")[0] ?? "")).reduce((s, p) => s + pss(p.pid), 0);
    const tree = new Set([serverPid]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const p of all) {
        if (!tree.has(p.ppid) || tree.has(p.pid)) continue;
        tree.add(p.pid);
        grew = true;
      }
    }
    const server = [...tree].reduce((s, pid) => s + pss(pid), 0);
    for (const w of windows) {
      w.browser = Math.max(w.browser, browser);
      w.server = Math.max(w.server, server);
      w.total = Math.max(w.total, browser + server);
    }
  };
  sample();
  let timer: ReturnType<typeof setInterval> | null = setInterval(sample, intervalMs);
  return {
    window() {
      const w = empty();
      windows.push(w);
      sample();
      return () => {
        sample();
        windows.splice(windows.indexOf(w), 1);
        return w;
      };
    },
    stop() {
      if (timer !== null) {
        clearInterval(timer);
        timer = null;
        sample();
      }
      return peaks;
    },
  };
}
