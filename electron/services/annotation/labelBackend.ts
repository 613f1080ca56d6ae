/**
 * Where a served dataset's labels live (issue 18): annotation documents (one store per layer), review status, the
 * metadata table, and the feed of other processes' changes. `fileLabelBackend` is the default (the files beside the
 * data, nothing installed); `episcope serve --store postgres://…` passes the team store (`postgres/teamStore.ts`),
 * which writes none of these into the dataset folder. Every backend is also the dataset's `LabelReader` (export,
 * agreement, review status).
 */
import type { Annotator } from "../../../shared/annotation.ts";
import type { AnnotationStore } from "../../../shared/annotation/annotationStore.ts";
import { NO_REMOTE_CHANGES, type RemoteChangeSource } from "../../../shared/annotation/remoteChange.ts";
import { fileMetadataTable, type MetadataTableStore } from "../dataset/labelSources.ts";
import { AnnotationMainService } from "./annotationMainService.ts";
import { fileLabelReader, type LabelReader } from "./labelReader.ts";

/** The label backend of one dataset. */
export interface LabelBackend extends LabelReader, RemoteChangeSource {
  /** The store of `annotator`'s layer. */
  store(annotator: Annotator): AnnotationStore;
  /** The dataset's metadata table, read and updated. */
  metadata: MetadataTableStore;
}

/** The files under `root` (`.episcope/annotations/`, `.episcope/episodes.json`); no remote changes are announced. */
export function fileLabelBackend(root: string): LabelBackend {
  return {
    ...fileLabelReader(root),
    store: (annotator) => new AnnotationMainService(root, annotator),
    metadata: fileMetadataTable(root),
    onRemoteChange: NO_REMOTE_CHANGES.onRemoteChange,
  };
}
