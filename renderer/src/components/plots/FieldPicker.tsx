/**
 * The series picker of a plot panel: a search box over a channel → field tree (every numeric field of every
 * non-camera channel, from `episode.fields`), one checkbox per field.
 */
import { useEffect, useState } from "react";
import type { ChannelSummary } from "../../../../shared/episode.ts";
import { filterFields, type FieldGroup } from "../../../../shared/playback/seriesMath.ts";
import { api } from "../../ipc/api.ts";

/** A picked series: channel topic + flattened field path (+ display label). */
export interface SeriesPick {
  topic: string;
  path: string;
  label: string;
}

/** Props of the field picker. */
export interface FieldPickerProps {
  episodeId: string;
  channels: readonly ChannelSummary[];
  picked: readonly SeriesPick[];
  onToggle(pick: SeriesPick): void;
}

/** Search box + field tree. */
export function FieldPicker({ episodeId, channels, picked, onToggle }: FieldPickerProps) {
  const [groups, setGroups] = useState<FieldGroup[] | null>(null);
  const [query, setQuery] = useState("");
  useEffect(() => {
    let live = true;
    const topics = channels.filter((c) => c.kind !== "camera" && c.messageCount > 0).map((c) => c.topic);
    void Promise.all(
      topics.map((topic) =>
        api.episode
          .fields({ episodeId, topic })
          .then((fields) => ({ topic, fields }))
          .catch(() => ({ topic, fields: [] })),
      ),
    ).then((g) => live && setGroups(g.filter((x) => x.fields.length > 0)));
    return () => {
      live = false;
    };
  }, [episodeId, channels]);
  const shown = groups ? filterFields(groups, query) : [];
  const isPicked = (topic: string, path: string) => picked.some((p) => p.topic === topic && p.path === path);
  return (
    <div className="field-picker">
      <input type="search" aria-label="Search series" placeholder="search fields…" value={query} onChange={(e) => setQuery(e.target.value)} />
      {!groups && <div className="muted">loading fields…</div>}
      {groups && shown.length === 0 && <div className="muted">{groups.length === 0 ? "No numeric fields in this episode." : "No field matches."}</div>}
      <ul className="field-tree" aria-label="Channels and fields">
        {shown.map((g) => (
          <li key={g.topic}>
            <span className="field-topic">{g.topic}</span>
            <ul>
              {g.fields.map((f) => (
                <li key={f.path}>
                  <label>
                    <input type="checkbox" checked={isPicked(g.topic, f.path)} onChange={() => onToggle({ topic: g.topic, path: f.path, label: f.label })} />
                    {f.label === f.path ? f.path : `${f.label} (${f.path})`}
                  </label>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}
