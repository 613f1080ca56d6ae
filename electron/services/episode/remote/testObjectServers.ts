/**
 * Test helper: an S3-protocol server (s3rver) and a plain HTTP file server with range requests, on loopback, in a
 * child process — the engine's object reads block their thread while the fetch worker waits for the answer, so the
 * servers must not share the test's event loop.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { findRepoRoot } from "../mmapAddon.ts";

/** The running servers. */
export interface ObjectServers {
  /** `http://127.0.0.1:<port>` of the S3 server (credentials S3RVER / S3RVER). */
  s3Endpoint: string;
  /** Base URL of the file server: `<base>/<name>` serves `<files>/<name>` with Range support and an ETag. */
  httpBase: string;
  stop(): Promise<void>;
}

const SCRIPT = `
import S3rver from "s3rver";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
const [dir, files, bucket] = process.argv.slice(1);
const s3 = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
const { port: s3Port } = await s3.run();
const files_ = http.createServer((req, res) => {
  const file = path.join(files, path.basename(req.url));
  if (!fs.existsSync(file)) return res.writeHead(404).end();
  const bytes = fs.readFileSync(file);
  const etag = '"' + fs.statSync(file).mtimeMs + '"';
  const range = /^bytes=(\\d+)-(\\d+)$/.exec(req.headers.range ?? "");
  if (req.method === "HEAD") return res.writeHead(200, { "content-length": bytes.length, etag, "accept-ranges": "bytes" }).end();
  if (!range) return res.writeHead(200, { "content-length": bytes.length, etag }).end(bytes);
  const start = Number(range[1]), end = Number(range[2]);
  res.writeHead(206, { "content-range": "bytes " + start + "-" + end + "/" + bytes.length, "content-length": end - start + 1, etag }).end(bytes.subarray(start, end + 1));
});
files_.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ s3Port, httpPort: files_.address().port })));
`;

/**
 * Start both servers: S3 data in `dir` with bucket `bucket`, the file server serving the files of `files`.
 * @throws Error when the child does not report its ports
 */
export async function startObjectServers(dir: string, files: string, bucket: string): Promise<ObjectServers> {
  const child: ChildProcess = spawn(process.execPath, ["--input-type=module", "-e", SCRIPT, dir, files, bucket], {
    cwd: findRepoRoot()!,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = (await Promise.race([
    once(child.stdout!, "data"),
    once(child, "exit").then(() => {
      throw new Error("the object servers exited before reporting their ports");
    }),
  ])) as [Buffer];
  const { s3Port, httpPort } = JSON.parse(line.toString()) as { s3Port: number; httpPort: number };
  return {
    s3Endpoint: `http://127.0.0.1:${s3Port}`,
    httpBase: `http://127.0.0.1:${httpPort}`,
    stop: async () => {
      child.kill();
      if (child.exitCode === null) await once(child, "exit");
    },
  };
}
