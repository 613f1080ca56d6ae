/**
 * Which numeric topics and fields form a policy's observation state. Bookkeeping is never state: RLDS step flags
 * (`is_first`, `is_last`, `is_terminal`), `discount`, `reward`, counters and indexes (`seq`, `frame_index`, `index`,
 * `episode_index`, `task_index`, `step`), timestamps (`timestamp`, `header.stamp.sec`, …) — a policy that sees them
 * learns the episode's bookkeeping, not the robot.
 */

/** Last path segments (case-insensitive) that are bookkeeping, not robot state. */
const BOOKKEEPING = new Set([
  "is_first",
  "is_last",
  "is_terminal",
  "discount",
  "reward",
  "seq",
  "frame_index",
  "episode_index",
  "task_index",
  "index",
  "step",
  "timestamp",
  "stamp",
  "sec",
  "secs",
  "nanosec",
  "nsec",
  "nsecs",
]);

/**
 * True when a series field (labelled like `position[3]`, `header.seq`, `is_first`, `shoulder_joint`) is bookkeeping.
 * @param label the field's label (JointState fields are labelled by joint name)
 */
export function isBookkeepingField(label: string): boolean {
  const parts = label.toLowerCase().split(".");
  if (parts[0] === "header") return true;
  const last = parts.at(-1)!.replace(/\[\d+\]$/, "");
  return BOOKKEEPING.has(last);
}

/** A numeric topic as the state choice sees it. */
export interface NumericTopic {
  topic: string;
  /** Schema name, e.g. `sensor_msgs/msg/JointState`. */
  schemaName: string;
}

/**
 * The default state topics among the numeric topics other than the action: the joint-state topics
 * (`sensor_msgs/JointState` schemas, or topics named like `state`, e.g. `/observation/state`, `/joint_states`) when
 * there are any, else every numeric topic. Topics whose fields are all bookkeeping (e.g. an imported `/step`) are
 * never state.
 * @param fieldsOf the field labels of a topic
 */
export function defaultStateTopics(topics: readonly NumericTopic[], fieldsOf: (topic: string) => readonly string[]): string[] {
  const useful = topics.filter((t) => fieldsOf(t.topic).some((f) => !isBookkeepingField(f)));
  const joints = useful.filter((t) => /(^|\/)sensor_msgs\/(msg\/)?JointState$/.test(t.schemaName) || /state/i.test(t.topic));
  return (joints.length ? joints : useful).map((t) => t.topic);
}
