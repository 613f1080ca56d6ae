/**
 * Worker thread entry (node:worker_threads) that receives a large request body as it arrives and turns it into a
 * validated request — joining the chunks, envelope decoding within REQUEST_LIMITS and the contract's schema — so the
 * thread answering HTTP never copies or parses megabytes. See requestDecoderPool.ts.
 */
import { parentPort } from "node:worker_threads";
import { EpiscopeError, isChannel, parseRequest } from "../../shared/ipc/contract.ts";
import { decodeEnvelope, REQUEST_LIMITS } from "../../shared/ipc/envelope.ts";
import type { DecodeMessage, DecodeReply } from "./requestDecoderProtocol.ts";

const bodies = new Map<number, { channel: string; parts: Uint8Array[]; size: number }>();

function decode(channel: string, bytes: Uint8Array, id: number): DecodeReply {
  let raw: unknown;
  try {
    raw = decodeEnvelope(bytes, REQUEST_LIMITS);
  } catch (error) {
    return { id, kind: "bad-body", message: (error as Error).message };
  }
  try {
    if (!isChannel(channel)) throw new EpiscopeError("unknown-channel", `unknown channel ${JSON.stringify(channel)}`);
    return { id, kind: "ok", request: parseRequest(channel, raw) };
  } catch (error) {
    const e = error as EpiscopeError;
    return { id, kind: "invalid", error: { code: e.code ?? "invalid-request", message: e.message } };
  }
}

parentPort!.on("message", (message: DecodeMessage) => {
  switch (message.op) {
    case "start":
      bodies.set(message.id, { channel: message.channel, parts: [], size: 0 });
      return;
    case "chunk": {
      const body = bodies.get(message.id);
      if (body) {
        body.parts.push(message.bytes);
        body.size += message.bytes.byteLength;
      }
      return;
    }
    case "abort":
      bodies.delete(message.id);
      return;
    case "end": {
      const body = bodies.get(message.id);
      bodies.delete(message.id);
      if (!body) return;
      const bytes = new Uint8Array(body.size);
      let at = 0;
      for (const part of body.parts) {
        bytes.set(part, at);
        at += part.byteLength;
      }
      body.parts.length = 0;
      parentPort!.postMessage(decode(body.channel, bytes, message.id));
    }
  }
});
