/**
 * Transport controls: to start, frame back, play/pause, frame forward, to end, speed, time readout, jump to time,
 * loop, copy link.
 * Every button names its hotkey.
 */
import { LayoutControls } from "./LayoutControls.tsx";
import { useState } from "react";
import { PLAYBACK_SPEEDS } from "../../../../shared/playback/frameStep.ts";
import { nsToSeconds } from "../../../../shared/time.ts";
import { momentLink } from "../../app/deepLink.ts";
import { api, isDesktop } from "../../ipc/api.ts";
import { clockStore, useClock } from "../../stores/clock.ts";
import { useEpisode } from "../../stores/episode.ts";
import { selectCurrentPath, selectPlaying, selectSpeed, selectSummary } from "../../stores/selectors.ts";
import { Icon } from "../common/Icon.tsx";
import { ClockReadout } from "./ClockReadout.tsx";
import { JumpToTime } from "./JumpToTime.tsx";
import { LoopControls } from "./LoopControls.tsx";

/** The transport bar. */
export function TransportBar() {
  const playing = useClock(selectPlaying);
  const speed = useClock(selectSpeed);
  const summary = useEpisode(selectSummary);
  const path = useEpisode(selectCurrentPath);
  const [copied, setCopied] = useState<string | null>(null);
  const disabled = !summary;
  const clock = () => clockStore.getState();

  const copyLink = async () => {
    const s = clock();
    const mode = await api.app
      .info({})
      .then((i) => i.mode)
      .catch((): "desktop" | "serve" => (isDesktop ? "desktop" : "serve"));
    const link = momentLink(mode, location.origin, location.pathname, { episode: path, tSeconds: nsToSeconds(s.tNs - s.startNs) });
    try {
      await navigator.clipboard.writeText(link);
      setCopied("Link copied");
    } catch {
      setCopied(link);
    }
    setTimeout(() => setCopied(null), 2500);
  };

  return (
    <div className="transport" role="toolbar" aria-label="Transport">
      <button type="button" className="icon-button" onClick={() => clock().toStart()} disabled={disabled} aria-label="Go to start (Home)" title="Go to start (Home)">
        <Icon name="to-start" />
      </button>
      <button type="button" className="icon-button" onClick={() => clock().stepFrame(-1)} disabled={disabled} aria-label="Previous frame (←)" title="Previous frame (←); Shift+← −1 s">
        <Icon name="step-back" />
      </button>
      <button
        type="button"
        className="icon-button play-button"
        onClick={() => clock().togglePlay()}
        disabled={disabled}
        aria-label={playing ? "Pause (Space)" : "Play (Space)"}
        aria-pressed={playing}
        title={playing ? "Pause (Space)" : "Play (Space)"}
      >
        <Icon name={playing ? "pause" : "play"} />
      </button>
      <button type="button" className="icon-button" onClick={() => clock().stepFrame(1)} disabled={disabled} aria-label="Next frame (→)" title="Next frame (→); Shift+→ +1 s">
        <Icon name="step-forward" />
      </button>
      <button type="button" className="icon-button" onClick={() => clock().toEnd()} disabled={disabled} aria-label="Go to end (End)" title="Go to end (End)">
        <Icon name="to-end" />
      </button>
      <label className="speed">
        <span className="visually-hidden">Playback speed</span>
        <select
          aria-label="Playback speed"
          value={String(speed)}
          disabled={disabled}
          onChange={(e) => {
            clock().setSpeed(Number(e.target.value));
            e.target.blur();
          }}
        >
          {PLAYBACK_SPEEDS.map((s) => (
            <option key={s} value={String(s)}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <ClockReadout />
      <JumpToTime disabled={disabled} />
      <LoopControls disabled={disabled} />
      <div className="transport-spacer" />
      <LayoutControls />
      <span className="keys-hint" aria-hidden="true">
        Space play · J/K/L · ←/→ frame · ,/. camera frame · Shift ±1 s · [ ] loop · 1–4 outcome · I/O segment
      </span>
      <button type="button" className="text-button" onClick={() => void copyLink()} disabled={disabled} aria-label="Copy link to this moment">
        {copied === "Link copied" ? "Copied ✓" : "Copy link"}
      </button>
      {copied && copied !== "Link copied" && (
        <output className="copied-link" aria-label="Link">
          {copied}
        </output>
      )}
    </div>
  );
}
