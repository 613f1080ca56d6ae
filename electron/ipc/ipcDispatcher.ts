import {
  EpiscopeError,
  type CallContext,
  isChannel,
  parseRequest,
  type Channel,
  type IpcHandlers,
  type IpcResult,
} from "../../shared/ipc/contract.ts";

/**
 * Validate and run one IPC call: unknown channels and invalid requests are refused with a coded error before any
 * handler runs; thrown errors become `{ ok: false, error }` so both transports (Electron IPC, HTTP) report them alike.
 * @param call the call's cancel signal and origin (default: never cancelled, no origin)
 * Never throws.
 */
export async function dispatchIpc(handlers: IpcHandlers, channel: string, rawRequest: unknown, call: CallContext = uncancelled()): Promise<IpcResult<unknown>> {
  try {
    if (!isChannel(channel)) throw new EpiscopeError("unknown-channel", `unknown channel ${JSON.stringify(channel)}`);
    return runValidated(handlers, channel, parseRequest(channel, rawRequest), call);
  } catch (error) {
    return asResult(error);
  }
}

/**
 * Run the handler of `channel` on a request that parseRequest already validated (e.g. in serve's decoder worker).
 * Never throws.
 */
export async function runValidated(handlers: IpcHandlers, channel: Channel, request: unknown, call: CallContext = uncancelled()): Promise<IpcResult<unknown>> {
  try {
    const handler = handlers[channel] as (request: unknown, call: CallContext) => Promise<unknown>;
    return { ok: true, value: await handler(request, call) };
  } catch (error) {
    return asResult(error);
  }
}

/** A thrown error as an IpcResult (its code when it has one, else `internal`). */
function asResult(error: unknown): IpcResult<unknown> & { ok: false } {
  if (error instanceof EpiscopeError) return { ok: false, error: { code: error.code, message: error.message } };
  const e = error as Error & { code?: unknown };
  return {
    ok: false,
    error: { code: typeof e.code === "string" ? e.code : "internal", message: e.message || String(error) },
  };
}

/** Narrow a string to a channel id, for transports that receive the channel as text. */
export function asChannel(name: string): Channel | null {
  return isChannel(name) ? name : null;
}

/** The context of a call nobody can cancel (CLI, tests). */
export function uncancelled(origin: string | null = null): CallContext {
  return { signal: new AbortController().signal, origin };
}
