/** One figure a bench reports (JSON on stdout, a row of the table on stderr). */
export interface Result {
  name: string;
  value: number;
  /** e.g. "ms", "s", "frames/s", "MB". */
  unit: string;
  /** The same measure by the baseline in the same run (e.g. @mcap/core), when there is one. */
  baseline?: number;
  /** The target, as text (e.g. "≤ 60 s"). */
  target?: string;
  note?: string;
}
