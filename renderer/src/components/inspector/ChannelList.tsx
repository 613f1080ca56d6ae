/** Every channel of the episode (cameras, joints, others, empty ones): topic, schema, count, rate, kind. */
import { useEpisode } from "../../stores/episode.ts";
import { selectChannels } from "../../stores/selectors.ts";

/** A collapsible channel table. */
export function ChannelList() {
  const channels = useEpisode(selectChannels);
  if (channels.length === 0) return null;
  return (
    <details className="channels" open>
      <summary>
        Channels <span className="muted">({channels.length})</span>
      </summary>
      <table aria-label="Channels">
        <thead>
          <tr>
            <th scope="col">Topic</th>
            <th scope="col">Kind</th>
            <th scope="col">Msgs</th>
            <th scope="col">Hz</th>
          </tr>
        </thead>
        <tbody>
          {channels.map((c) => (
            <tr key={c.id} className={c.messageCount === 0 ? "empty-channel" : undefined} data-topic={c.topic}>
              <td title={`${c.topic}\n${c.schemaName || "(no schema)"} · ${c.schemaEncoding || "-"} / ${c.messageEncoding}`}>
                <div className="channel-topic">{c.topic}</div>
                <div className="channel-schema muted">{c.schemaName || "(no schema)"}</div>
              </td>
              <td>{c.kind === "camera" && c.cameraPayload ? `camera (${c.cameraPayload})` : c.kind}</td>
              <td className="num">{c.messageCount === 0 ? <span className="warn">0</span> : c.messageCount}</td>
              <td className="num">{c.rateHz === null ? "—" : c.rateHz.toFixed(c.rateHz < 10 ? 2 : 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
