import { createApi, EpiscopeError, type EpiscopeApi, type IpcResult } from "../../shared/ipc/contract.ts";
import { decodeEnvelope, encodeEnvelope } from "../../shared/ipc/envelope.ts";
import { tokenOf } from "./serveProcess.ts";

/**
 * The typed API of a running `episcope serve`, called from the test process over the same HTTP transport as the
 * renderer — used to compute expected values (frame times, counts) independently of the UI. Sends the server's token
 * (`Authorization: token <T>`; default: the one startServe saw for `baseUrl`).
 * @throws EpiscopeError with the server's code, or code `http` with the status for a refused request (401, 403).
 */
export function httpApi(baseUrl: string, token: string | null = tokenOf(baseUrl)): EpiscopeApi {
  return createApi(async (channel, request) => {
    const response = await fetch(`${baseUrl}/api/${channel}`, {
      method: "POST",
      body: encodeEnvelope(request),
      headers: token ? { authorization: `token ${token}` } : {},
    });
    if (response.headers.get("content-type") !== "application/x-episcope-envelope") {
      throw new EpiscopeError("http", `${channel}: HTTP ${response.status} ${await response.text()}`);
    }
    const result = decodeEnvelope(new Uint8Array(await response.arrayBuffer())) as IpcResult<never>;
    if (!result.ok) throw new EpiscopeError(result.error.code, result.error.message);
    return result.value;
  });
}
