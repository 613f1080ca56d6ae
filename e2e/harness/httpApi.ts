import { createApi, EpiscopeError, type EpiscopeApi, type IpcResult } from "../../shared/ipc/contract.ts";
import { decodeEnvelope, encodeEnvelope } from "../../shared/ipc/envelope.ts";

/**
 * The typed API of a running `episcope serve`, called from the test process over the same HTTP transport as the
 * renderer — used to compute expected values (frame times, counts) independently of the UI.
 */
export function httpApi(baseUrl: string): EpiscopeApi {
  return createApi(async (channel, request) => {
    const response = await fetch(`${baseUrl}/api/${channel}`, { method: "POST", body: encodeEnvelope(request) });
    const result = decodeEnvelope(new Uint8Array(await response.arrayBuffer())) as IpcResult<never>;
    if (!result.ok) throw new EpiscopeError(result.error.code, result.error.message);
    return result.value;
  });
}
