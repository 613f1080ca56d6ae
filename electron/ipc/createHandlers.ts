import type { Annotator } from "../../shared/annotation.ts";
import type { AppInfo, IpcHandlers } from "../../shared/ipc/contract.ts";
import type { AnnotatorSettings } from "../../shared/annotation/storeTypes.ts";
import { AnnotationMainService } from "../services/annotation/annotationMainService.ts";
import { resolveAnnotator } from "../services/annotation/currentAnnotator.ts";
import { loadDatasetConfig } from "../services/annotation/datasetConfigFile.ts";
import { settingsFile as defaultSettingsFile, storeAnnotator } from "../services/annotation/settings.ts";
import { EpisodeMainService } from "../services/episode/episodeMainService.ts";

/** The Node-side services behind one root folder. */
export interface EpiscopeServices {
  root: string;
  episodes: EpisodeMainService;
  annotations: AnnotationMainService;
  info: AppInfo;
  /** The app settings file (annotator identity). */
  settingsFile: string;
}

/**
 * Create the services for a root folder (absolute) and the episode to open first (relative, or null).
 * @param settingsFile the app settings file (default: `settingsFile()` — `$EPISCOPE_CONFIG_DIR` or the platform's
 *   config folder; the desktop app should pass one in Electron's userData folder).
 */
export function createServices(
  root: string,
  initial: string | null,
  annotator: Annotator,
  mode: AppInfo["mode"],
  version: string,
  settingsFile: string = defaultSettingsFile(),
): EpiscopeServices {
  return {
    root,
    episodes: new EpisodeMainService(root, initial),
    annotations: new AnnotationMainService(root, annotator),
    info: { version, mode, annotator },
    settingsFile,
  };
}

/** The effective annotator of `services` with its source. */
function annotatorSettings(services: EpiscopeServices): AnnotatorSettings {
  const resolved = resolveAnnotator(process.env, services.settingsFile);
  return { ...resolved, annotator: services.info.annotator, file: services.settingsFile };
}

/** The handler table for every channel of the IPC contract, served by `services`. */
export function createHandlers(services: () => EpiscopeServices): IpcHandlers {
  return {
    "app.info": async () => services().info,
    "episode.list": async () => services().episodes.list(),
    "episode.open": async ({ path }) => services().episodes.open(path),
    "episode.frameIndex": async ({ episodeId, topic }) => services().episodes.frameIndex(episodeId, topic),
    "episode.frames": async ({ episodeId, topic, from, to }) => services().episodes.frames(episodeId, topic, from, to),
    "episode.series": async ({ episodeId, topic }) => services().episodes.series(episodeId, topic),
    "episode.fields": async ({ episodeId, topic }) => services().episodes.fields(episodeId, topic),
    "episode.seriesRange": async ({ episodeId, topic, startNs, endNs, buckets, fields }) =>
      services().episodes.seriesRange(episodeId, topic, startNs, endNs, buckets, fields),
    "annotation.load": async ({ path }) => services().annotations.load(path),
    "annotation.open": async ({ path }) => services().annotations.open(path),
    "annotation.status": async ({ path }) => services().annotations.status(path),
    "annotation.save": async ({ path, document, overwrite }) => services().annotations.save(path, document, { overwrite }),
    "dataset.config": async () => loadDatasetConfig(services().root),
    "settings.get": async () => annotatorSettings(services()),
    "settings.setAnnotator": async ({ id, name }) => {
      const s = services();
      await storeAnnotator(s.settingsFile, { id, name: name.trim() || id });
      const { annotator } = resolveAnnotator(process.env, s.settingsFile);
      s.info.annotator = annotator;
      s.annotations.setAnnotator(annotator);
      return annotatorSettings(s);
    },
  };
}
