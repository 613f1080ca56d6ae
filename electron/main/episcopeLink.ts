/**
 * Desktop deep links: `episcope://open?episode=<path relative to the dataset>&t=<seconds>[&dataset=<absolute folder>]`
 * open that episode paused at t (the same query the serve-mode URL carries: `/?episode=…&t=…`).
 */
import path from "node:path";

/** What an episcope:// link asks for. */
export interface EpiscopeLink {
  episode: string;
  /** Seconds after the episode start; null when absent. */
  tSeconds: number | null;
  /** Dataset folder to open first; null to use the open one. */
  dataset: string | null;
}

/**
 * Parse an `episcope://open?…` link.
 * @returns null when `url` is not an episcope:// open link or names no episode (bad `t` is dropped, not fatal).
 */
export function parseEpiscopeLink(url: string): EpiscopeLink | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "episcope:" || (parsed.hostname || parsed.pathname.replace(/^\/+/, "")) !== "open") return null;
  const episode = parsed.searchParams.get("episode");
  if (!episode) return null;
  const tRaw = parsed.searchParams.get("t");
  const t = Number(tRaw ?? "");
  return {
    episode,
    tSeconds: tRaw !== null && tRaw.trim() !== "" && Number.isFinite(t) && t >= 0 ? t : null,
    dataset: parsed.searchParams.get("dataset") || null,
  };
}

/** The renderer query (`?episode=…&t=…`) for a link. */
export function rendererQuery(link: EpiscopeLink): string {
  const q = new URLSearchParams({ episode: link.episode });
  if (link.tSeconds !== null) q.set("t", String(link.tSeconds));
  return `?${q.toString()}`;
}

/** The first episcope:// link among command-line arguments (Windows/Linux pass it on argv), or null. */
export function linkFromArgv(argv: readonly string[]): EpiscopeLink | null {
  for (const arg of argv) {
    if (arg.startsWith("episcope://")) {
      const link = parseEpiscopeLink(arg);
      if (link) return link;
    }
  }
  return null;
}

/**
 * The folder a link would open that the user has not chosen: its `dataset` when that is not the open dataset folder
 * (`openRoot`, absolute, or null when none is open), else null. Opening a folder indexes it and writes its
 * `.episcope/cache`, so a link from a web page or a chat must not do that without asking.
 */
export function linkFolderNeedingConsent(link: EpiscopeLink, openRoot: string | null): string | null {
  if (!link.dataset) return null;
  const target = path.resolve(link.dataset);
  return openRoot !== null && path.resolve(openRoot) === target ? null : target;
}
