/**
 * The IPC contract, declared once: every operation the renderer may ask of the Node side, with the schema of its
 * request (validated on the Node side before any handler runs) and the type of its response.
 *
 * The Electron preload, the main-process handler table and the `serve` HTTP adapter are all built from this table,
 * so nobody writes a channel string by hand (pattern: VS Code's ProxyChannel).
 */
import { z } from "zod";
import type { z as z4 } from "zod/v4";
import {
  annotationDocumentSchema,
  type AnnotationDocument,
  type AnnotationDocumentInput,
  type Annotator,
} from "../annotation.ts";
import type { DatasetAgreement } from "../agreement/agreementReport.ts";
import { migrateAnnotation } from "../annotation/migrate.ts";
import type {
  AnnotationFileStatus,
  AnnotationOpenResult,
  AnnotatorSettings,
  DatasetConfigInfo,
} from "../annotation/storeTypes.ts";
import type { AuditReport } from "../audit/auditReport.ts";
import type { DatasetRows, IndexProgress } from "../dataset/datasetRow.ts";
import { METADATA_FIELDS } from "../dataset/datasetRow.ts";
import type { MetadataExport, MetadataImportResult } from "../dataset/metadataTable.ts";
import type { ImportProgress } from "../import/importJob.ts";
import type { FrameStamps } from "../playback/headerStamp.ts";
import { episodePathProblem, nameProblem } from "./identifiers.ts";
import { EXPORT_FORMAT_NAMES, type ExportJobProgress, type ExportPreview } from "../export/exportJob.ts";
import type {
  CameraFrame,
  DownsampledSeries,
  EpisodeListing,
  EpisodeSummary,
  FolderListing,
  FrameIndex,
  NumericSeries,
  SeriesField,
} from "../episode.ts";

/** A method: its request schema; `Res` is the response type (phantom, for typing only). */
export interface MethodSpec<Req extends z.ZodTypeAny, Res> {
  request: Req;
  /** Never set; carries the response type. */
  readonly _response?: Res;
}

const method =
  <Res>() =>
  <Req extends z.ZodTypeAny>(request: Req): MethodSpec<Req, Res> => ({ request });

/** Turn a problem function of identifiers.ts into a zod v3 string schema (the message names the rule broken). */
const checkedString = (problem: (s: string) => string | null) =>
  z.string().superRefine((s, ctx) => {
    const message = problem(s);
    if (message) ctx.addIssue({ code: z.ZodIssueCode.custom, message });
  });

/** Episode path relative to the dataset folder (see episodePathProblem). */
const relativePath = checkedString(episodePathProblem);

/** Annotator id or label-layer name: one folder name (see nameProblem). */
const layerName = checkedString(nameProblem);

const episodeId = z.string().min(1).max(64);

/**
 * Use a zod v4 schema (the annotation model is written with `zod/v4` for JSON Schema generation) inside this v3
 * contract: validates with the v4 schema and reports its issues at their paths. `prepare` runs first (migrations).
 */
function fromV4<In, Out>(schema: z4.ZodType<Out, In>, prepare: (raw: unknown) => unknown = (raw) => raw) {
  return z.custom<In>(() => true).transform((value, ctx): Out => {
    const result = schema.safeParse(prepare(value));
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: issue.path.map((p) => (typeof p === "number" ? p : String(p))),
        message: issue.message,
      });
    }
    return z.NEVER;
  });
}

/** The layer an annotation call reads/writes: absent = the current annotator's, `adjudicated` = the lead's resolution. */
const writeLayer = z.literal("adjudicated").optional();

/** An annotation document in a request: schema /2, or /1 (migrated). */
const annotationDocument = fromV4<AnnotationDocumentInput, AnnotationDocument>(annotationDocumentSchema, migrateAnnotation);
const topic = z.string().min(1).max(1024);

/** Facts about the running app. */
export interface AppInfo {
  version: string;
  mode: "desktop" | "serve";
  annotator: Annotator;
}

/** Result of a save. */
export interface SaveResult {
  revision: number;
  updatedAt: string;
  /** Path of the written file relative to the dataset folder. */
  file: string;
}

/** An export request (see shared/export/exportJob.ts). */
const exportRequest = z.object({
  format: z.enum(EXPORT_FORMAT_NAMES),
  out: z.string().min(1).max(4096),
  force: z.boolean().optional(),
  fps: z.number().positive().max(10_000).optional(),
  annotator: layerName.optional(),
  status: z.array(z.string().min(1).max(64)).max(16).optional(),
  outcome: z.array(z.string().min(1).max(64)).max(16).optional(),
  flags: z.array(z.string().min(1).max(64)).max(64).optional(),
});

export const ipcContract = {
  "app.info": method<AppInfo>()(z.object({})),
  /** Episodes under the root folder. */
  "episode.list": method<EpisodeListing>()(z.object({})),
  /**
   * The sub-folders and episodes of folder `dir` (relative to the root; "" = the root) for the Open dialog; only the
   * served episode when one file is served. Errors: `invalid-path` (absolute, `..`, a link out of the root),
   * `not-found`, `not-a-folder`.
   */
  "episode.browse": method<FolderListing>()(z.object({ dir: z.string().max(4096) })),
  /** Open (or re-use) an episode. Errors name the file and what is wrong with it. */
  "episode.open": method<EpisodeSummary>()(z.object({ path: relativePath })),
  /** Close an opened episode (its file and caches); the service also closes the least recently used past its limit. */
  "episode.close": method<null>()(z.object({ episodeId })),
  /**
   * Log times and keyframe flags of every frame of a camera topic; a video camera's flags may be known only for its
   * first frames at first (FrameIndex.keyframesKnown; all of them come from `episode.keyframes`). With `leadAtNs` (log
   * time, ns), the frames needed to decode the frame shown then come along (FrameIndex.lead).
   */
  "episode.frameIndex": method<FrameIndex>()(z.object({ episodeId, topic, leadAtNs: z.bigint().optional() })),
  /** Every keyframe flag of a camera topic (FrameIndex.keyframes, all read): one pass over the frames' headers, once. */
  "episode.keyframes": method<Uint8Array>()(z.object({ episodeId, topic })),
  /** Header stamps of a camera's frames (to sync it by capture time), or why they cannot be used. */
  "episode.frameStamps": method<FrameStamps>()(z.object({ episodeId, topic })),
  /**
   * Frames `from..to` (inclusive indexes into the FrameIndex) of a camera topic, any number of them: the service reads
   * them in batches and stops between batches (and inside one) when the call is cancelled (`signal`).
   */
  "episode.frames": method<CameraFrame[]>()(
    z
      .object({ episodeId, topic, from: z.number().int().nonnegative(), to: z.number().int().nonnegative() })
      .refine((r) => r.to >= r.from, { message: "need from ≤ to" }),
  ),
  /** Every numeric field of a channel over the whole episode (JointState: position per joint). */
  "episode.series": method<NumericSeries>()(z.object({ episodeId, topic })),
  /** The numeric fields of a channel (for the plot field picker). */
  "episode.fields": method<SeriesField[]>()(z.object({ episodeId, topic })),
  /**
   * Numeric fields of a channel over [startNs, endNs] (log time, ns), min/max-downsampled to `buckets` buckets;
   * `fields` (flattened paths) restricts the columns, all when absent.
   */
  "episode.seriesRange": method<DownsampledSeries>()(
    z
      .object({
        episodeId,
        topic,
        startNs: z.bigint(),
        endNs: z.bigint(),
        buckets: z.number().int().min(1).max(20_000),
        fields: z.array(z.string().min(1)).max(256).optional(),
      })
      .refine((r) => r.endNs >= r.startNs, { message: "need startNs ≤ endNs" }),
  ),
  /**
   * The current annotator's document for an episode, or null when there is none yet (schema /1 is migrated).
   * `layer: "adjudicated"` (also on open, status and save) reads and writes the adjudicated layer instead, whatever
   * the annotator identity (a lead adjudicating, DESIGN §9).
   * Errors: `bad-annotation` naming the file and field when the file is damaged (use `annotation.open`).
   */
  "annotation.load": method<AnnotationDocument | null>()(z.object({ path: relativePath, layer: writeLayer })),
  /**
   * Read the document leniently — also how to reload it after a `conflict`: what validates, every problem at its
   * field path, a backup of a damaged original, and whether saving needs `overwrite`.
   */
  "annotation.open": method<AnnotationOpenResult>()(z.object({ path: relativePath, layer: writeLayer })),
  /** Another annotator's document for an episode, read-only (overlay of their layer), or null. Errors: `bad-annotation`. */
  "annotation.layer": method<AnnotationDocument | null>()(
    z.object({ path: relativePath, annotator: layerName }),
  ),
  /** The document's file now (revision, SHA-256, mtime) and whether it changed on disk since this server read it. */
  "annotation.status": method<AnnotationFileStatus>()(z.object({ path: relativePath, layer: writeLayer })),
  /**
   * Save the current annotator's document: journalled, atomic, durable when this resolves. `document.revision` is the
   * revision it was based on. Errors: `invalid-annotation` (a rule broken, at its field), `conflict` (the file changed
   * on disk), `needs-overwrite` (the file on disk is damaged; a backup is kept) — the last two unless `overwrite`.
   */
  "annotation.save": method<SaveResult>()(
    z.object({ path: relativePath, document: annotationDocument, overwrite: z.boolean().optional(), layer: writeLayer }),
  ),
  /** The dataset's `.episcope/config.json` with defaults applied, and each problem of the file at its field path. */
  "dataset.config": method<DatasetConfigInfo>()(z.object({})),
  /**
   * Start indexing the dataset folder (or join the running job): new and changed episodes are summarized in worker
   * threads, unchanged ones come from `.episcope/cache/`. Returns at once; progress comes as `job.progress` events (kind `index`).
   */
  "dataset.index": method<IndexProgress>()(z.object({})),
  /**
   * Progress of an indexing job (the latest when `jobId` is absent; null before any), for scripts: pages follow the
   * `job.progress` events. Errors: `unknown-job`.
   */
  "dataset.indexStatus": method<IndexProgress | null>()(z.object({ jobId: z.string().min(1).max(64).optional() })),
  /** Cancel an indexing job; what was indexed stays cached. Resolves when it stopped. Errors: `unknown-job`. */
  "dataset.cancelIndex": method<IndexProgress>()(z.object({ jobId: z.string().min(1).max(64) })),
  /** Every episode of the dataset: facts, metadata, every annotator's review; and the latest job's progress. */
  "dataset.rows": method<DatasetRows>()(z.object({})),
  /**
   * Set metadata fields of one episode in `.episcope/episodes.json` (null or "" clears a field: the MCAP record's value
   * shows again). Errors: `not-found` (no such episode).
   */
  "dataset.setMetadata": method<null>()(
    z.object({
      path: relativePath,
      fields: z.object(Object.fromEntries(METADATA_FIELDS.map((f) => [f, z.string().max(1000).nullable().optional()])) as Record<
        (typeof METADATA_FIELDS)[number],
        z.ZodOptional<z.ZodNullable<z.ZodString>>
      >).strict(),
    }),
  ),
  /** Import a metadata table (CSV or JSON text); unknown columns, bad rows and unknown episodes are reported. */
  "dataset.importMetadata": method<MetadataImportResult>()(
    z.object({ text: z.string().max(50_000_000), format: z.enum(["csv", "json"]), fileName: z.string().max(1024).optional() }),
  ),
  /**
   * How far the dataset's annotators agree (DESIGN §9): kappa per pair and across all on the outcome and each flag,
   * segment and chunk-boundary F1 at `toleranceS` seconds (default 0.5), disagreements, per-annotator summary.
   */
  "dataset.agreement": method<DatasetAgreement>()(z.object({ toleranceS: z.number().min(0).max(60).optional() })),
  /** The dataset's metadata table as CSV or JSON text. */
  "dataset.exportMetadata": method<MetadataExport>()(z.object({ format: z.enum(["csv", "json"]) })),
  /**
   * The lead's audit (shared/audit/auditReport.ts) from what indexing measured: episodes in triage order with metrics,
   * reasons and suggested segments, and groups per facet (default operator, session, task, condition).
   */
  "dataset.audit": method<AuditReport>()(z.object({ facets: z.array(z.string().min(1).max(64)).max(16).optional() })),
  /**
   * Import a LeRobot / RLDS / ROS 1 dataset (`source`: absolute path on this machine) into `outDir` inside the served
   * folder (default `imports/<name>`). Returns at once; progress comes as `job.progress` events (kind `import`). Errors: `invalid-path`, `not-found`,
   * `busy`, `unsupported-source`.
   */
  "import.start": method<ImportProgress>()(
    z.object({ source: z.string().min(1).max(4096), outDir: z.string().min(1).max(1024).optional() }),
  ),
  /** Progress of an import job (the latest when `jobId` is absent; null before any). Errors: `unknown-job`. */
  "import.status": method<ImportProgress | null>()(z.object({ jobId: z.string().min(1).max(64).optional() })),
  /** Stop an import after the episode being written; imported episodes stay. Errors: `unknown-job`. */
  "import.cancel": method<ImportProgress>()(z.object({ jobId: z.string().min(1).max(64) })),
  /** What an export would write: the episodes its filters select in the chosen layer, the format's files, the output. */
  "export.preview": method<ExportPreview>()(exportRequest),
  /** Start an export; returns at once, progress comes as `job.progress` events (kind `export`). Errors: `busy`, `bad-export` (naming the folder/layer). */
  "export.start": method<ExportJobProgress>()(exportRequest),
  /** Progress of an export job (the latest when `jobId` is absent; null before any). Errors: `unknown-job`. */
  "export.status": method<ExportJobProgress | null>()(z.object({ jobId: z.string().min(1).max(64).optional() })),
  /** Stop an export between episodes; nothing is left under the output name. Errors: `unknown-job`. */
  "export.cancel": method<ExportJobProgress>()(z.object({ jobId: z.string().min(1).max(64) })),
  /** The annotator this app writes as, and where that came from (`os` = first run: ask for a name). */
  "settings.get": method<AnnotatorSettings>()(z.object({})),
  /** Store the annotator in the app settings (EPISCOPE_ANNOTATOR still wins when set). */
  "settings.setAnnotator": method<AnnotatorSettings>()(
    z.object({ id: layerName, name: z.string().max(200) }),
  ),
} as const;

export type IpcContract = typeof ipcContract;
export type Channel = keyof IpcContract;
export type RequestOf<C extends Channel> = z.input<IpcContract[C]["request"]>;
export type ParsedRequestOf<C extends Channel> = z.output<IpcContract[C]["request"]>;
export type ResponseOf<C extends Channel> = IpcContract[C] extends MethodSpec<z.ZodTypeAny, infer R> ? R : never;

/** All channel ids. */
export const channels = Object.keys(ipcContract) as Channel[];

/** True when `name` is a declared channel id. */
export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(ipcContract, name);
}

/** An error reported across the IPC boundary. `code` is stable; `message` names the file/field and the problem. */
export interface IpcErrorPayload {
  code: string;
  message: string;
}

/** What crosses the boundary for every call: a value or an error (Electron's invoke mangles thrown errors). */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcErrorPayload };

/** Error thrown on the client side when the Node side reports an error; also thrown by services with a code. */
export class EpiscopeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "EpiscopeError";
  }
}

/**
 * Validate a raw request for `channel`.
 * @throws EpiscopeError code `invalid-request` naming the field and the problem.
 */
export function parseRequest<C extends Channel>(channel: C, raw: unknown): ParsedRequestOf<C> {
  const result = ipcContract[channel].request.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join(".") : "request";
    throw new EpiscopeError("invalid-request", `${channel}: ${where}: ${issue?.message ?? "invalid"}`);
  }
  return result.data as ParsedRequestOf<C>;
}

/**
 * A job's progress in an event: the fields every job reports are checked (`jobId`, `state`); the rest is the job's own
 * progress type (IndexProgress, ImportProgress, ExportJobProgress), passed through.
 */
const jobProgress = <P extends { jobId: string; state: string }>() =>
  z
    .object({ jobId: z.string().min(1).max(64), state: z.enum(["running", "done", "cancelled", "failed"]) })
    .passthrough()
    .transform((p) => p as unknown as P);

/**
 * The events the Node side publishes, declared once beside the methods: each name with the zod schema of its payload
 * (validated when published and again when received). Transports: Electron IPC (`webContents.send`), serve's
 * server-sent events (`GET /events`). The renderer subscribes with `api.on(event, listener)`.
 */
export const ipcEvents = {
  /**
   * A job's progress changed (after each episode, and once when it ended): indexing the dataset (`index`, also how
   * index progress reaches the page), an import, an export. The last one of each kind is replayed to a new subscriber.
   */
  "job.progress": z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("index"), progress: jobProgress<IndexProgress>() }),
    z.object({ kind: z.literal("import"), progress: jobProgress<ImportProgress>() }),
    z.object({ kind: z.literal("export"), progress: jobProgress<ExportJobProgress>() }),
  ]),
  /**
   * An opened episode's file changed on disk (shrank, grew, replaced, removed): the service closed it; the page shows
   * "the file changed on disk — reload". `message` names the file and what changed.
   */
  "episode.fileChanged": z.object({ path: z.string().min(1).max(4096), episodeId: episodeId.nullable(), message: z.string().max(4096) }),
  /**
   * An annotation document was saved (by this server or, with a team store, another one): the episode, the layer
   * (annotator id or `adjudicated`), the new revision, and `origin` — the client that saved it (its id from the call,
   * null when unknown), so a page can tell its own saves from others'.
   */
  "annotation.changed": z.object({
    episodePath: z.string().min(1).max(4096),
    layer: z.string().min(1).max(64),
    revision: z.number().int().nonnegative(),
    origin: z.string().max(128).nullable(),
  }),
} as const;

export type IpcEvents = typeof ipcEvents;
export type EventName = keyof IpcEvents;
export type EventOf<E extends EventName> = z.output<IpcEvents[E]>;

/** All event names. */
export const eventNames = Object.keys(ipcEvents) as EventName[];

/** True when `name` is a declared event. */
export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(ipcEvents, name);
}

/**
 * Validate an event: its name is declared and its payload matches the declared schema.
 * @throws EpiscopeError `unknown-event` for an undeclared name, `invalid-event` naming the field and the problem.
 */
export function parseEvent<E extends EventName>(name: string, payload: unknown): { event: E; payload: EventOf<E> } {
  if (!isEventName(name)) throw new EpiscopeError("unknown-event", `unknown event ${JSON.stringify(name.slice(0, 100))}`);
  const result = ipcEvents[name].safeParse(payload);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join(".") : "payload";
    throw new EpiscopeError("invalid-event", `${name}: ${where}: ${issue?.message ?? "invalid"}`);
  }
  return { event: name as E, payload: result.data as EventOf<E> };
}

/**
 * The Electron transport's channels besides the methods: the renderer sends `cancel` with a call id (the id it gave
 * the call's invoke), main sends `event` with an EventMessage; `openDropped` (invoke) carries the paths of files and
 * folders dropped on the window (made by the preload from the dropped Files) and resolves to `DroppedOpenResult`.
 * Their `$` keeps them apart from method ids.
 */
export const ELECTRON_TRANSPORT = { cancel: "$cancel", event: "$event", openDropped: "$openDropped" } as const;

/** What main did with a desktop drop: the path it is opening (null when none) and each other path with its reason. */
export interface DroppedOpenResult {
  opened: string | null;
  refused: Array<{ path: string; reason: string }>;
}

/** An event as it crosses a transport. */
export interface EventMessage {
  event: string;
  payload: unknown;
}

/** A listener of one event. */
export type EventListener<E extends EventName> = (payload: EventOf<E>) => void;

/** Subscribe to one event; returns the function that unsubscribes. */
export type Subscribe = <E extends EventName>(event: E, listener: EventListener<E>) => () => void;

/**
 * The part of an AbortSignal a call needs (shared/ is built without DOM or Node types; both AbortSignals fit).
 */
export interface CallSignal {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/** Per-call options of a client call. */
export interface CallOptions {
  /** Cancels the call: the Node side is told (a `cancel` with the call id) and stops; the promise rejects with AbortError. */
  signal?: CallSignal;
}

/**
 * What a handler gets besides its request: `signal` fires when the caller cancelled (or went away), `origin` is the
 * calling client's id (a page, a window) or null.
 */
export interface CallContext {
  signal: CallSignal;
  origin: string | null;
}

/** The error a cancelled call rejects with on the caller's side (`name` AbortError, as fetch's; `code` cancelled). */
export class AbortError extends Error {
  readonly code = "cancelled";
  constructor(message: string) {
    super(message);
    this.name = "AbortError";
  }
}

/** True for the rejection of a cancelled call (this AbortError, fetch's DOMException, or a service's `cancelled`). */
export function isAbortError(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown } | null;
  return !!e && (e.name === "AbortError" || e.code === "cancelled");
}

/** Handlers for every channel: what the Node side implements. */
export type IpcHandlers = { [C in Channel]: (request: ParsedRequestOf<C>, call: CallContext) => Promise<ResponseOf<C>> };

/**
 * How a client sends one call. A transport passes `options.signal` on (Electron: a `cancel` message with the call id;
 * serve: the HTTP request is aborted, which closes it); createApi rejects the caller's promise with AbortError itself.
 */
export type Invoke = <C extends Channel>(channel: C, request: RequestOf<C>, options?: CallOptions) => Promise<ResponseOf<C>>;

type Split<S extends string> = S extends `${infer A}.${infer B}` ? [A, B] : never;
type ServiceName = Split<Channel>[0];
type MethodsOf<S extends ServiceName> = {
  [C in Channel as Split<C>[0] extends S ? Split<C>[1] : never]: (request: RequestOf<C>, options?: CallOptions) => Promise<ResponseOf<C>>;
};

/**
 * Typed client: `api.episode.open({ path }, { signal })`, and `api.on("job.progress", listener)` (returns the
 * unsubscribe function) whichever transport runs underneath.
 */
export type EpiscopeApi = { [S in ServiceName]: MethodsOf<S> } & { on: Subscribe };

/** A transport without events (a test's in-process invoke): `on` subscribes to nothing. */
const noEvents: Subscribe = () => () => {};

/**
 * Build the typed client object from an `invoke` transport and a `subscribe` one. A call whose signal fires rejects
 * with AbortError at once (whatever the transport still does), and one whose signal already fired is never sent.
 */
export function createApi(invoke: Invoke, subscribe: Subscribe = noEvents): EpiscopeApi {
  const api: Record<string, unknown> = { on: subscribe };
  for (const channel of channels) {
    const [service, name] = channel.split(".") as [string, string];
    ((api[service] ??= {}) as Record<string, unknown>)[name] = (request: unknown, options?: CallOptions) =>
      cancellable(channel, options?.signal, () => invoke(channel, request as never, options));
  }
  return api as unknown as EpiscopeApi;
}

/** Run `call`, rejecting with AbortError as soon as `signal` fires (or at once when it already has). */
function cancellable<T>(channel: Channel, signal: CallSignal | undefined, call: () => Promise<T>): Promise<T> {
  const aborted = () => new AbortError(`${channel}: the call was cancelled`);
  if (!signal) return call();
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted());
    signal.addEventListener("abort", onAbort, { once: true });
    call().then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        if (signal.aborted) reject(aborted());
        else resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(signal.aborted ? aborted() : error);
      },
    );
  });
}
