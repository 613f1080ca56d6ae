/**
 * The per-episode, per-camera report of what an export did with a camera's frames, and what it cost.
 */

/** What was done with one camera in one episode. */
export interface CameraExport {
  topic: string;
  /** Where it went: the LeRobot video key, the robomimic obs key, the RLDS observation key. */
  key: string;
  /**
   * `remuxed`: H.264 access units copied into MP4 without decoding; `re-encoded`: decoded and encoded again (codec
   * in `codec`); `resized`: decoded and scaled to `width`×`height`; `copied`: source JPEG bytes kept as they are;
   * `decoded`: decoded to pixels at the source size; `jpeg-encoded`: decoded and written as JPEG.
   */
  action: "remuxed" | "re-encoded" | "resized" | "decoded" | "copied" | "jpeg-encoded";
  /** Output codec or picture format (`h264`, `av1`, `jpeg`, `uint8`). */
  codec: string;
  /** Source format (`h264`, `jpeg`, `rgb8`, …). */
  source: string;
  /** Pictures written (one per step). */
  steps: number;
  /** Source frames decoded (0 when remuxed or copied). */
  decoded: number;
  width: number;
  height: number;
  /** Wall time spent on this camera (ms). */
  ms: number;
  /** Bytes written for it. */
  bytes: number;
}

/** Sum the reports of every episode per camera topic: one line each, for the notes. */
export function cameraTotals(reports: readonly CameraExport[]): string[] {
  const byTopic = new Map<string, CameraExport[]>();
  for (const r of reports) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
  return [...byTopic].map(([topic, rs]) => {
    const actions = [...new Set(rs.map((r) => (r.action === "re-encoded" || r.action === "jpeg-encoded" || r.action === "resized" || r.action === "decoded" ? `${r.action} ${r.source}→${r.codec} ${r.width}×${r.height}` : `${r.action} ${r.source} ${r.width}×${r.height}`)))].join(" / ");
    const steps = rs.reduce((s, r) => s + r.steps, 0);
    const ms = rs.reduce((s, r) => s + r.ms, 0);
    const bytes = rs.reduce((s, r) => s + r.bytes, 0);
    return `camera ${topic} → ${rs[0]!.key}: ${actions} in ${rs.length} episodes, ${steps} steps in ${(ms / 1000).toFixed(1)} s (${ms > 0 ? Math.round((steps * 1000) / ms) : "∞"} frames/s), ${(bytes / 1e6).toFixed(2)} MB`;
  });
}
