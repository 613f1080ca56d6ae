/**
 * Which episodes a set of services sees under its root folder: every one (a dataset folder was opened), or only the
 * one episode that was named (`episcope serve file.mcap`, or a rosbag2 folder): then its siblings are neither listed,
 * indexed nor opened, and nothing is written next to it until a label is saved.
 */
import fs from "node:fs";
import path from "node:path";
import type { EpisodeEntry, FolderEntry, FolderListing } from "../../../shared/episode.ts";
import { EpiscopeError } from "../../../shared/ipc/contract.ts";
import { episodeRoot, type EpisodeRoot } from "./episodeRoot.ts";
import { SKIPPED_FOLDERS } from "./listEpisodes.ts";
import { ObjectPrefixRoot } from "./remote/objectPrefixRoot.ts";
import { isEpisodeAt, resolveInsideRoot, type EpisodeLocation } from "./resolveEpisodePath.ts";
import { isRosbag2Folder } from "./rosbag2Folder.ts";

/** Folder entries returned by one `browse` at most (a folder of 100 000 files still answers quickly). */
const MAX_FOLDER_ENTRIES = 5000;

/** The episodes of a root (folder or object prefix: episodeRoot.ts) that the services may list, index and open. */
export class EpisodeScope {
  /** Where the episodes are. */
  readonly where: EpisodeRoot;
  /** The root folder (absolute) or `s3://bucket/prefix`. */
  readonly root: string;

  /**
   * @param root absolute root folder, `s3://bucket/prefix`, or an EpisodeRoot
   * @param only relative path of the one episode served, or null for every episode under the root (a folder root only)
   */
  constructor(
    root: string | EpisodeRoot,
    readonly only: string | null = null,
  ) {
    this.where = episodeRoot(root);
    this.root = this.where.location;
  }

  /** Every episode in scope, sorted by path (see EpisodeRoot.list); with `only`, that one (its folder is not walked). `options.fresh`: see EpisodeRoot.list. */
  list(options: { fresh?: boolean } = {}): EpisodeEntry[] {
    if (this.only === null || this.where.kind === "objects") return this.where.list(options);
    const abs = path.join(this.root, this.only);
    const stat = fs.statSync(abs, { throwIfNoEntry: false });
    if (!stat) return [];
    const name = path.basename(this.only);
    const sizeBytes = stat.isDirectory()
      ? fs
          .readdirSync(abs)
          .filter((f) => /\.mcap$/i.test(f))
          .reduce((sum, f) => sum + (fs.statSync(path.join(abs, f), { throwIfNoEntry: false })?.size ?? 0), 0)
      : stat.size;
    return [{ path: this.only, name: stat.isDirectory() ? name : name.replace(/\.mcap$/i, ""), sizeBytes }];
  }

  /**
   * The episode `relPath` names (see resolveEpisodePath); with `only`, any other path is `not-found`.
   * @throws EpiscopeError `invalid-path`, `not-found`
   */
  resolve(relPath: string, field = "path"): EpisodeLocation {
    const location = this.where.resolve(relPath, field);
    if (this.only !== null && location.key !== this.only) {
      throw new EpiscopeError("not-found", `${field}: ${JSON.stringify(relPath)} is not served: episcope serves only ${this.only}`);
    }
    return location;
  }

  /**
   * The sub-folders and episodes of folder `dir` under the root ("" = the root), for the Open dialog: hidden entries
   * and the app's own folders (`.episcope`, `node_modules`, `.git`) are left out, symbolic links must stay inside the
   * root, at most 5000 entries. With `only`, the one served episode at the root and nothing else.
   * @throws EpiscopeError `invalid-path` (absolute, `..`, a link out of the root), `not-found` (no such folder),
   *   `not-a-folder` (an episode or a file)
   */
  browse(dir: string): FolderListing {
    if (this.where instanceof ObjectPrefixRoot) return this.where.browse(dir, MAX_FOLDER_ENTRIES);
    if (this.only !== null) {
      const [entry] = this.list();
      return {
        root: this.root,
        dir: "",
        parent: null,
        entries: entry ? [{ name: path.basename(entry.path), path: entry.path, kind: "episode", sizeBytes: entry.sizeBytes }] : [],
        single: true,
      };
    }
    const notFound = (named: string) => `dir: ${named} is not a folder under the served folder`;
    const { key, absPath, realPath } = resolveInsideRoot(this.root, dir, "dir", notFound, true);
    const stat = fs.statSync(realPath, { throwIfNoEntry: false });
    if (!stat?.isDirectory()) throw new EpiscopeError("not-found", notFound(JSON.stringify(dir)));
    if (key !== "" && isRosbag2Folder(realPath)) {
      throw new EpiscopeError("not-a-folder", `dir: ${JSON.stringify(dir)} is an episode (a rosbag2 folder): open it`);
    }
    const entries: FolderEntry[] = [];
    let dirents: fs.Dirent[];
    try {
      dirents = fs.readdirSync(absPath, { withFileTypes: true });
    } catch (error) {
      throw new EpiscopeError("not-found", `dir: ${JSON.stringify(dir)} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    }
    for (const dirent of dirents) {
      if (entries.length >= MAX_FOLDER_ENTRIES) break;
      if (dirent.name.startsWith(".") || SKIPPED_FOLDERS.has(dirent.name)) continue;
      const rel = key ? `${key}/${dirent.name}` : dirent.name;
      let inside;
      try {
        inside = resolveInsideRoot(this.root, rel, "dir", notFound);
      } catch {
        continue; // a dangling link, or one that leaves the root
      }
      const info = fs.statSync(inside.realPath, { throwIfNoEntry: false });
      if (!info) continue;
      if (isEpisodeAt(inside.absPath, inside.realPath)) {
        entries.push({ name: dirent.name, path: rel, kind: "episode", sizeBytes: info.isFile() ? info.size : null });
      } else if (info.isDirectory()) {
        entries.push({ name: dirent.name, path: rel, kind: "folder", sizeBytes: null });
      }
    }
    entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name, "en", { numeric: true }) : a.kind === "folder" ? -1 : 1));
    const parent = key === "" ? null : key.includes("/") ? key.slice(0, key.lastIndexOf("/")) : "";
    return { root: this.root, dir: key, parent, entries, single: false };
  }
}
