/**
 * ROS 2 `sensor_msgs/msg/JointState` for MCAP: the `ros2msg` schema text (with its dependencies concatenated the
 * way rosbag2 stores them) and a CDR encoder from @foxglove/rosmsg2-serialization.
 */
import { parse } from "@foxglove/rosmsg";
import { MessageWriter } from "@foxglove/rosmsg2-serialization";

/** MCAP schema name of the joint state channel. */
export const JOINT_STATE_SCHEMA_NAME = "sensor_msgs/msg/JointState";

const SEPARATOR = "=".repeat(80);

/**
 * Full `ros2msg` definition: JointState, then `MSG: std_msgs/Header`, then `MSG: builtin_interfaces/Time`, separated
 * by 80 `=` characters (the rosbag2 / MCAP ros2msg convention). Field lists match the ROS 2 interfaces; the comments
 * are our own summaries.
 */
export const JOINT_STATE_DEFINITION = [
  `# State of a set of joints at one time. name, position, velocity and effort are parallel arrays.
# position in rad (revolute) or m (prismatic), velocity in rad/s or m/s, effort in N*m or N.

std_msgs/Header header

string[] name
float64[] position
float64[] velocity
float64[] effort
`,
  `MSG: std_msgs/Header
# Timestamp and coordinate frame of stamped data.

builtin_interfaces/Time stamp

string frame_id
`,
  `MSG: builtin_interfaces/Time
# A point in time: seconds and nanoseconds since the epoch of the time source.

int32 sec

uint32 nanosec
`,
].join(`${SEPARATOR}\n`);

/** One joint state sample. Arrays are parallel to `name`; units rad, rad/s, N·m. `stampNs` is ns since the Unix epoch. */
export interface JointStateSample {
  stampNs: bigint;
  frameId: string;
  name: readonly string[];
  position: readonly number[];
  velocity: readonly number[];
  effort: readonly number[];
}

const writer = new MessageWriter(parse(JOINT_STATE_DEFINITION, { ros2: true }));

/** Serialize a joint state sample to CDR (with the 4-byte encapsulation header), as ROS 2 publishes it. */
export function encodeJointState(sample: JointStateSample): Uint8Array {
  return writer.writeMessage({
    header: {
      stamp: { sec: Number(sample.stampNs / 1_000_000_000n), nanosec: Number(sample.stampNs % 1_000_000_000n) },
      frame_id: sample.frameId,
    },
    name: sample.name,
    position: Float64Array.from(sample.position),
    velocity: Float64Array.from(sample.velocity),
    effort: Float64Array.from(sample.effort),
  });
}
