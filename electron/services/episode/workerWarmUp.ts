/**
 * A new episode worker's warm-up: the reads of an open (summary, message indexes, each camera's frame index and first
 * frame, each joints channel's series) run a few times on small episodes before any request, so V8 has compiled
 * (and optimized) the code they run when the reviewer's first episode arrives. Measured on the 1.56 GB three-camera
 * bench episode, cache off, the worker's open of it: ~100 ms in a fresh worker (84–121), 38–55 after
 * WARM_UP_ROUNDS reads of a bundled sample (~170 ms for the first read, ~20–60 for each later one).
 */
import { LoadedEpisode } from "./loadedEpisode.ts";

/** Messages of a warm-up series read between two turns of the event loop. */
const WARM_UP_STEP = 512;

/**
 * Reads of the warm-up episodes in all, taken in turn: V8 optimizes a function after it has run enough (one read:
 * half the gain on the open).
 */
export const WARM_UP_ROUNDS = 6;

/**
 * Read `absPaths` in turn, WARM_UP_ROUNDS reads in all (see warmUpRead), in steps: it ends for good when `ended()`
 * turns true (the worker's own first request). It runs at once, while the app starts (~0.5 s of one core per worker);
 * it does not wait for idle moments of the pool: a warm-up that waited while the other worker served frames was still
 * reading during 1× playback a minute later (serve's CPU during 30 s of 1×: 0.77 s against 0.18 s without it).
 * Never throws.
 * @param absPaths small episodes; one with plain chunks and one with compressed chunks warm both read paths (a
 *   series pass of the 1.56 GB bench episode, plain chunks, after reads of the zstd sample alone: 96–159 ms; of the
 *   plain one: 74–136, alternating pairs)
 * @returns the steps read in all
 */
export async function warmUpWorker(absPaths: readonly string[], ended: () => boolean): Promise<number> {
  const proceed = async (): Promise<boolean> => {
    await new Promise((resolve) => setImmediate(resolve));
    return !ended();
  };
  let steps = 0;
  for (let round = 0; round < WARM_UP_ROUNDS && absPaths.length > 0; round++) {
    const read = await warmUpRead(absPaths[round % absPaths.length]!, proceed);
    if (read === 0) break;
    steps += read;
    if (!(await proceed())) break;
  }
  return steps;
}

/**
 * Read `absPath` (a small episode, e.g. the bundled sample) once as an open does, calling `proceed` between steps and
 * stopping when it answers false. Never throws: a missing or unreadable warm-up episode only means no warm-up.
 * @param absPath the episode read (closed before returning)
 * @param proceed awaited between steps: false stops the read
 * @returns the steps read (0 when the episode could not be opened)
 */
export async function warmUpRead(absPath: string, proceed: () => Promise<boolean>): Promise<number> {
  let episode: LoadedEpisode;
  try {
    episode = await LoadedEpisode.open({ episodeId: "warm-up", absPath, relPath: "(warm-up)" }, { salvage: true });
  } catch {
    return 0;
  }
  let steps = 1;
  try {
    for (const channel of episode.summary.channels) {
      if (channel.messageCount === 0) continue;
      if (!(await proceed())) return steps;
      if (channel.kind === "camera") {
        episode.frameIndexHead(channel.topic);
        episode.frames(channel.topic, 0, 0);
        steps++;
      } else if (channel.kind === "joints") {
        for (const _part of episode.seriesSteps(channel.topic, 0, episode.messageCount(channel.topic), WARM_UP_STEP)) {
          steps++;
          if (!(await proceed())) return steps;
        }
      }
    }
    return steps;
  } catch {
    return steps;
  } finally {
    episode.close();
  }
}
