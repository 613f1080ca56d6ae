/**
 * Field names and units of vectors whose source metadata does not name them, for datasets we know. Matched by the
 * dataset name (RLDS `dataset_info.json` name, LeRobot folder name). Sources:
 * - bridge_dataset (BridgeData v1/v2 in RLDS, as in ../shared/data/README.md and the BridgeData V2 / Octo docs):
 *   state = end-effector x y z (m), roll pitch yaw (rad), gripper; action = deltas of the same six + gripper.
 * - aloha_* (LeRobot ALOHA datasets, names as in LeRobot v2 `meta/info.json` of the same datasets): 14 joints.
 * - umi_cup_in_the_wild (UMI): end-effector x y z (m), axis-angle (rad), gripper width (m).
 */

/** Names and units of one vector. */
export interface KnownVector {
  names: string[];
  units: (string | undefined)[];
}

const ALOHA_ARM = ["waist", "shoulder", "elbow", "forearm_roll", "wrist_angle", "wrist_rotate", "gripper"];
const ALOHA: KnownVector = {
  names: [...ALOHA_ARM.map((j) => `left_${j}`), ...ALOHA_ARM.map((j) => `right_${j}`)],
  units: Array.from({ length: 14 }, () => undefined),
};

const TABLE: { dataset: RegExp; feature: RegExp; vector: KnownVector }[] = [
  { dataset: /^bridge/, feature: /(^|\/)state$/, vector: { names: ["x", "y", "z", "roll", "pitch", "yaw", "gripper"], units: ["m", "m", "m", "rad", "rad", "rad", undefined] } },
  { dataset: /^bridge/, feature: /(^|\/)action$/, vector: { names: ["dx", "dy", "dz", "droll", "dpitch", "dyaw", "gripper"], units: ["m", "m", "m", "rad", "rad", "rad", undefined] } },
  { dataset: /^aloha/, feature: /^(observation\.state|action)$/, vector: ALOHA },
  { dataset: /^umi/, feature: /^observation\.state$/, vector: { names: ["x", "y", "z", "rx", "ry", "rz", "gripper_width"], units: ["m", "m", "m", "rad", "rad", "rad", "m"] } },
];

/** Known names for `feature` of `dataset` when they have `length` elements, else null. */
export function knownVector(dataset: string, feature: string, length: number): KnownVector | null {
  const hit = TABLE.find((t) => t.dataset.test(dataset) && t.feature.test(feature) && t.vector.names.length === length);
  return hit ? hit.vector : null;
}
