/**
 * Uncompressed camera images (`sensor_msgs/msg/Image`, `foxglove.RawImage`) → RGBA pixels for an ImageData.
 * Encodings: REP 118 / sensor_msgs/image_encodings.h (https://github.com/ros2/common_interfaces, sensor_msgs).
 */
import { colormapTable, type DepthColormap } from "./colormap.ts";

/**
 * Raw encodings that `rawToRgba` understands (ROS names; `8UC1`/`8UC3`/`16UC1`/`32FC1` are OpenCV aliases; `16UC1` is
 * depth in mm and `32FC1` depth in m by ROS convention, REP 118).
 */
export const RAW_ENCODINGS = ["rgb8", "bgr8", "rgba8", "bgra8", "mono8", "8UC1", "8UC3", "mono16", "16UC1", "32FC1"] as const;

/** Options of rawToRgba. */
export interface RawToRgbaOptions {
  /**
   * How 16-bit and float pixels are shown, after normalizing them over the image's min..max: `gray` (default) or a
   * colormap such as `turbo`. For depth encodings (`16UC1`, `32FC1`), 0 and non-finite pixels (no return) are black and
   * the range is taken over the valid pixels.
   */
  colormap?: DepthColormap;
}

/** A raw image as it comes off the wire. */
export interface RawImageInput {
  data: Uint8Array;
  width: number;
  height: number;
  /** Row stride in bytes (≥ width × bytes per pixel). */
  step: number;
  encoding: string;
  /** Multi-byte pixels are big-endian (ROS `is_bigendian`). */
  bigEndian?: boolean;
}

/** True when `encoding` is one of RAW_ENCODINGS. */
export function isSupportedRawEncoding(encoding: string): boolean {
  return (RAW_ENCODINGS as readonly string[]).includes(encoding);
}

/** Bytes per pixel of a supported raw encoding. */
function bytesPerPixel(encoding: string): number {
  switch (encoding) {
    case "rgb8":
    case "bgr8":
    case "8UC3":
      return 3;
    case "rgba8":
    case "bgra8":
    case "32FC1":
      return 4;
    case "mono16":
    case "16UC1":
      return 2;
    default:
      return 1;
  }
}

/**
 * Convert a raw image to RGBA (width × height × 4 bytes), respecting the row stride.
 * 16-bit and float pixels are normalized to 8 bits over the image's own min..max (depth images use a small part of
 * the range), then shown in gray or through a colormap (see RawToRgbaOptions).
 * @throws Error naming the encoding when it is unsupported, or the sizes when the data is too short.
 */
export function rawToRgba(img: RawImageInput, options: RawToRgbaOptions = {}): Uint8ClampedArray<ArrayBuffer> {
  const { data, width, height, encoding } = img;
  if (!isSupportedRawEncoding(encoding)) throw new Error(`unsupported raw image encoding "${encoding}"`);
  const bpp = bytesPerPixel(encoding);
  const step = img.step > 0 ? img.step : width * bpp;
  if (width <= 0 || height <= 0) throw new Error(`raw image has no pixels (${width}×${height})`);
  if (step < width * bpp) throw new Error(`raw image step ${step} is less than width ${width} × ${bpp} bytes`);
  const needed = step * (height - 1) + width * bpp;
  if (data.length < needed) {
    throw new Error(`raw image data is ${data.length} bytes, ${width}×${height} ${encoding} with step ${step} needs ${needed}`);
  }
  const out = new Uint8ClampedArray(width * height * 4);
  if (bpp === 2 || encoding === "32FC1") {
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const little = !img.bigEndian;
    const read = bpp === 2 ? (o: number) => dv.getUint16(o, little) : (o: number) => dv.getFloat32(o, little);
    const depth = encoding === "16UC1" || encoding === "32FC1";
    // Depth (REP 118): 0 and non-finite mean "no return"; they stay black and out of the range.
    const valid = depth ? (v: number) => v > 0 && Number.isFinite(v) : (v: number) => Number.isFinite(v);
    let min = Infinity;
    let max = -Infinity;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = read(y * step + x * bpp);
        if (!valid(v)) continue;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    const scale = max > min ? 255 / (max - min) : 0;
    const table = colormapTable(options.colormap ?? "gray");
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = read(y * step + x * bpp);
        const o = (y * width + x) * 4;
        out[o + 3] = 255;
        if (!valid(v)) continue; // black
        const k = Math.round((v - min) * scale) * 3;
        out[o] = table[k]!;
        out[o + 1] = table[k + 1]!;
        out[o + 2] = table[k + 2]!;
      }
    }
    return out;
  }
  const bgr = encoding === "bgr8" || encoding === "bgra8" || encoding === "8UC3";
  for (let y = 0; y < height; y++) {
    let i = y * step;
    let o = y * width * 4;
    for (let x = 0; x < width; x++, i += bpp, o += 4) {
      if (bpp === 1) {
        out[o] = out[o + 1] = out[o + 2] = data[i]!;
      } else {
        out[o] = data[bgr ? i + 2 : i]!;
        out[o + 1] = data[i + 1]!;
        out[o + 2] = data[bgr ? i : i + 2]!;
      }
      out[o + 3] = bpp === 4 ? data[i + 3]! : 255;
    }
  }
  return out;
}
