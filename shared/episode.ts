/**
 * Episode model shared by the Node-side engine and the renderer.
 *
 * Every timestamp is an integer count of nanoseconds of MCAP log time (bigint), see
 * https://mcap.dev/spec#message-op0x05 ("log_time: uint64 nanoseconds").
 */

/**
 * What a channel is for in the review screen: camera frames; joints (a JointState or an arm's state/command: plotted by
 * default, the state of exports); signal (other numeric messages such as IMU or battery: plottable on demand); other.
 */
export type ChannelKind = "camera" | "joints" | "signal" | "other";

/** How a camera channel's payload is stored. */
export type CameraPayload =
  /** `foxglove.CompressedVideo`: one access unit per message (H.264/H.265 Annex B, VP9, AV1). */
  | "video"
  /** `foxglove.CompressedImage`, `sensor_msgs/msg/CompressedImage`: JPEG, PNG or WebP bytes. */
  | "image"
  /** `foxglove.RawImage`, `sensor_msgs/msg/Image`: uncompressed pixels with an encoding such as rgb8. */
  | "raw";

/** One MCAP channel with its statistics. */
export interface ChannelSummary {
  /** MCAP channel id. */
  id: number;
  topic: string;
  /** Schema name, e.g. `sensor_msgs/msg/JointState`; empty for schemaless channels. */
  schemaName: string;
  /** Schema encoding, e.g. `ros2msg`, `protobuf`, `jsonschema`; empty for schemaless channels. */
  schemaEncoding: string;
  /** Message encoding, e.g. `cdr`, `protobuf`, `json`. */
  messageEncoding: string;
  /** Number of messages on the channel. */
  messageCount: number;
  /** Mean message rate in Hz over the channel's own first..last message; null with fewer than 2 messages. */
  rateHz: number | null;
  /** First and last log time of the channel's messages (ns); null when it has none. */
  firstNs: bigint | null;
  lastNs: bigint | null;
  kind: ChannelKind;
  /** For cameras: how frames are stored. */
  cameraPayload?: CameraPayload;
}

/** Something wrong or notable found while opening an episode. */
export interface EpisodeProblem {
  severity: "error" | "warning" | "info";
  /** Stable machine-readable code, e.g. `no-index`, `empty-channel`. */
  code: string;
  /** Human-readable sentence naming the topic/field and what is wrong. */
  message: string;
  topic?: string;
}

/** Summary of an opened episode (one MCAP file). */
export interface EpisodeSummary {
  /** Handle to use in later requests for this episode. */
  episodeId: string;
  /** Path relative to the served/opened root folder (POSIX separators). */
  path: string;
  /** File name without extension. */
  name: string;
  sizeBytes: number;
  /** First and last message log time (ns). Both 0n for an episode without messages. */
  startNs: bigint;
  endNs: bigint;
  messageCount: number;
  channels: ChannelSummary[];
  /** `indexed`: read through the summary section; `streamed`: one linear scan built the index. */
  readMode: "indexed" | "streamed";
  /** MCAP metadata records (e.g. `episode`: operator, task, robot, session). Absent until the engine reports them. */
  metadata?: EpisodeMetadata[];
  /** MCAP attachments (e.g. a URDF), without their bytes. */
  attachments?: EpisodeAttachment[];
  /** `mmap`: memory-mapped file; `pread`: positional reads (fallback); `range`: range requests to object storage. */
  access: "mmap" | "pread" | "range";
  problems: EpisodeProblem[];
}

/** An episode file found under the root folder. */
export interface EpisodeEntry {
  /** Path relative to the root (POSIX separators). */
  path: string;
  name: string;
  sizeBytes: number;
}

/** The episodes under the root folder that the app (or `episcope serve`) was opened on. */
export interface EpisodeListing {
  /** Absolute path of the root folder. */
  root: string;
  episodes: EpisodeEntry[];
  /** Path of the episode to open first (relative), e.g. when a single file was given. */
  initial: string | null;
}

/** One entry of a folder under the served root (the Open dialog of `episcope serve`). */
export interface FolderEntry {
  /** File or folder name. */
  name: string;
  /** Path relative to the root (POSIX separators). */
  path: string;
  /** `episode`: an `.mcap` file or a rosbag2 folder (opens); `folder`: any other folder (browses). */
  kind: "folder" | "episode";
  /** Size of an `.mcap` file in bytes; null for folders. */
  sizeBytes: number | null;
}

/** The folders and episodes of one folder under the root, folders first, then by name. */
export interface FolderListing {
  /** Absolute path of the root folder. */
  root: string;
  /** The folder listed, relative to the root ("" = the root). */
  dir: string;
  /** Its parent relative to the root, or null at the root. */
  parent: string | null;
  entries: FolderEntry[];
  /** True when one file is served: it is the only entry, and nothing else under its folder can be opened. */
  single: boolean;
}

/** Log times and keyframe flags of every frame of one camera, in log-time order. */
export interface FrameIndex {
  topic: string;
  payload: CameraPayload;
  /** Codec or image format of the frames: `h264`, `h265`, `vp9`, `av1`, `jpeg`, `png`, `webp`, or a raw encoding like `rgb8`. */
  format: string;
  /** Log time of frame i (ns), ascending. */
  logTimesNs: BigInt64Array;
  /** 1 where frame i can be decoded on its own (video keyframe; always 1 for images). */
  keyframes: Uint8Array;
  /**
   * Present when only the flags of frames [0, keyframesKnown) have been read (a video camera's index as first served,
   * so the first picture need not wait for a pass over every frame): later flags are 0 until `episode.keyframes`
   * gives them all. A subset of the keyframes still decodes every frame correctly (from an earlier keyframe).
   */
  keyframesKnown?: number;
  /**
   * Only in the answer to `episode.frameIndex` with `leadAtNs`: the frames from the keyframe at or before the frame
   * shown at that time up to that frame (at most LEAD_FRAMES_MAX of them), so the first picture decodes without
   * another request; absent when no frame is that early or the keyframe lies farther back.
   */
  lead?: CameraFrame[];
}

/** Most frames an `episode.frameIndex` answer carries in FrameIndex.lead (a keyframe and the frames after it). */
export const LEAD_FRAMES_MAX = 8;

/** One camera frame's payload, ready for the renderer to decode and draw. */
export interface CameraFrame {
  /** Position in the camera's FrameIndex. */
  index: number;
  logTimeNs: bigint;
  payload: CameraPayload;
  /** See FrameIndex.format. */
  format: string;
  keyframe: boolean;
  /** Compressed bytes (video access unit, JPEG/PNG/WebP file) or raw pixel rows. */
  data: Uint8Array;
  /** Raw images only: size in pixels and row stride in bytes. */
  width?: number;
  height?: number;
  step?: number;
  /** Raw images only: true when multi-byte pixels are big-endian. */
  bigEndian?: boolean;
}

/** One plotted numeric field, e.g. `/joint_states.position[3]` labelled with its joint name. */
export interface SeriesField {
  /** Flattened field path, e.g. `position[3]`. */
  path: string;
  /** Display label, e.g. the joint name from `name[]`. */
  label: string;
}

/** Numeric values of one channel over the whole episode: values[f][i] is field f at logTimesNs[i]. */
export interface NumericSeries {
  topic: string;
  fields: SeriesField[];
  logTimesNs: BigInt64Array;
  /** One column per field; NaN where a message lacks the field. */
  values: Float64Array[];
}

/** One MCAP metadata record: https://mcap.dev/spec#metadata-op0x0c */
export interface EpisodeMetadata {
  name: string;
  entries: Record<string, string>;
}

/** One MCAP attachment, described: https://mcap.dev/spec#attachment-op0x09 */
export interface EpisodeAttachment {
  name: string;
  mediaType: string;
  sizeBytes: number;
  logTimeNs: bigint;
}

/**
 * A numeric series over [startNs, endNs] reduced to a pixel budget of `buckets` buckets. When the range holds more
 * than 2 × buckets messages, each bucket contributes two x values (its first and middle time) and, per field, the
 * bucket's minimum and maximum in the order they occurred — so the exact extremes survive at every zoom (min/max
 * downsampling, as in M4: Jugel et al., VLDB 2014). Otherwise every message in the range is returned as is.
 */
export interface DownsampledSeries extends NumericSeries {
  /** True when min/max buckets were applied. */
  downsampled: boolean;
  /** Messages in [startNs, endNs] before reduction. */
  sourceCount: number;
}
