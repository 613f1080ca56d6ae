/** Name, duration, size and how the episode was read. */
import { formatClock } from "../../../../shared/time.ts";
import { useEpisode } from "../../stores/episode.ts";
import { selectSummary } from "../../stores/selectors.ts";

/** Format a byte count, e.g. `1.4 MB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** Facts about the open episode. */
export function EpisodeFacts() {
  const s = useEpisode(selectSummary);
  if (!s) return null;
  return (
    <dl className="facts">
      <dt>Episode</dt>
      <dd title={s.path}>{s.name}</dd>
      <dt>Duration</dt>
      <dd>{formatClock(s.endNs - s.startNs)}</dd>
      <dt>Messages</dt>
      <dd>
        {s.messageCount.toLocaleString("en-US")} · {formatBytes(s.sizeBytes)}
      </dd>
      <dt>Read</dt>
      <dd>
        {s.readMode} · {s.access}
      </dd>
    </dl>
  );
}
