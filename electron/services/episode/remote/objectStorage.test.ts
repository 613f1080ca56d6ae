/**
 * Episodes on object storage (issue #18), against a real S3-protocol server on loopback (s3rver, started here) and
 * the real @aws-sdk/client-s3: a generated 3-camera episode (23 MB, 2 MiB chunks) opened as `s3://bucket/key` gives
 * the same summary, first frames and joint series as the local file, fetching a small fraction of the object; a
 * reopen fetches nothing (block cache on disk); a replaced object is reported as changed, a missing one by name.
 * Also plain HTTPS-style URLs (http:// on loopback: no certificate here) through range requests.
 */
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LoadedEpisode } from "../loadedEpisode.ts";
import { LARGE_CAMERAS, LARGE_JOINTS, writeLargeMcap } from "../testLargeMcap.ts";
import { objectBytesFetched, RemoteEpisodeFile } from "./remoteEpisodeFile.ts";
import { startObjectServers, type ObjectServers } from "./testObjectServers.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "episcope-s3-"));
const files = path.join(tmp, "files");
const local = path.join(files, "episode.mcap");
const BUCKET = "episodes";
let servers: ObjectServers;
let s3: S3Client;

/** What a reviewer sees of an episode: summary, the first frame of each camera, the joint series. */
async function view(absPath: string) {
  const episode = await LoadedEpisode.open({ episodeId: "e", absPath, relPath: "episode.mcap" });
  try {
    const { access: _access, ...summary } = episode.summary;
    const frames = LARGE_CAMERAS.map((topic) => Buffer.from(episode.frames(topic, 0, 0)[0]!.data).toString("base64"));
    return { summary, frames, episode };
  } catch (error) {
    episode.close();
    throw error;
  }
}

beforeAll(async () => {
  fs.mkdirSync(files);
  await writeLargeMcap(local, { sizeBytes: 0, paddings: 0, seconds: 10 });
  servers = await startObjectServers(path.join(tmp, "s3"), files, BUCKET);
  // The standard AWS environment (credentials, region, endpoint); the range-fetch worker inherits it.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_S3: servers.s3Endpoint,
    EPISCOPE_OBJECT_CACHE: path.join(tmp, "cache"),
  });
  s3 = new S3Client({ endpoint: servers.s3Endpoint, forcePathStyle: true, region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "robot/episode.mcap", Body: fs.readFileSync(local) }));
}, 120_000);

afterAll(async () => {
  await servers?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("an episode on S3 (s3rver on loopback)", () => {
  const url = `s3://${BUCKET}/robot/episode.mcap`;

  it("opens with the local file's summary, first frames and joint series, fetching a small fraction of the object", async () => {
    const size = fs.statSync(local).size;
    const expected = await view(local);
    const before = objectBytesFetched();
    const remote = await view(url);
    try {
      const opened = objectBytesFetched() - before;
      expect(remote.episode.summary.access).toBe("range");
      expect(remote.summary).toEqual(expected.summary);
      expect(remote.frames).toEqual(expected.frames);
      const fraction = opened / size;
      console.log(`opened + one frame per camera: ${opened} of ${size} bytes fetched (${(fraction * 100).toFixed(2)} %)`);
      expect(fraction).toBeLessThan(0.1);
      // The joint series touches the chunks that hold joints (here every chunk: joints and frames interleave).
      expect(remote.episode.series(LARGE_JOINTS)).toEqual(expected.episode.series(LARGE_JOINTS));
    } finally {
      remote.episode.close();
      expected.episode.close();
    }
  }, 120_000);

  it("a reopen is served from the block cache on disk: nothing fetched", async () => {
    await view(url).then((v) => v.episode.close()); // warm (the series above already fetched every chunk)
    const before = objectBytesFetched();
    const again = await view(url);
    again.episode.series(LARGE_JOINTS);
    again.episode.close();
    expect(objectBytesFetched() - before).toBe(0);
  }, 120_000);

  it("a missing object is refused by name; a replaced one is reported as changed, never mixed", async () => {
    await expect(LoadedEpisode.open({ episodeId: "x", absPath: `s3://${BUCKET}/robot/nope.mcap`, relPath: "nope.mcap" })).rejects.toMatchObject({
      code: "not-found",
      message: expect.stringContaining(`s3://${BUCKET}/robot/nope.mcap: no such object`),
    });
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "robot/other.mcap", Body: fs.readFileSync(local) }));
    const file = new RemoteEpisodeFile(`s3://${BUCKET}/robot/other.mcap`);
    try {
      file.read(0, 16);
      const replaced = Buffer.from(fs.readFileSync(local));
      replaced.writeUInt8(replaced.readUInt8(file.size - 1) ^ 0xff, file.size - 1);
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "robot/other.mcap", Body: replaced }));
      expect(() => file.read(file.size - 100, 100)).toThrow(expect.objectContaining({ code: "file-changed", message: expect.stringMatching(/other\.mcap: the object changed in the store/) }));
    } finally {
      file.close();
    }
  }, 60_000);
});

describe("an episode behind a plain http(s) URL", () => {
  it("opens through range requests with the local file's summary and first frames", async () => {
    process.env.EPISCOPE_OBJECT_CACHE = path.join(tmp, "cache-http");
    const expected = await view(local);
    const remote = await view(`${servers.httpBase}/episode.mcap`);
    try {
      expect(remote.summary).toEqual(expected.summary);
      expect(remote.frames).toEqual(expected.frames);
    } finally {
      remote.episode.close();
      expected.episode.close();
    }
  }, 60_000);
});
