/**
 * A damaged episode never plays silently: when the open episode's file is truncated or holds invalid records, a banner
 * (role="alert") names the damage (offset and record, as the reader found it), the part of the recording that could be
 * read, and the topics cut short or lost, until the reviewer dismisses it for that episode.
 */
import { useMemo, useState } from "react";
import { damageOf } from "../../../../shared/episodeDamage.ts";
import { useEpisode } from "../../stores/episode.ts";
import { selectSummary } from "../../stores/selectors.ts";
import "../../styles/floatingAlert.css";
import "../../styles/damageBanner.css";

/** The damage banner of the open episode (nothing when its file is whole). */
export function DamageBanner() {
  const summary = useEpisode(selectSummary);
  const damage = useMemo(() => (summary ? damageOf(summary) : null), [summary]);
  const [dismissed, setDismissed] = useState<string | null>(null);
  if (!summary || !damage || dismissed === summary.path) return null;
  const lost = damage.lostTopics.map((t) => (t.lastReadableS === null ? `${t.topic} (nothing readable)` : `${t.topic} (stops at ${t.lastReadableS.toFixed(2)} s)`));
  return (
    <div className="floating-alert damage-banner" role="alert" aria-label="Damaged file">
      <strong>Damaged file: {summary.path}.</strong>
      <span>
        Only the first {damage.readableEndS.toFixed(2)} s ({damage.messagesRead.toLocaleString("en-US")} messages) could be read; everything
        recorded after the damage is lost.
      </span>
      {lost.length > 0 && <span>Cut short: {lost.join(", ")}.</span>}
      <details className="damage-cause">
        <summary>What the reader found</summary>
        {damage.causes.map((cause) => (
          <p key={cause}>{cause}</p>
        ))}
      </details>
      <button type="button" onClick={() => setDismissed(summary.path)}>
        Dismiss
      </button>
    </div>
  );
}
