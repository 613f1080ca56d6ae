/**
 * Deep links (DESIGN §6): `?episode=<relative path>&t=<seconds>` opens that episode with the playhead t seconds after
 * its start.
 */

/** What a deep link asks for. */
export interface DeepLink {
  episode: string | null;
  /** Seconds after the episode start, or null. */
  tSeconds: number | null;
}

/** Parse `location.search`. Invalid or negative `t` is ignored. */
export function parseDeepLink(search: string): DeepLink {
  const q = new URLSearchParams(search);
  const episode = q.get("episode");
  const tRaw = q.get("t");
  const t = tRaw === null || tRaw.trim() === "" ? NaN : Number(tRaw);
  return { episode: episode && episode.length > 0 ? episode : null, tSeconds: Number.isFinite(t) && t >= 0 ? t : null };
}

/** Build the query string of a deep link (`?episode=…&t=…`, t with millisecond precision). */
export function formatDeepLink(link: DeepLink): string {
  const q = new URLSearchParams();
  if (link.episode) q.set("episode", link.episode);
  if (link.tSeconds !== null) q.set("t", link.tSeconds.toFixed(3));
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** Scheme of desktop deep links (registered by the Electron app). */
export const DESKTOP_LINK_PREFIX = "episcope://open";

/**
 * The shareable link to a moment: in the desktop app `episcope://open?episode=…&t=…`, in serve mode the http link
 * `<origin><path>?episode=…&t=…`.
 */
export function momentLink(mode: "desktop" | "serve", origin: string, pathname: string, link: DeepLink): string {
  const query = formatDeepLink(link);
  return mode === "desktop" ? `${DESKTOP_LINK_PREFIX}${query}` : `${origin}${pathname}${query}`;
}
