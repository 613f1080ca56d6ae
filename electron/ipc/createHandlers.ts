import type { Annotator } from "../../shared/annotation.ts";
import type { AppInfo, IpcHandlers } from "../../shared/ipc/contract.ts";
import { AnnotationMainService } from "../services/annotation/annotationMainService.ts";
import { EpisodeMainService } from "../services/episode/episodeMainService.ts";

/** The Node-side services behind one root folder. */
export interface EpiscopeServices {
  root: string;
  episodes: EpisodeMainService;
  annotations: AnnotationMainService;
  info: AppInfo;
}

/** Create the services for a root folder (absolute) and the episode to open first (relative, or null). */
export function createServices(root: string, initial: string | null, annotator: Annotator, mode: AppInfo["mode"], version: string): EpiscopeServices {
  return {
    root,
    episodes: new EpisodeMainService(root, initial),
    annotations: new AnnotationMainService(root, annotator),
    info: { version, mode, annotator },
  };
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
    "annotation.save": async ({ path, document }) => services().annotations.save(path, document),
  };
}
