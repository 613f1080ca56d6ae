/** What a new reward curve of the open episode starts with: its step clock and γ. */
import { useMemo } from "react";
import type { StepClock } from "../../../../../shared/annotation.ts";
import { defaultStepClock } from "../../../../../shared/annotation/rewardEdit.ts";
import { useDatasetConfig } from "../../../stores/annotationConfig.ts";
import { useEpisode } from "../../../stores/episode.ts";
import { selectDatasetRoot, selectSummary } from "../../../stores/selectors.ts";

/** The clock (the action topic, else 10 Hz; see defaultStepClock) and the dataset's γ (default 0.99). */
export function useRewardDefaults(): { clock: StepClock; gamma: number } {
  const summary = useEpisode(selectSummary);
  const config = useDatasetConfig(useEpisode(selectDatasetRoot));
  return useMemo(() => {
    const topics = (summary?.channels ?? []).filter((c) => c.messageCount > 0).map((c) => c.topic);
    return { clock: defaultStepClock(topics), gamma: config.gamma };
  }, [summary, config.gamma]);
}
