/**
 * Joint groups of a joints channel for plotting: one panel per arm and per gripper, per side on bimanual robots,
 * instead of every field in one panel. Groups come from the field labels (joint names from JointState `name[]`):
 * a `left_`/`right_` (or `l_`/`r_`) prefix or suffix gives the side; `gripper`, `finger`, `hand` or `claw` in the name
 * makes it a gripper joint. Unnamed fields (`position[3]`) can borrow the grouping of a named channel with the same
 * number of fields (an action channel beside its JointState, as in ALOHA recordings).
 */

/** One plotted group: its name ("left arm", "gripper", "all") and the field indices in channel order. */
export interface JointGroup {
  name: string;
  fields: number[];
}

const GRIPPER = /grip|finger|hand|claw/i;

function sideOf(label: string): "left" | "right" | null {
  const l = label.toLowerCase();
  if (/^(left|l)[_\-/ .]|[_\-/ .](left|l)$|^left/.test(l)) return "left";
  if (/^(right|r)[_\-/ .]|[_\-/ .](right|r)$|^right/.test(l)) return "right";
  return null;
}

/** True when a label is only a field path (`position[3]`, `data[0]`), not a joint name. */
export function isUnnamed(label: string): boolean {
  return /^[\w.]*\[\d+\]$/.test(label);
}

/**
 * Group field labels into arm/gripper panels per side. Returns one group "all" when the labels give no grouping
 * (unnamed, or every field in one group); group order: left arm, left gripper, right arm, right gripper (then others).
 */
export function jointGroups(labels: readonly string[]): JointGroup[] {
  if (labels.length === 0 || labels.every(isUnnamed)) return [{ name: "all", fields: labels.map((_, i) => i) }];
  const order: string[] = [];
  const byName = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const side = sideOf(label);
    const part = GRIPPER.test(label) ? "gripper" : "arm";
    const name = side ? `${side} ${part}` : part;
    if (!byName.has(name)) {
      byName.set(name, []);
      order.push(name);
    }
    byName.get(name)!.push(i);
  });
  if (byName.size === 1) return [{ name: "all", fields: labels.map((_, i) => i) }];
  const rank = (n: string) => {
    const i = ["left arm", "left gripper", "right arm", "right gripper", "arm", "gripper"].indexOf(n);
    return i < 0 ? 99 : i;
  };
  return order.sort((a, b) => rank(a) - rank(b)).map((name) => ({ name, fields: byName.get(name)! }));
}

/**
 * Groups for a channel: its own (from its labels) or, when its fields are unnamed, those of the first named channel
 * in `others` with the same number of fields.
 */
export function channelJointGroups(labels: readonly string[], others: readonly (readonly string[])[]): JointGroup[] {
  const own = jointGroups(labels);
  if (own.length > 1 || !labels.every(isUnnamed)) return own;
  const twin = others.find((o) => o.length === labels.length && !o.every(isUnnamed));
  return twin ? jointGroups(twin) : own;
}
