/**
 * Polling a long job on the Node side (import, export) from a store: ask for its status every `intervalMs` while it
 * runs, hand every reply over, and stop when it has ended (or a request fails).
 */

/** A job's progress as the services report it. */
export interface JobProgressLike {
  state: string;
}

/**
 * Start polling. Returns the function that stops it.
 * @param status one status request (e.g. `() => api.export.status({ jobId })`)
 * @param onUpdate every reply
 * @param onEnd once, when the job is no longer `running` (with the last reply) or a request failed (with the error)
 */
export function pollJob<P extends JobProgressLike>(
  status: () => Promise<P | null>,
  onUpdate: (progress: P | null) => void,
  onEnd: (result: { progress: P | null } | { error: unknown }) => void,
  intervalMs = 250,
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const tick = async () => {
    timer = null;
    try {
      const progress = await status();
      if (stopped) return;
      onUpdate(progress);
      if (progress?.state === "running") timer = setTimeout(() => void tick(), intervalMs);
      else onEnd({ progress });
    } catch (error) {
      if (!stopped) onEnd({ error });
    }
  };
  timer = setTimeout(() => void tick(), intervalMs);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

/**
 * Follow one job at a time: `follow(jobId)` stops following the previous job and polls this one, handing replies to
 * `onUpdate`, a failed request to `onError`, and calling `onDone` once the job has ended.
 */
export function jobFollower<P extends JobProgressLike>(
  status: (jobId: string) => Promise<P | null>,
  onUpdate: (progress: P | null) => void,
  onError: (error: unknown) => void,
  onDone: () => void,
  intervalMs = 250,
): (jobId: string) => void {
  let stop: (() => void) | null = null;
  return (jobId) => {
    stop?.();
    stop = pollJob(() => status(jobId), onUpdate, (end) => ("error" in end ? onError(end.error) : onDone()), intervalMs);
  };
}
