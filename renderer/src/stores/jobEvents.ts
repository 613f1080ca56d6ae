/**
 * Following a long job on the Node side (import, export) from a store through the `job.progress` events of the IPC
 * contract — no status requests. Events of a job that arrive before its start call returned are kept, so a job that
 * ran (or ended) before the store knew its id is still followed to its end.
 */
import type { EpiscopeApi, EventOf } from "../../../shared/ipc/contract.ts";

/** The kinds of job that report progress. */
export type JobKind = EventOf<"job.progress">["kind"];

/** The progress type of jobs of `kind`. */
export type ProgressOf<K extends JobKind> = Extract<EventOf<"job.progress">, { kind: K }>["progress"];

/** Progress of this many recent jobs is kept for a start call still on its way. */
const KEEP_JOBS = 8;

/**
 * Subscribe to `kind`'s progress events now; `follow(started)` (the progress a start call returned) makes that job
 * the followed one: its latest progress goes to `onUpdate` (at once, and on each event) and `onDone` is called once
 * when it is no longer running. Following another job stops following the previous one.
 * @returns `follow`
 */
export function jobFollower<K extends JobKind>(
  api: Pick<EpiscopeApi, "on">,
  kind: K,
  onUpdate: (progress: ProgressOf<K>) => void,
  onDone: (progress: ProgressOf<K>) => void,
): (started: ProgressOf<K>) => void {
  const latest = new Map<string, ProgressOf<K>>();
  let current: string | null = null;
  let ended = false;
  const show = (progress: ProgressOf<K>) => {
    if (progress.jobId !== current || ended) return;
    onUpdate(progress);
    if (progress.state !== "running") {
      ended = true;
      onDone(progress);
    }
  };
  api.on("job.progress", (event) => {
    if (event.kind !== kind) return;
    const progress = event.progress as ProgressOf<K>;
    latest.delete(progress.jobId);
    latest.set(progress.jobId, progress);
    while (latest.size > KEEP_JOBS) latest.delete(latest.keys().next().value!);
    show(progress);
  });
  return (started) => {
    current = started.jobId;
    ended = false;
    show(latest.get(started.jobId) ?? started);
  };
}
