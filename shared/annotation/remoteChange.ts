/**
 * Changes other processes made to a dataset's labels (issue 18): the team store on PostgreSQL announces every committed
 * save (LISTEN/NOTIFY); each serve process turns the announcements of *other* processes into these events, for open
 * screens to reload what moved (a lead sees the queue move). The file store has no such feed (it never fires).
 */

/** One document another process saved: which layer of which episode, at which revision. */
export interface RemoteAnnotationChange {
  /** The layer (annotator id, or `adjudicated`). */
  layer: string;
  /** The episode's path relative to the dataset folder (POSIX). */
  episode: string;
  /** The stored revision after the save. */
  revision: number;
  /** Id of the annotator (account) who saved it; null when found by a resync of a row written before actors were kept. */
  actor: string | null;
  /** True when found by the resync after the feed reconnected (the live announcement was missed), else false. */
  resync: boolean;
}

/** Called once per remote change, in commit order for one document. */
export type RemoteChangeListener = (change: RemoteAnnotationChange) => void;

/** A typed subscription to remote changes. */
export interface RemoteChangeSource {
  /** Start receiving remote changes; returns the function that stops this listener (idempotent). */
  onRemoteChange(listener: RemoteChangeListener): () => void;
}

/** The source of a backend without remote writers (the file store): subscribing never delivers anything. */
export const NO_REMOTE_CHANGES: RemoteChangeSource = { onRemoteChange: () => () => {} };
