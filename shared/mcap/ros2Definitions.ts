/**
 * ROS 2 message definitions as rosbag2 writes them into MCAP schema records (`ros2msg` encoding): the type's own
 * fields, then each dependency after a line of 80 `=` and a `MSG: pkg/Name` header.
 * Sources: https://github.com/ros2/common_interfaces (sensor_msgs, std_msgs), https://github.com/ros2/rcl_interfaces
 * (builtin_interfaces); format: https://mcap.dev/spec/registry#ros2msg
 */

const SEPARATOR = "=".repeat(80);

const HEADER_DEPENDENCIES = `${SEPARATOR}
MSG: std_msgs/Header
builtin_interfaces/Time stamp
string frame_id
${SEPARATOR}
MSG: builtin_interfaces/Time
int32 sec
uint32 nanosec`;

/** `sensor_msgs/msg/JointState`: name[], position[] (rad or m), velocity[] (rad/s or m/s), effort[] (N·m or N). */
export const JOINT_STATE_DEFINITION = `std_msgs/Header header
string[] name
float64[] position
float64[] velocity
float64[] effort
${HEADER_DEPENDENCIES}`;

/** `sensor_msgs/msg/CompressedImage`: format (e.g. "jpeg") and the compressed bytes. */
export const COMPRESSED_IMAGE_DEFINITION = `std_msgs/Header header
string format
uint8[] data
${HEADER_DEPENDENCIES}`;

/**
 * `sensor_msgs/msg/Image`: height, width (px), encoding (REP 118 names such as `rgb8`, `16UC1`), is_bigendian, step
 * (bytes per row) and the pixel rows.
 */
export const IMAGE_DEFINITION = `std_msgs/Header header
uint32 height
uint32 width
string encoding
uint8 is_bigendian
uint32 step
uint8[] data
${HEADER_DEPENDENCIES}`;
