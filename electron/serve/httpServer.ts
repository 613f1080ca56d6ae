import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve, sep } from "node:path";
import type { IpcHandlers, IpcResult } from "../../shared/ipc/contract.ts";
import type { EventHub } from "../../shared/ipc/eventHub.ts";
import { serveEventStream } from "./eventStream.ts";
import { decodeEnvelope, encodeEnvelope, REQUEST_LIMITS } from "../../shared/ipc/envelope.ts";
import { asChannel, dispatchIpc, runValidated } from "../ipc/ipcDispatcher.ts";
import { RequestDecoderPool, type StreamedBody } from "./requestDecoderPool.ts";
import type { DecodeReply } from "./requestDecoderProtocol.ts";
import { contentSecurityPolicy, newCspNonce, withCspNonce } from "./contentSecurityPolicy.ts";
import { createServeToken, type ServeToken } from "./serveToken.ts";
import { requestUserToken, userCookieHeader, type ServeAccounts } from "./accountGuard.ts";

const ENVELOPE_TYPE = "application/x-episcope-envelope";
const MAX_REQUEST_BYTES = 64 * 1024 * 1024;
/** Bodies up to this size are decoded on the event loop; larger ones in the decoder worker (RequestDecoderPool). */
const INLINE_DECODE_BYTES = 256 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".woff2": "font/woff2",
};

/** A running `serve` HTTP server. */
export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** The secret every request must carry (null: `--no-token`). */
  token: string | null;
  close(): Promise<void>;
}

/** Header naming the calling page (its client id), passed to handlers as the call's origin. */
const CLIENT_HEADER = "x-episcope-client";
const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Serve the built renderer (`staticDir`), the IPC contract (`POST /api/<channel>`, bodies in the binary envelope) and
 * its events (`GET /events`, server-sent events from `events`) on 127.0.0.1 only. A call whose client goes away
 * before the reply (the page aborted the fetch: its AbortSignal fired) has its handler's signal fired — the HTTP form
 * of the call's `cancel`. Requests whose Host is not the loopback address (DNS rebinding) or whose Origin is foreign are
 * refused with 403. Bodies over 64 MiB get 413; envelopes are decoded within REQUEST_LIMITS (400 past them), bodies
 * over 256 KiB in a worker thread so one large request never stalls the others. Every other request must carry `token` (see serveToken.ts) or gets 401 before anything runs;
 * `GET /any/path?token=<token>` sets the session cookie and redirects to the same URL without the token.
 * @param port 0 picks a free port.
 * @param token the per-start secret; null serves without authentication (`--no-token`).
 * @param accounts when given (`serve --store`), requests carry a user's token instead (`Authorization: Bearer <T>` or
 *   the cookie set by `?token=<T>`), 401 without an active one, and are served by that account's handlers; a request
 *   its role may not make gets 403 with the coded error in the envelope.
 * @throws the listen error (EADDRINUSE, EACCES) naming the port.
 */
export async function startHttpServer(options: {
  handlers: IpcHandlers;
  staticDir: string;
  port: number;
  token: string | null;
  /** The events pages subscribe to (`GET /events`); without it, the endpoint answers 404. */
  events?: EventHub;
  accounts?: ServeAccounts;
}): Promise<RunningServer> {
  const { staticDir } = options;
  let guard: ServeToken | null = null;
  const decoders = new RequestDecoderPool();
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end(`internal error: ${(error as Error).message}`);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const port = (server.address() as AddressInfo).port;
    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    if (!allowedHosts.includes(req.headers.host ?? "")) return refuse(res, 403, "forbidden host");
    const origin = req.headers.origin;
    if (origin && !allowedHosts.some((h) => origin === `http://${h}`)) return refuse(res, 403, "forbidden origin");
    let url: URL;
    try {
      url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    } catch {
      return refuse(res, 400, "bad request URL");
    }
    if (!guard) return refuse(res, 503, "starting");
    const offered = url.searchParams.get("token");
    if (offered !== null && (req.method === "GET" || req.method === "HEAD") && !url.pathname.startsWith("/api/")) {
      const valid = options.accounts ? (await options.accounts.identify(offered)) !== null : guard.matches(offered);
      if (!valid) return refuse(res, 401, options.accounts ? "unknown or revoked user token" : "wrong token: open the URL printed by episcope serve");
      url.searchParams.delete("token");
      res.writeHead(303, {
        location: `${url.pathname}${url.search}`,
        "set-cookie": options.accounts ? userCookieHeader(port, offered) : guard.cookieHeader(),
        "cache-control": "no-store",
        "referrer-policy": "no-referrer",
      });
      return void res.end();
    }
    let handlers = options.handlers;
    if (options.accounts) {
      const token = requestUserToken(req, port);
      const account = token === null ? null : await options.accounts.identify(token);
      if (!account) {
        res.setHeader("connection", "close");
        return refuse(res, 401, "missing, unknown or revoked user token: sign in with the URL ?token=<your token> (episcope store user add)");
      }
      handlers = options.accounts.handlersFor(account);
    } else if (!guard.isAuthorized(req)) {
      // Refused before the body is read: nothing runs, nothing changes.
      res.setHeader("connection", "close");
      return refuse(res, 401, "missing or wrong token: open the URL with ?token= printed by episcope serve");
    }
    if (url.pathname.startsWith("/api/")) {
      if (req.method !== "POST") return refuse(res, 405, "use POST");
      return handleApi(url.pathname.slice("/api/".length), req, res, handlers);
    }
    if (req.method !== "GET" && req.method !== "HEAD") return refuse(res, 405, "method not allowed");
    if (url.pathname === "/events") {
      if (!options.events) return refuse(res, 404, "this server publishes no events");
      return serveEventStream(req, res, options.events);
    }
    return serveStatic(url.pathname, res);
  }

  async function handleApi(channelName: string, req: IncomingMessage, res: ServerResponse, handlers: IpcHandlers): Promise<void> {
    const channel = asChannel(channelName);
    if (!channel) return refuse(res, 404, `unknown channel ${JSON.stringify(channelName.slice(0, 100))}`);
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > MAX_REQUEST_BYTES) {
      res.setHeader("connection", "close");
      return refuse(res, 413, `request larger than ${MAX_REQUEST_BYTES} bytes`);
    }
    // The client going away before the reply is the call's cancel.
    const cancel = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) cancel.abort();
    });
    const client = req.headers[CLIENT_HEADER];
    const call = { signal: cancel.signal, origin: typeof client === "string" && CLIENT_ID.test(client) ? client : null };
    let body: Uint8Array | DecodeReply;
    try {
      body = await receiveBody(channel, req, decoders);
    } catch (error) {
      res.setHeader("connection", "close");
      return refuse(res, 413, (error as Error).message);
    }
    let result: IpcResult<unknown>;
    if (body instanceof Uint8Array) {
      // The usual call (playback, saves): decoded here, bounded by REQUEST_LIMITS, in well under a millisecond.
      let raw: unknown;
      try {
        raw = decodeEnvelope(body, REQUEST_LIMITS);
      } catch (error) {
        return refuse(res, 400, `bad request body: ${(error as Error).message}`);
      }
      result = await dispatchIpc(handlers, channel, raw, call);
    } else {
      if (body.kind === "bad-body") return refuse(res, 400, `bad request body: ${body.message}`);
      result = body.kind === "invalid" ? { ok: false, error: body.error } : await runValidated(handlers, channel, body.request, call);
    }
    if (cancel.signal.aborted) return; // nobody to answer
    const reply = encodeEnvelope(result);
    // A role's refusal (accounts) is a 403 carrying the coded error, so clients show its message.
    const status = !result.ok && result.error.code === "forbidden" ? 403 : 200;
    res.writeHead(status, { "content-type": ENVELOPE_TYPE, "content-length": reply.byteLength, "cache-control": "no-store" });
    res.end(reply);
  }

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    const root = resolve(staticDir);
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return refuse(res, 400, "bad percent-escape in the URL path");
    }
    if (decoded.includes("\0")) return refuse(res, 400, "NUL in the URL path");
    let file = resolve(join(root, normalize(decoded)));
    if (file !== root && !file.startsWith(root + sep)) return refuse(res, 403, "forbidden path");
    let info = await stat(file).catch(() => null);
    if (!info || info.isDirectory()) {
      // Single-page app: unknown routes get index.html; missing assets (with an extension) are 404.
      if (extname(pathname) && !info) return refuse(res, 404, "not found");
      file = join(root, "index.html");
      info = await stat(file).catch(() => null);
      if (!info) return refuse(res, 500, `the renderer is not built: ${file} is missing (run npm run build)`);
    }
    const nonce = newCspNonce();
    const headers = {
      "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
      "content-security-policy": contentSecurityPolicy(nonce),
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cache-control": extname(file) === ".html" ? "no-cache" : "max-age=3600",
    };
    if (extname(file) === ".html") {
      // The page carries this response's style nonce (see contentSecurityPolicy.ts).
      const html = Buffer.from(withCspNonce(await readFile(file, "utf8"), nonce));
      res.writeHead(200, { ...headers, "content-length": html.byteLength });
      return void res.end(html);
    }
    res.writeHead(200, { ...headers, "content-length": info.size });
    createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(new Error(`cannot listen on 127.0.0.1:${options.port}: ${error.code ?? error.message}`)),
    );
    server.listen(options.port, "127.0.0.1", () => resolvePromise());
  });
  const port = (server.address() as AddressInfo).port;
  guard = createServeToken(options.token, port);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    token: options.token,
    close: () =>
      new Promise<void>((resolvePromise) => {
        server.closeAllConnections();
        server.close(() => void decoders.close().then(() => resolvePromise()));
      }),
  };
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(message);
}

/**
 * Read a request body: up to INLINE_DECODE_BYTES it is returned as bytes; past that every chunk is streamed to the
 * decoder worker (`decoders`), which answers with the decoded request.
 * @throws Error when the body passes MAX_REQUEST_BYTES (the worker's copy is dropped)
 */
async function receiveBody(channel: string, req: IncomingMessage, decoders: RequestDecoderPool): Promise<Uint8Array | DecodeReply> {
  const parts: Buffer[] = [];
  let size = 0;
  let streamed: StreamedBody | null = null;
  try {
    for await (const part of req as AsyncIterable<Buffer>) {
      size += part.length;
      if (size > MAX_REQUEST_BYTES) throw new Error(`request larger than ${MAX_REQUEST_BYTES} bytes`);
      if (streamed) streamed.push(part);
      else {
        parts.push(part);
        if (size > INLINE_DECODE_BYTES) {
          streamed = decoders.begin(channel);
          for (const p of parts.splice(0)) streamed.push(p);
        }
      }
    }
  } catch (error) {
    streamed?.abort();
    throw error;
  }
  if (streamed) return streamed.end();
  const body = Buffer.concat(parts);
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
}
