/**
 * The Reward tier of the timeline: the dense reward curve over the episode, its keyframes as handles. Click empty
 * space to add a keyframe there, drag a handle to move it (a drag is one undo step). Keys while the tier has the
 * focus (`r` gives it the focus with keyframe 0 selected): ←/→ previous/next keyframe, ↑/↓ value ±0.1 (Shift ±0.01),
 * Alt+←/→ move by one step of the step clock, Delete removes, Escape leaves. They are handled here and
 * `preventDefault`ed so the global arrow keys (frame step) do not also fire.
 *
 * DOM contract for tests: the root has `data-keyframe-count`, `data-selected-keyframe` (index or empty) and
 * `data-keyframes` (`<ns since the episode start>:<value>` per keyframe, space-separated).
 */
import "../annotation.css";
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import * as reward from "../../../../../shared/annotation/rewardEdit.ts";
import { formatSeconds } from "../../../../../shared/time.ts";
import { useCommand } from "../../../keyboard/commandRegistry.ts";
import { annotationStore, useAnnotation } from "../../../stores/annotation.ts";
import { annotationUiStore, useAnnotationUi } from "../../../stores/annotationUi.ts";
import { useEpisode } from "../../../stores/episode.ts";
import { useStepTimes } from "../../../stores/rewardSteps.ts";
import { selectCanEdit, selectSummary } from "../../../stores/selectors.ts";
import { editCurve } from "./rewardActions.ts";
import { curvePath, tAt, valueAt, xOf, yOf, type TierFrame } from "./rewardCurvePath.ts";
import { useRewardDefaults } from "./useRewardDefaults.ts";

const DRAG_GROUP = "reward-drag";
const PAD = 5;

/** The Reward tier row (reads the stores; no props). */
export function RewardTier() {
  const rootRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const summary = useEpisode(selectSummary);
  const rewards = useAnnotation((s) => s.document?.rewards ?? null);
  const canEdit = useAnnotation(selectCanEdit);
  const selected = useAnnotationUi((s) => s.selectedKeyframe);
  const defaults = useRewardDefaults();
  const { steps } = useStepTimes(rewards?.clock ?? defaults.clock);
  const drag = useRef<{ index: number; pointerId: number } | null>(null);

  useEffect(() => {
    const el = rootRef.current;
    if (!el) return;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useCommand("reward.focus", "Focus the reward curve (←/→ keyframe, ↑/↓ value, Alt+←/→ move)", "Rewards", () => {
    const n = annotationStore.getState().document?.rewards?.keyframes.length ?? 0;
    annotationUiStore.getState().selectKeyframe(n > 0 ? 0 : null);
    rootRef.current?.focus();
  });

  const keyframes = rewards?.keyframes ?? [];
  const [lo, hi] = reward.rewardValueRange(keyframes);
  const frame: TierFrame | null = summary
    ? { startNs: summary.startNs, endNs: summary.endNs, width: size.width, height: size.height, lo, hi, pad: PAD }
    : null;
  const sel = selected !== null && selected < keyframes.length ? selected : null;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!canEdit) return;
    // Read the stores, not this render's values: keys may arrive faster than React renders.
    const ui = annotationUiStore.getState();
    const n = annotationStore.getState().document?.rewards?.keyframes.length ?? 0;
    const sel = ui.selectedKeyframe !== null && ui.selectedKeyframe < n ? ui.selectedKeyframe : null;
    const handled = (): void => {
      e.preventDefault();
      e.stopPropagation();
    };
    switch (e.key) {
      case "ArrowLeft":
      case "ArrowRight": {
        const dir = e.key === "ArrowRight" ? 1 : -1;
        handled();
        if (sel === null) {
          if (n > 0) ui.selectKeyframe(dir > 0 ? 0 : n - 1);
          return;
        }
        if (e.altKey) {
          if (steps) editCurve(defaults, (r) => reward.stepKeyframe(r, sel, steps, dir));
          return;
        }
        ui.selectKeyframe(Math.max(0, Math.min(n - 1, sel + dir)));
        return;
      }
      case "ArrowUp":
      case "ArrowDown": {
        handled();
        if (sel === null) return;
        const delta = (e.key === "ArrowUp" ? 1 : -1) * (e.shiftKey ? 0.01 : 0.1);
        editCurve(defaults, (r) => reward.nudgeKeyframeValue(r, sel, delta));
        return;
      }
      case "Delete":
      case "Backspace": {
        handled();
        if (sel === null) return;
        editCurve(defaults, (r) => reward.removeKeyframe(r, sel));
        ui.selectKeyframe(n - 1 > 0 ? Math.min(sel, n - 2) : null);
        return;
      }
      case "Escape":
        handled();
        rootRef.current?.blur();
        return;
    }
  };

  const pointerFrame = (e: PointerEvent): { t: bigint; v: number } | null => {
    const el = rootRef.current;
    if (!el || !frame) return null;
    const box = el.getBoundingClientRect();
    return { t: tAt(frame, e.clientX - box.left), v: reward.roundRewardValue(valueAt(frame, e.clientY - box.top)) };
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (!canEdit || !summary || e.button !== 0) return;
    const hit = (e.target as Element).closest("[data-keyframe-index]");
    let index: number;
    if (hit) {
      index = Number(hit.getAttribute("data-keyframe-index"));
    } else {
      const p = pointerFrame(e);
      if (!p) return;
      index = 0;
      editCurve(
        defaults,
        (r) => {
          const out = reward.insertKeyframe(r, p.t, p.v);
          index = out.index;
          return out.rewards;
        },
        DRAG_GROUP,
      );
    }
    annotationUiStore.getState().selectKeyframe(index);
    drag.current = { index, pointerId: e.pointerId };
    e.currentTarget.setPointerCapture(e.pointerId);
    rootRef.current?.focus();
    e.preventDefault();
  };

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId || !summary) return;
    const p = pointerFrame(e);
    if (!p) return;
    editCurve(
      defaults,
      (r) => reward.setKeyframeValue(reward.moveKeyframe(r, d.index, p.t, summary.startNs, summary.endNs), d.index, p.v),
      DRAG_GROUP,
    );
  };

  const endDrag = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag.current || drag.current.pointerId !== e.pointerId) return;
    drag.current = null;
    annotationStore.getState().sealHistory();
  };

  return (
    <div
      ref={rootRef}
      className="reward-tier"
      role="group"
      aria-label="Reward tier"
      aria-roledescription="reward curve editor"
      tabIndex={0}
      data-keyframe-count={keyframes.length}
      data-selected-keyframe={sel ?? ""}
      data-keyframes={summary ? keyframes.map((k) => `${k.tNs - summary.startNs}:${k.value}`).join(" ") : ""}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={endDrag}
      onPointerCancel={endDrag}
    >
      {frame && frame.width > 0 && (
        <svg className="reward-svg" width={frame.width} height={frame.height} aria-hidden="true">
          {lo < 0 && <line className="reward-zero" x1={0} x2={frame.width} y1={yOf(frame, 0)} y2={yOf(frame, 0)} />}
          <path className="reward-curve" d={curvePath(frame, keyframes, rewards?.interpolation ?? "linear")} />
          {keyframes.map((k, i) => (
            <circle
              key={i}
              data-keyframe-index={i}
              className={i === sel ? "reward-handle selected" : "reward-handle"}
              cx={xOf(frame, k.tNs)}
              cy={yOf(frame, k.value)}
              r={i === sel ? 5 : 4}
            />
          ))}
        </svg>
      )}
      {keyframes.length === 0 && <span className="tier-hint">No reward curve — g generates progress from chunks, click adds a keyframe</span>}
      {sel !== null && summary && keyframes[sel] && (
        <span className="reward-readout" aria-live="polite">
          #{sel} {formatSeconds(keyframes[sel].tNs - summary.startNs)} · {keyframes[sel].value.toFixed(2)}
        </span>
      )}
    </div>
  );
}
