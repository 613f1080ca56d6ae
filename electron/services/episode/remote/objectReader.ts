/**
 * Asynchronous range reads of one object: `s3://` through `@aws-sdk/client-s3` (credentials from the standard AWS
 * environment variables, shared config/credentials files and profiles — the SDK's default provider chain; an
 * S3-compatible endpoint from `AWS_ENDPOINT_URL_S3` or `AWS_ENDPOINT_URL`, addressed path-style), `http(s)://`
 * through `fetch` with a `Range` header (RFC 9110 §14). Every read names the object without credentials or query.
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { parseObjectUrl, redactUrl, type ObjectLocation } from "./objectUrl.ts";

/** Size (bytes) and entity tag of an object. */
export interface ObjectHead {
  size: number;
  etag: string | null;
}

let client: S3Client | null = null;

/** One S3 client per process (it pools its connections). */
function s3(): S3Client {
  const endpoint = process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
  // The SDK warns on Node < 22 about its releases after January 2027; the version pinned here supports Node 20 (the
  // README's minimum), so the 8-line notice on every s3:// command's stderr tells the user nothing they can act on.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  client ??= new S3Client({
    region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1",
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
  });
  return client;
}

/** A read failure as an Error naming the object and what was asked, without secrets. */
function objectError(url: string, what: string, error: unknown): Error {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  if (status === 412) return Object.assign(new Error(`${redactUrl(url)}: the object changed in the store (${what}) — reload`), { code: "file-changed" });
  if (status === 404 || e.name === "NoSuchKey" || e.name === "NotFound") return Object.assign(new Error(`${redactUrl(url)}: no such object`), { code: "not-found" });
  // A HEAD answer has no error document, so the SDK names a 403 only by its status.
  if (status === 403 || e.name === "AccessDenied") {
    return Object.assign(new Error(`${redactUrl(url)}: access denied (${what}, HTTP 403; check the AWS credentials/profile)`), { code: "forbidden" });
  }
  return Object.assign(new Error(`${redactUrl(url)}: ${what} failed: ${e.name ?? "error"}${status ? ` (HTTP ${status})` : ""}${e.message ? `: ${e.message}` : ""}`), {
    code: "read-failed",
  });
}

/**
 * Size and entity tag of the object at `url`.
 * @throws Error with `code` `not-found`, `forbidden` (HTTP 403) or `read-failed`, naming the URL
 */
export async function headObject(url: string): Promise<ObjectHead> {
  const where: ObjectLocation = parseObjectUrl(url);
  try {
    if (where.kind === "s3") {
      const head = await s3().send(new HeadObjectCommand({ Bucket: where.bucket, Key: where.key }));
      return { size: Number(head.ContentLength ?? 0), etag: head.ETag ?? null };
    }
    const response = await fetch(where.url, { method: "HEAD" });
    if (response.status === 404) throw Object.assign(new Error("not found"), { $metadata: { httpStatusCode: 404 } });
    if (!response.ok) throw Object.assign(new Error(response.statusText), { $metadata: { httpStatusCode: response.status } });
    return { size: Number(response.headers.get("content-length") ?? 0), etag: response.headers.get("etag") };
  } catch (error) {
    throw objectError(url, "HEAD", error);
  }
}

/**
 * `length` bytes at byte `offset` of the object at `url`, fetched with one range request; `etag`, when given, must
 * still match (If-Match), so a replaced object is reported, never mixed with cached bytes of the old one.
 * @throws Error with `code` `file-changed` (the entity tag no longer matches), `not-found`, `forbidden` (HTTP 403) or `read-failed` (also
 *   when a server ignores the range and sends the whole object), naming the URL and the range
 */
export async function readObjectRange(url: string, offset: number, length: number, etag: string | null): Promise<Uint8Array> {
  const where = parseObjectUrl(url);
  const range = `bytes=${offset}-${offset + length - 1}`;
  try {
    let bytes: Uint8Array;
    if (where.kind === "s3") {
      const got = await s3().send(new GetObjectCommand({ Bucket: where.bucket, Key: where.key, Range: range, ...(etag ? { IfMatch: etag } : {}) }));
      bytes = await got.Body!.transformToByteArray();
      // Stores that ignore If-Match (some S3-compatible ones) still name the version they sent.
      if (etag && got.ETag && got.ETag !== etag) throw Object.assign(new Error("entity tag changed"), { $metadata: { httpStatusCode: 412 } });
    } else {
      const response = await fetch(where.url, { headers: { range, ...(etag ? { "if-match": etag } : {}) } });
      if (response.status !== 206) {
        await response.body?.cancel();
        if (response.status === 200) throw new Error("the server ignored the Range header (no range requests)");
        throw Object.assign(new Error(response.statusText), { $metadata: { httpStatusCode: response.status } });
      }
      bytes = new Uint8Array(await response.arrayBuffer());
      const sent = response.headers.get("etag");
      if (etag && sent && sent !== etag) throw Object.assign(new Error("entity tag changed"), { $metadata: { httpStatusCode: 412 } });
    }
    if (bytes.length !== length) throw new Error(`got ${bytes.length} bytes`);
    return bytes;
  } catch (error) {
    throw objectError(url, `range read ${range}`, error);
  }
}

/** One object of a listing: its key, size (bytes), last modification (ms since the epoch) and entity tag. */
export interface ListedObject {
  key: string;
  size: number;
  lastModifiedMs: number;
  etag: string | null;
}

/** One page of a listing and the token of the next (null: the last page). */
export interface ObjectListPage {
  objects: ListedObject[];
  next: string | null;
}

/**
 * One page (at most 1000 keys, S3's page size) of the objects of `bucket` whose keys start with `prefix`
 * (ListObjectsV2), from `continuation` (the previous page's `next`; null for the first page).
 * @param where the root as the user named it (`s3://bucket/prefix`), for messages
 * @throws Error with `code` `not-found` (no such bucket), `forbidden` (access denied) or `read-failed`, naming `where`
 *   (without credentials or query)
 */
export async function listObjectPage(bucket: string, prefix: string, continuation: string | null, where: string): Promise<ObjectListPage> {
  try {
    const page = await s3().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(continuation ? { ContinuationToken: continuation } : {}) }));
    return {
      objects: (page.Contents ?? []).map((o) => ({
        key: o.Key ?? "",
        size: Number(o.Size ?? 0),
        lastModifiedMs: o.LastModified ? o.LastModified.getTime() : 0,
        etag: o.ETag ?? null,
      })),
      next: page.IsTruncated && page.NextContinuationToken ? page.NextContinuationToken : null,
    };
  } catch (error) {
    const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    const status = e.$metadata?.httpStatusCode;
    const named = redactUrl(where);
    if (e.name === "NoSuchBucket" || status === 404) throw Object.assign(new Error(`${named}: no such bucket ${JSON.stringify(bucket)}`), { code: "not-found" });
    if (e.name === "AccessDenied" || status === 403) {
      throw Object.assign(new Error(`${named}: access denied listing bucket ${JSON.stringify(bucket)} prefix ${JSON.stringify(prefix)} (HTTP 403; check the AWS credentials/profile)`), { code: "forbidden" });
    }
    throw Object.assign(new Error(`${named}: listing bucket ${JSON.stringify(bucket)} prefix ${JSON.stringify(prefix)} failed: ${e.name ?? "error"}${status ? ` (HTTP ${status})` : ""}${e.message ? `: ${e.message}` : ""}`), {
        code: "read-failed",
      });
  }
}
