import { join } from "node:path";
import type { Annotator } from "../../shared/annotation.ts";
import type { AppInfo, IpcHandlers } from "../../shared/ipc/contract.ts";
import type { AnnotatorSettings } from "../../shared/annotation/storeTypes.ts";
import { ADJUDICATED_ANNOTATOR } from "../../shared/dataset/datasetRow.ts";
import { datasetAgreement } from "../services/agreement/datasetAgreement.ts";
import type { AnnotationStore } from "../../shared/annotation/annotationStore.ts";
import type { RemoteChangeListener } from "../../shared/annotation/remoteChange.ts";
import { fileLabelBackend, type LabelBackend } from "../services/annotation/labelBackend.ts";
import type { LabelReader } from "../services/annotation/labelReader.ts";
import { resolveAnnotator } from "../services/annotation/currentAnnotator.ts";
import { loadDatasetConfig } from "../services/annotation/datasetConfigFile.ts";
import { settingsFile as defaultSettingsFile, storeAnnotator } from "../services/annotation/settings.ts";
import { DatasetMainService } from "../services/dataset/datasetMainService.ts";
import { EpisodeMainService } from "../services/episode/episodeMainService.ts";
import { EpisodeScope } from "../services/episode/episodeScope.ts";
import { episodeRoot, type EpisodeRoot } from "../services/episode/episodeRoot.ts";
import { EpiscopeError } from "../../shared/ipc/contract.ts";
import { ImportJobs } from "../services/import/importJobs.ts";
import { ExportJobs } from "../services/export/exportJobs.ts";
import { WritableFolders } from "../services/writableFolders.ts";
import { EventHub } from "../../shared/ipc/eventHub.ts";
import { sampleDir } from "../appPaths.ts";

/**
 * The bundled sample episodes each episode worker reads at start (1.2–1.6 MB each: H.264 and JPEG cameras, JointState
 * and action channels — every kind of read an open makes; plain chunks in one, zstd in the other).
 */
const WARM_UP_SAMPLES = ["pick_cube_001.mcap", "pick_cube_002.mcap"];

/** The Node-side services behind one root folder. */
export interface EpiscopeServices {
  /** The root folder (absolute) or `s3://bucket/prefix`. */
  root: string;
  /** Where the episodes are, and the local folder of the labels and config (the root folder, or an object root's). */
  where: EpisodeRoot;
  /** The episodes served: all under root, or only `initial` when one file was named. */
  scope: EpisodeScope;
  episodes: EpisodeMainService;
  annotations: AnnotationStore;
  /** The `adjudicated` layer (a lead's resolution), written whatever the annotator identity (DESIGN §9). */
  adjudication: AnnotationStore;
  /** Indexing, rows and metadata of the dataset folder. */
  dataset: DatasetMainService;
  /** Imports started from the app (File › Import). */
  imports: ImportJobs;
  /** Exports started from the app (File › Export). */
  exports: ExportJobs;
  /** Every layer's labels, read only (the files, or the team store): the export's and the agreement's source. */
  labels: LabelReader;
  info: AppInfo;
  /** The app settings file (annotator identity). */
  settingsFile: string;
  /**
   * The events of the IPC contract: job progress, files changed on disk, annotation saves (this server's, and with
   * the team store other servers' through its change feed). Any service may publish (`events.publish(name,
   * payload)`); the transports subscribe.
   */
  events: EventHub;
  /**
   * Subscribe to labels other processes saved (the team store's change feed; never fires with the files). Returns the
   * unsubscribe function. createServices forwards them as `annotation.changed` events (origin `team-store`).
   */
  onRemoteChange(listener: RemoteChangeListener): () => void;
}

/**
 * Create the services for a root folder (absolute) — or an object root (`s3://bucket/prefix` or an EpisodeRoot made
 * with a label folder: episodeRoot.ts; its labels and config live in its label folder, nothing is written to the
 * bucket, imports and exports are refused) — and the episode to open first (relative, or null). When `initial`
 * is given, one file (or rosbag2 folder) was named: only it is listed, indexed and opened (EpisodeScope), nothing is
 * written next to it until a label is saved.
 * @param settingsFile the app settings file (default: `settingsFile()` — `$EPISCOPE_CONFIG_DIR` or the platform's
 *   config folder; the desktop app should pass one in Electron's userData folder).
 * @param writable where imports and exports may write; default: in serve mode the served folder (an object root's
 *   label folder) only (a request
 *   cannot make serve write elsewhere), in the desktop app anywhere the user picks (null).
 * @param labels where annotations, review status and the metadata table live (default: the files under the root's
 *   label folder;
 *   `episcope serve --store` passes the PostgreSQL team store).
 */
export function createServices(
  rootGiven: string | EpisodeRoot,
  initial: string | null,
  annotator: Annotator,
  mode: AppInfo["mode"],
  version: string,
  settingsFile: string = defaultSettingsFile(),
  writableGiven?: WritableFolders | null,
  labelsGiven?: LabelBackend,
): EpiscopeServices {
  const where = episodeRoot(rootGiven);
  const root = where.location;
  const writable = writableGiven !== undefined ? writableGiven : mode === "serve" ? new WritableFolders(where.labelFolder) : null;
  const labels = labelsGiven ?? fileLabelBackend(where.labelFolder);
  const events = new EventHub();
  // Other servers' saves (team store) reach open screens like this server's own.
  labels.onRemoteChange((change) =>
    events.publish("annotation.changed", { episodePath: change.episode, layer: change.layer, revision: change.revision, origin: "team-store" }),
  );
  const episodes = new EpisodeMainService(
    where,
    initial,
    { onFileChanged: (change) => events.publish("episode.fileChanged", change) },
    initial !== null,
  );
  // The first open should not wait for the episode workers to boot: they start now, while the window loads, and read
  // the bundled samples a few times so the first real open runs compiled code.
  episodes.warm(WARM_UP_SAMPLES.map((name) => join(sampleDir(), name)));
  const scope = new EpisodeScope(where, initial);
  return {
    root,
    where,
    scope,
    episodes,
    annotations: labels.store(annotator),
    adjudication: labels.store(adjudicator(annotator)),
    dataset: new DatasetMainService(where, {
      only: initial,
      reviews: labels.reviews,
      metadata: labels.metadata,
      onJobProgress: (progress) => events.publish("job.progress", { kind: "index", progress }, "job.progress:index"),
    }),
    imports: new ImportJobs(root, writable, (progress) => events.publish("job.progress", { kind: "import", progress }, "job.progress:import")),
    exports: new ExportJobs(
      root,
      writable,
      (progress) => events.publish("job.progress", { kind: "export", progress }, "job.progress:export"),
      () => scope.list(),
      labels,
    ),
    labels,
    info: { version, mode, annotator },
    settingsFile,
    events,
    onRemoteChange: (listener) => labels.onRemoteChange(listener),
  };
}

/**
 * The services of `base` acting as `annotator` (a signed-in account of a shared server): the same episodes, dataset,
 * import and export services and events, with `annotator`'s layer store and adjudication in `annotator`'s name.
 */
export function servicesAs(base: EpiscopeServices, labels: LabelBackend, annotator: Annotator): EpiscopeServices {
  return {
    ...base,
    annotations: labels.store(annotator),
    adjudication: labels.store(adjudicator(annotator)),
    info: { ...base.info, annotator },
  };
}

/** Stop what `services` run (episode workers, indexing workers); they must not be used afterwards. */
export async function closeServices(services: EpiscopeServices): Promise<void> {
  services.episodes.close();
  await services.dataset.close();
}

/** The annotator recorded in adjudicated documents written by `lead`. */
function adjudicator(lead: Annotator): Annotator {
  return { id: ADJUDICATED_ANNOTATOR, name: `Adjudicated by ${lead.name || lead.id}` };
}

/** The store of the layer an annotation call names: the current annotator's, or the adjudicated one. */
function layerStore(s: EpiscopeServices, layer: "adjudicated" | undefined): AnnotationStore {
  return layer === ADJUDICATED_ANNOTATOR ? s.adjudication : s.annotations;
}

/**
 * Save through the store of `layer` and publish `annotation.changed` (so other pages on this server reload it).
 * @throws what the store's save throws; nothing is published then
 */
async function saveAndTell(
  s: EpiscopeServices,
  path: string,
  document: Parameters<AnnotationStore["save"]>[1],
  options: { overwrite?: boolean | undefined; layer: "adjudicated" | undefined; origin: string | null },
) {
  const result = await layerStore(s, options.layer).save(path, document, { overwrite: options.overwrite });
  s.events.publish("annotation.changed", {
    episodePath: path,
    layer: options.layer ?? s.info.annotator.id,
    revision: result.revision,
    origin: options.origin,
  });
  return result;
}

/**
 * `s` when its episodes are in a local folder.
 * @throws EpiscopeError `not-on-disk` for an object root: imports would write into the bucket, and exports read
 *   episodes by folder path
 */
function onDisk(s: EpiscopeServices, what: "import" | "export"): EpiscopeServices {
  if (s.where.kind === "folder") return s;
  throw new EpiscopeError(
    "not-on-disk",
    what === "import"
      ? `${s.root} is on object storage and nothing is written to the bucket: import on a machine with the files and upload the result`
      : `${s.root} is on object storage: export it from the command line (episcope export ${s.root} --format … --out DIR)`,
  );
}

/** The effective annotator of `services` with its source. */
function annotatorSettings(services: EpiscopeServices): AnnotatorSettings {
  const resolved = resolveAnnotator(process.env, services.settingsFile);
  return { ...resolved, annotator: services.info.annotator, file: services.settingsFile };
}

/**
 * The handler table for every channel of the IPC contract, served by `services`. Every episode path of an annotation
 * or metadata request must name a served episode (EpisodeScope.resolve: exists, links stay inside) before the
 * store sees it, so no save lands beside a missing episode or outside the folder.
 */
export function createHandlers(services: () => EpiscopeServices): IpcHandlers {
  const episode = (path: string) => services().scope.resolve(path).key;
  return {
    "app.info": async () => services().info,
    "episode.list": async () => services().episodes.list(),
    "episode.browse": async ({ dir }) => services().episodes.browse(dir),
    "episode.open": async ({ path }) => services().episodes.open(path),
    "episode.close": async ({ episodeId }) => {
      services().episodes.closeEpisode(episodeId);
      return null;
    },
    "episode.frameIndex": async ({ episodeId, topic, leadAtNs }) => services().episodes.frameIndex(episodeId, topic, undefined, leadAtNs),
    "episode.keyframes": async ({ episodeId, topic }, call) => services().episodes.keyframes(episodeId, topic, call.signal as AbortSignal),
    "episode.frameStamps": async ({ episodeId, topic }) => services().episodes.frameStamps(episodeId, topic),
    "episode.frames": async ({ episodeId, topic, from, to }, call) => services().episodes.frames(episodeId, topic, from, to, call.signal as AbortSignal),
    "episode.series": async ({ episodeId, topic }, call) => services().episodes.series(episodeId, topic, call.signal as AbortSignal),
    "episode.fields": async ({ episodeId, topic }) => services().episodes.fields(episodeId, topic),
    "episode.seriesRange": async ({ episodeId, topic, startNs, endNs, buckets, fields }) =>
      services().episodes.seriesRange(episodeId, topic, startNs, endNs, buckets, fields),
    "annotation.load": async ({ path, layer }) => layerStore(services(), layer).load(episode(path)),
    "annotation.open": async ({ path, layer }) => layerStore(services(), layer).open(episode(path)),
    "annotation.status": async ({ path, layer }) => layerStore(services(), layer).status(episode(path)),
    "annotation.layer": async ({ path, annotator }) => services().annotations.loadLayer(episode(path), annotator),
    "annotation.save": async ({ path, document, overwrite, layer }, call) =>
      saveAndTell(services(), episode(path), document, { overwrite, layer, origin: call.origin }),
    "dataset.config": async () => loadDatasetConfig(services().where.labelFolder),
    "dataset.index": async () => services().dataset.startIndex(),
    "dataset.indexStatus": async ({ jobId }) => services().dataset.status(jobId),
    "dataset.cancelIndex": async ({ jobId }) => services().dataset.cancel(jobId),
    "dataset.rows": async () => services().dataset.rows(),
    "dataset.setMetadata": async ({ path, fields }) => {
      await services().dataset.setMetadata(episode(path), fields);
      return null;
    },
    "dataset.importMetadata": async ({ text, format, fileName }) => services().dataset.importMetadata(text, format, fileName),
    "dataset.exportMetadata": async ({ format }) => services().dataset.exportMetadata(format),
    "dataset.agreement": async ({ toleranceS }) => datasetAgreement(services().where.labelFolder, { toleranceS }, services().labels),
    "dataset.audit": async ({ facets }) => services().dataset.auditReport(facets),
    "import.start": async ({ source, outDir }) => onDisk(services(), "import").imports.start(source, outDir),
    "import.status": async ({ jobId }) => services().imports.status(jobId),
    "import.cancel": async ({ jobId }) => services().imports.cancel(jobId),
    "export.preview": async (request) => onDisk(services(), "export").exports.preview(request),
    "export.start": async (request) => onDisk(services(), "export").exports.start(request),
    "export.status": async ({ jobId }) => services().exports.status(jobId),
    "export.cancel": async ({ jobId }) => services().exports.cancel(jobId),
    "settings.get": async () => annotatorSettings(services()),
    "settings.setAnnotator": async ({ id, name }) => {
      const s = services();
      await storeAnnotator(s.settingsFile, { id, name: name.trim() || id });
      const { annotator } = resolveAnnotator(process.env, s.settingsFile);
      s.info.annotator = annotator;
      s.annotations.setAnnotator(annotator);
      s.adjudication.setAnnotator(adjudicator(annotator));
      return annotatorSettings(s);
    },
  };
}
