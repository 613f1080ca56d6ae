/**
 * The usage line of `episcope export`, apart from export.ts so the dispatcher can list it without loading the writers
 * (h5wasm, hyparquet-writer).
 */

/** Usage line of `episcope export`. */
export const EXPORT_USAGE =
  "episcope export DATASET --format lerobot|robomimic|rlds|mcap|json|csv --out DIR [--force] [--fps N] [--annotator ID] [--status S,...] [--outcome O,...] [--flag F,...] [--operator O,...] [--task TEXT]... [--cameras T,...] [--action TOPIC] [--state T,...] [--last-step drop|repeat] [--video-codec av1|h264] [--image-size WxH] [--valid-ratio R] [--split-seed N] [--mcap-copy] [--json] [--shard I/N --part DIR] [--labels DIR] [--store postgres://… [--dataset-key KEY]]   DATASET: a folder, or s3://bucket/prefix (labels from --labels DIR or its label folder); --store: labels from the team store on PostgreSQL";
