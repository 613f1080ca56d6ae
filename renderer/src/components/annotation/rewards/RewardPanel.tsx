/**
 * The inspector section of the dense reward: step clock (a topic's message times or a rate in Hz), interpolation,
 * γ, generators (sparse success at the end, progress from the action chunks, potential from a chosen signal), the
 * selected keyframe, and plots of the per-step reward r_t and the discounted return G_t (shared/annotation/
 * rewardSeries.ts). Owns the keys `g` (generate progress) and `Shift+R` (add a keyframe at the playhead).
 */
import "../annotation.css";
import { useEffect, useMemo, useState } from "react";
import type { StepClock } from "../../../../../shared/annotation.ts";
import * as reward from "../../../../../shared/annotation/rewardEdit.ts";
import { potentialFromSignalCurve, sparseSuccessCurve } from "../../../../../shared/annotation/rewardGenerators.ts";
import { rewardSeries } from "../../../../../shared/annotation/rewardSeries.ts";
import { formatSeconds } from "../../../../../shared/time.ts";
import { useCommand } from "../../../keyboard/commandRegistry.ts";
import { useAnnotation } from "../../../stores/annotation.ts";
import { useAnnotationUi } from "../../../stores/annotationUi.ts";
import { clockStore } from "../../../stores/clock.ts";
import { useEpisode } from "../../../stores/episode.ts";
import { useStepTimes } from "../../../stores/rewardSteps.ts";
import { selectCanEdit, selectSummary } from "../../../stores/selectors.ts";
import { CommitField } from "../common/CommitField.tsx";
import { addKeyframeAt, applyCurve, editCurve, generateProgress } from "./rewardActions.ts";
import { RewardPlot } from "./RewardPlot.tsx";
import { useRewardDefaults } from "./useRewardDefaults.ts";

/** See the module comment. */
export function RewardPanel() {
  const summary = useEpisode(selectSummary);
  const rewards = useAnnotation((s) => s.document?.rewards ?? null);
  const canEdit = useAnnotation(selectCanEdit);
  const selected = useAnnotationUi((s) => s.selectedKeyframe);
  const defaults = useRewardDefaults();
  const clock = rewards?.clock ?? defaults.clock;
  const gamma = rewards?.gamma ?? defaults.gamma;
  const { steps, error: stepError } = useStepTimes(clock);
  const [notice, setNotice] = useState<string | null>(null);

  useCommand("reward.generateProgress", "Generate the reward curve from the action chunks (progress 0 → 1)", "Rewards", () =>
    setNotice(generateProgress(defaults)),
  );
  useCommand("reward.addKeyframe", "Add a reward keyframe at the playhead", "Rewards", () => {
    setNotice(null);
    addKeyframeAt(defaults, clockStore.getState().requestNs);
  });

  const series = useMemo(() => {
    if (!summary || !rewards || !steps) return null;
    try {
      const s = rewardSeries(rewards, summary.startNs, summary.endNs, steps);
      const xs = Float64Array.from(s.stepTimesNs, (t) => Number(t - summary.startNs) / 1e9);
      return { xs, r: s.rewards, g: s.returns };
    } catch {
      return null;
    }
  }, [summary, rewards, steps]);

  if (!summary) return <p className="muted">No episode open.</p>;
  const channels = summary.channels.filter((c) => c.messageCount > 0);
  const kf = rewards && selected !== null ? rewards.keyframes[selected] : undefined;

  const setClock = (next: StepClock) => editCurve(defaults, (r) => (JSON.stringify(r.clock) === JSON.stringify(next) ? r : { ...r, clock: next }));

  return (
    <div className="reward-panel">
      <div className="field-row">
        <label className="field-label" htmlFor="reward-clock">
          Step clock
        </label>
        <select
          id="reward-clock"
          aria-label="Step clock"
          disabled={!canEdit}
          value={clock.kind === "rate" ? "" : clock.topic}
          onChange={(e) => setClock(e.target.value ? { kind: "topic", topic: e.target.value } : { kind: "rate", hz: clock.kind === "rate" ? clock.hz : reward.DEFAULT_STEP_RATE_HZ })}
        >
          <option value="">rate (Hz)</option>
          {channels.map((c) => (
            <option key={c.topic} value={c.topic}>
              {c.topic}
            </option>
          ))}
        </select>
        {clock.kind === "rate" && (
          <CommitField
            className="narrow"
            label="Step rate (Hz)"
            value={String(clock.hz)}
            disabled={!canEdit}
            onCommit={(text) => {
              const hz = Number(text);
              if (!Number.isFinite(hz) || hz <= 0 || hz > 100_000) return "rate must be a number of Hz in (0, 100000]";
              setClock({ kind: "rate", hz });
              return null;
            }}
          />
        )}
      </div>
      <div className="field-row">
        <label className="field-label" htmlFor="reward-interp">
          Interpolation
        </label>
        <select
          id="reward-interp"
          aria-label="Interpolation"
          disabled={!canEdit}
          value={rewards?.interpolation ?? "linear"}
          onChange={(e) => {
            const v = e.target.value === "step" ? "step" : "linear";
            editCurve(defaults, (r) => (r.interpolation === v ? r : { ...r, interpolation: v }));
          }}
        >
          <option value="linear">linear</option>
          <option value="step">step</option>
        </select>
        <span className="field-label">γ</span>
        <CommitField
          className="narrow"
          label="Discount factor gamma"
          value={String(gamma)}
          disabled={!canEdit}
          onCommit={(text) => {
            const g = Number(text);
            if (!Number.isFinite(g) || g < 0 || g > 1 || text.trim() === "") return "γ must be a number in [0, 1]";
            editCurve(defaults, (r) => (r.gamma === g ? r : { ...r, gamma: g }));
            return null;
          }}
        />
      </div>
      <div className="button-row" role="group" aria-label="Generate the reward curve">
        <button
          type="button"
          disabled={!canEdit || !steps}
          title="0 on every step, 1 on the last"
          onClick={() => {
            setNotice(null);
            if (steps) applyCurve(defaults, sparseSuccessCurve(steps, 1), { kind: "sparse-success", successValue: 1 });
          }}
        >
          Sparse success
        </button>
        <button type="button" disabled={!canEdit} title="0 → 1 across the top-level action chunks" onClick={() => setNotice(generateProgress(defaults))}>
          Progress from chunks <kbd>g</kbd>
        </button>
      </div>
      <PotentialGenerator disabled={!canEdit || !steps} onNotice={setNotice} steps={steps} gamma={gamma} defaults={defaults} />
      {notice && (
        <p role="alert" className="field-error">
          {notice}
        </p>
      )}
      {stepError && (
        <p role="alert" className="field-error">
          {stepError}
        </p>
      )}
      <p className="muted reward-summary" data-testid="reward-summary">
        {rewards ? `${rewards.keyframes.length} keyframes · ${rewards.generator.kind} · ${steps ? steps.length : "…"} steps` : "No reward curve yet."}
        {kf && ` · selected #${selected}: ${formatSeconds(kf.tNs - summary.startNs)} = ${kf.value}`}
      </p>
      {series && (
        <div className="reward-plots">
          <RewardPlot label="r_t (per-step reward)" xs={series.xs} ys={series.r} color="#f2c14e" stepped />
          <RewardPlot label={`G_t (return, γ = ${gamma})`} xs={series.xs} ys={series.g} color="#5fb3f9" />
        </div>
      )}
      <p className="key-hint">Generate: g · Keyframe at playhead: Shift+R · Edit curve: r, then ←/→ ↑/↓ Alt+←/→ Del Esc</p>
    </div>
  );
}

/** Potential-based shaping from a numeric field of a channel (Ng et al. 1999, see rewardGenerators.ts). */
function PotentialGenerator({
  disabled,
  onNotice,
  steps,
  gamma,
  defaults,
}: {
  disabled: boolean;
  onNotice(message: string | null): void;
  steps: bigint[] | null;
  gamma: number;
  defaults: { clock: StepClock; gamma: number };
}) {
  const summary = useEpisode(selectSummary);
  const topics = (summary?.channels ?? []).filter((c) => c.kind === "joints" && c.messageCount > 0).map((c) => c.topic);
  const [topic, setTopic] = useState<string>("");
  const [field, setField] = useState<string>("");
  const [invert, setInvert] = useState(false);
  const chosen = topic || topics[0] || "";
  // The signal's series is the episode load's copy (every joints channel is loaded with the episode).
  const series = useEpisode((s) => s.series[chosen] ?? null);
  const seriesError = useEpisode((s) => s.seriesErrors[chosen]);

  useEffect(() => {
    if (seriesError) onNotice(`signal ${chosen}: ${seriesError}`);
  }, [chosen, seriesError, onNotice]);

  const fields = series && series.topic === chosen ? series.fields : [];
  const fieldPath = field || fields[0]?.path || "";
  if (topics.length === 0) return null;
  return (
    <div className="field-row potential" role="group" aria-label="Potential from signal">
      <span className="field-label">Potential from</span>
      <select aria-label="Signal topic" value={chosen} disabled={disabled} onChange={(e) => setTopic(e.target.value)}>
        {topics.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      <select aria-label="Signal field" value={fieldPath} disabled={disabled || fields.length === 0} onChange={(e) => setField(e.target.value)}>
        {fields.map((f) => (
          <option key={f.path} value={f.path}>
            {f.label === f.path ? f.path : `${f.label} (${f.path})`}
          </option>
        ))}
      </select>
      <label className="check">
        <input type="checkbox" checked={invert} disabled={disabled} onChange={(e) => setInvert(e.target.checked)} />
        invert
      </label>
      <button
        type="button"
        disabled={disabled || !series || !fieldPath}
        onClick={() => {
          const i = series ? series.fields.findIndex((f) => f.path === fieldPath) : -1;
          if (!series || i < 0 || !steps) return;
          onNotice(null);
          const curve = potentialFromSignalCurve(steps, { timesNs: series.logTimesNs, values: series.values[i]! }, gamma, invert);
          applyCurve(defaults, curve, { kind: "potential-from-signal", topic: chosen, field: fieldPath, invert });
        }}
      >
        Potential
      </button>
    </div>
  );
}
