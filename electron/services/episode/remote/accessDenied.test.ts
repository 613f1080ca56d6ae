/**
 * Credentials that the store refuses (HTTP 403 AccessDenied), for a dataset root and for one episode. s3rver, the
 * S3-protocol server the other object-storage tests use, checks no signatures, so this test starts its own loopback
 * server (in a child process: the engine's object reads block their thread) that answers every S3 request the way S3
 * answers a refused signature — 403 with an `AccessDenied` error document — and the real @aws-sdk/client-s3 talks to it.
 * The errors must say "access denied", name the URL, and never carry the secret key.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LoadedEpisode } from "../loadedEpisode.ts";
import { ObjectPrefixRoot } from "./objectPrefixRoot.ts";

const SECRET = "wJalrXUtnFEMI-this-secret-must-never-be-printed";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-s3-denied-"));
let server: ChildProcess;

const DENY = `
import http from "node:http";
const body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>1</RequestId></Error>';
const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(403, { "content-type": "application/xml", "x-amz-request-id": "1" }).end(req.method === "HEAD" ? undefined : body));
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
`;

beforeAll(async () => {
  server = spawn(process.execPath, ["--input-type=module", "-e", DENY], { stdio: ["ignore", "pipe", "inherit"] });
  const [line] = (await once(server.stdout!, "data")) as [Buffer];
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${Number(line.toString())}`,
    EPISCOPE_OBJECT_CACHE: path.join(tmp, "cache"),
  });
});

afterAll(() => {
  server?.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("object storage that refuses the credentials (HTTP 403 AccessDenied)", () => {
  it("a dataset root's listing fails as forbidden, naming the root and pointing at the credentials", () => {
    const root = new ObjectPrefixRoot("s3://robot-data/set1", { labels: path.join(tmp, "labels") });
    let error: unknown;
    try {
      root.list();
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: "forbidden" });
    const message = (error as Error).message;
    expect(message).toContain("s3://robot-data/set1");
    expect(message).toMatch(/access denied/i);
    expect(message).toMatch(/credentials/);
    expect(message).not.toContain(SECRET);
  });

  it("an episode fails to open with an error naming its URL and the refusal, without the secret", async () => {
    const url = "s3://robot-data/set1/ep_0001.mcap";
    const opened = LoadedEpisode.open({ episodeId: "e", absPath: url, relPath: "ep_0001.mcap" });
    await expect(opened).rejects.toThrow(url);
    const message = await opened.then(
      () => "",
      (e: Error) => e.message,
    );
    expect(message).toMatch(/access denied .*HTTP 403; check the AWS credentials/);
    expect(message).not.toContain(SECRET);
  });
});
