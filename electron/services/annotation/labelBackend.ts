/**
 * Where a served dataset's labels live (issue 18): annotation documents (one store per layer), review status, the
 * metadata table, and the feed of other processes' changes. `fileLabelBackend` is the default (the files beside the
 * data, nothing installed); `episcope serve --store postgres://…` passes the team store (`postgres/teamStore.ts`),
 * which writes none of these into the dataset folder.
 */
import type { Annotator } from "../../../shared/annotation.ts";
import type { AnnotationStore } from "../../../shared/annotation/annotationStore.ts";
import { NO_REMOTE_CHANGES, type RemoteChangeSource } from "../../../shared/annotation/remoteChange.ts";
import { fileMetadataTable, fileReviewSource, type MetadataTableStore, type ReviewSource } from "../dataset/labelSources.ts";
import { AnnotationMainService } from "./annotationMainService.ts";

/** The label backend of one dataset. */
export interface LabelBackend extends RemoteChangeSource {
  /** The store of `annotator`'s layer. */
  store(annotator: Annotator): AnnotationStore;
  /** Every layer's review status, for the dataset's rows, queue and audit. */
  reviews: ReviewSource;
  /** The dataset's metadata table. */
  metadata: MetadataTableStore;
}

/** The files under `root` (`.episcope/annotations/`, `.episcope/episodes.json`); no remote changes are announced. */
export function fileLabelBackend(root: string): LabelBackend {
  return {
    store: (annotator) => new AnnotationMainService(root, annotator),
    reviews: fileReviewSource(root),
    metadata: fileMetadataTable(root),
    onRemoteChange: NO_REMOTE_CHANGES.onRemoteChange,
  };
}
