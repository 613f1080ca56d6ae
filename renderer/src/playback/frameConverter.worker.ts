/**
 * Worker side of frameConverter.ts: a decoded VideoFrame in, an ImageBitmap of it out. The colour conversion is
 * WebCodecs' own (`VideoFrame.copyTo` with `format: "RGBA"`, https://w3c.github.io/webcodecs/#dom-videoframe-copyto),
 * which is several times faster than `drawImage(VideoFrame)` when Chromium renders without a GPU. When the tile shows
 * the picture at half its size or less, the YUV planes are first box-averaged by an integer factor
 * (shared/playback/planeDownscale.ts), which cuts the conversion by the square of that factor.
 */
import { downscaleFactor, downscaledSize, downscalePlanes, PLANAR_FORMATS } from "../../../shared/playback/planeDownscale.ts";
import type { ConvertReply, ConvertRequest } from "./frameConverterProtocol.ts";

/** The worker scope (typed through Worker: the renderer is compiled with the DOM lib). */
const scope = self as unknown as Worker;
let canvas: OffscreenCanvas | null = null;
/** Reused buffer for the planes of the frames being shrunk. */
let planes = new Uint8Array(0);

/** The frame's visible picture shrunk by `k` as a new (small) VideoFrame, or null when its format is not planar 8-bit. */
async function shrink(frame: VideoFrame, k: number): Promise<VideoFrame | null> {
  const format = frame.format;
  const rect = frame.visibleRect;
  if (!format || !rect || !PLANAR_FORMATS[format] || rect.x % 2 !== 0 || rect.y % 2 !== 0) return null;
  const size = frame.allocationSize({ rect });
  if (planes.length < size) planes = new Uint8Array(size);
  const layout = await frame.copyTo(planes, { rect });
  const out = downscaledSize(rect.width, rect.height, k);
  const small = downscalePlanes(format, planes, layout, rect.width, rect.height, k, out);
  return new VideoFrame(small.data, {
    format,
    codedWidth: out.width,
    codedHeight: out.height,
    timestamp: frame.timestamp,
    layout: small.layout,
    colorSpace: frame.colorSpace,
  });
}

/** RGBA bitmap of a frame's visible picture. */
async function toBitmap(frame: VideoFrame): Promise<ImageBitmap> {
  const width = frame.visibleRect?.width ?? frame.displayWidth;
  const height = frame.visibleRect?.height ?? frame.displayHeight;
  const rgba = new Uint8ClampedArray(width * height * 4);
  // visibleRect crops the padded coded size (e.g. 1280×720 coded as 1280×736) to the picture.
  await frame.copyTo(rgba, { format: "RGBA", rect: frame.visibleRect ?? undefined });
  if (!canvas || canvas.width !== width || canvas.height !== height) canvas = new OffscreenCanvas(width, height);
  canvas.getContext("2d")!.putImageData(new ImageData(rgba, width, height), 0, 0);
  return canvas.transferToImageBitmap();
}

scope.onmessage = async (e: MessageEvent<ConvertRequest>) => {
  const { id, frame, maxWidth, maxHeight } = e.data;
  let small: VideoFrame | null = null;
  try {
    const k = downscaleFactor(frame.visibleRect?.width ?? frame.displayWidth, frame.visibleRect?.height ?? frame.displayHeight, maxWidth, maxHeight);
    if (k >= 2) small = await shrink(frame, k);
    const bitmap = await toBitmap(small ?? frame);
    scope.postMessage({ id, bitmap } satisfies ConvertReply, [bitmap]);
  } catch (error) {
    scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies ConvertReply);
  } finally {
    small?.close();
    frame.close();
  }
};
