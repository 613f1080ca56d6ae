/**
 * Foxglove protobuf camera schemas for the sample generator: the project's one implementation lives in
 * shared/mcap/foxgloveCameraSchemas.ts (also used by `episcope import`).
 */
export {
  foxgloveCameraSchema,
  type FoxgloveCameraType,
  type FoxgloveCameraFrame as CameraFrame,
  type FoxgloveCameraSchema as FoxgloveProtoSchema,
} from "../../shared/mcap/foxgloveCameraSchemas.ts";
