/**
 * The step times (ns) of the reward curve's step clock for the open episode: a rate is computed at once; a topic's
 * message log times come from the episode store (camera frame indexes, joint series: a joints channel waits for the
 * episode load's copy) or, for any other topic, from `api.episode.series` (one request per episode and topic).
 */
import { useEffect, useMemo, useState } from "react";
import type { StepClock } from "../../../shared/annotation.ts";
import { stepTimes } from "../../../shared/annotation/rewardResolve.ts";
import type { NumericSeries } from "../../../shared/episode.ts";
import { errorMessage } from "../app/errors.ts";
import { api } from "../ipc/api.ts";
import { useEpisode } from "./episode.ts";
import { selectSummary } from "./selectors.ts";

/** Most steps a rate clock may give in the editor (a 1 h episode at 250 Hz is 900 000). */
export const MAX_STEPS = 2_000_000;

const seriesCache = new Map<string, Promise<NumericSeries>>();

/** The numeric series of `topic` in episode `episodeId`, asked once per episode and topic. */
function loadTopicSeries(episodeId: string, topic: string): Promise<NumericSeries> {
  const key = `${episodeId}\u0000${topic}`;
  let p = seriesCache.get(key);
  if (!p) {
    p = api.episode.series({ episodeId, topic });
    p.catch(() => seriesCache.delete(key));
    seriesCache.set(key, p);
  }
  return p;
}

/** Step times of `clock` over the open episode, or null while a topic's times load; `error` when they cannot. */
export function useStepTimes(clock: StepClock | null): { steps: bigint[] | null; error: string | null } {
  const summary = useEpisode(selectSummary);
  const topic = clock?.kind === "topic" ? clock.topic : null;
  const frameIndex = useEpisode((s) => (topic ? s.frameIndexes[topic] : undefined));
  const series = useEpisode((s) => (topic ? s.series[topic] : undefined));
  const seriesError = useEpisode((s) => (topic ? s.seriesErrors[topic] : undefined));
  // A joints channel's series comes with the episode's load (published once the pictures are up): wait for that copy
  // instead of asking for a second one while the open is still busy.
  const loaded = !!summary?.channels.some((c) => c.topic === topic && c.kind === "joints" && c.messageCount > 0);
  const [fetched, setFetched] = useState<{ key: string; times: BigInt64Array | null; error: string | null } | null>(null);
  const key = summary && topic ? `${summary.episodeId}\u0000${topic}` : null;

  useEffect(() => {
    if (!summary || !topic || frameIndex || series || loaded || !key) return;
    let live = true;
    loadTopicSeries(summary.episodeId, topic).then(
      (s) => live && setFetched({ key, times: s.logTimesNs, error: null }),
      (e) => live && setFetched({ key, times: null, error: `step clock topic ${topic}: ${errorMessage(e)}` }),
    );
    return () => {
      live = false;
    };
  }, [summary, topic, frameIndex, series, loaded, key]);

  return useMemo(() => {
    if (!summary || !clock) return { steps: null, error: null };
    try {
      if (clock.kind === "rate") {
        const count = (Number(summary.endNs - summary.startNs) / 1e9) * clock.hz + 1;
        if (count > MAX_STEPS) {
          return { steps: null, error: `a step rate of ${clock.hz} Hz gives ${Math.round(count)} steps over this episode; at most ${MAX_STEPS} are shown` };
        }
        return { steps: stepTimes(clock, summary.startNs, summary.endNs), error: null };
      }
      const times = frameIndex?.logTimesNs ?? series?.logTimesNs ?? (fetched?.key === key ? fetched.times : null);
      if (loaded && seriesError && !times) return { steps: null, error: `step clock topic ${topic}: ${seriesError}` };
      if (fetched?.key === key && fetched.error && !times) return { steps: null, error: fetched.error };
      if (!times) return { steps: null, error: null };
      return { steps: stepTimes(clock, summary.startNs, summary.endNs, times), error: null };
    } catch (e) {
      return { steps: null, error: errorMessage(e) };
    }
  }, [summary, clock, topic, frameIndex, series, seriesError, loaded, fetched, key]);
}
