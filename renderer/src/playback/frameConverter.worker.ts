/**
 * Worker side of frameConverter.ts: a decoded VideoFrame in, an ImageBitmap of it out. The colour conversion is
 * WebCodecs' own (`VideoFrame.copyTo` with `format: "RGBA"`, https://w3c.github.io/webcodecs/#dom-videoframe-copyto),
 * which is several times faster than `drawImage(VideoFrame)` when Chromium renders without a GPU.
 */
import type { ConvertReply, ConvertRequest } from "./frameConverterProtocol.ts";

/** The worker scope (typed through Worker: the renderer is compiled with the DOM lib). */
const scope = self as unknown as Worker;
let canvas: OffscreenCanvas | null = null;

scope.onmessage = async (e: MessageEvent<ConvertRequest>) => {
  const { id, frame } = e.data;
  try {
    const width = frame.displayWidth;
    const height = frame.displayHeight;
    const rgba = new Uint8ClampedArray(width * height * 4);
    // visibleRect crops the padded coded size (e.g. 1280×720 coded as 1280×736) to the picture.
    await frame.copyTo(rgba, { format: "RGBA", rect: frame.visibleRect ?? undefined });
    if (!canvas || canvas.width !== width || canvas.height !== height) canvas = new OffscreenCanvas(width, height);
    canvas.getContext("2d")!.putImageData(new ImageData(rgba, width, height), 0, 0);
    const bitmap = canvas.transferToImageBitmap();
    scope.postMessage({ id, bitmap } satisfies ConvertReply, [bitmap]);
  } catch (error) {
    scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies ConvertReply);
  } finally {
    frame.close();
  }
};
