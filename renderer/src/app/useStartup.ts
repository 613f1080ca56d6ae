/**
 * Startup: open the episode named by the URL (`?episode=…&t=…`) while the listing loads; without one, load the listing
 * and open `listing.initial`, else the first one. Keeps the URL's `episode` in step with the open episode so a reload comes back to it.
 */
import { useEffect } from "react";
import { episodeStore } from "../stores/episode.ts";
import { player } from "./player.ts";
import { selectDefaultEpisodePath } from "../stores/selectors.ts";
import { formatDeepLink, parseDeepLink } from "./deepLink.ts";

let linkOpened = false;

/**
 * Open the episode named by the URL (`?episode=…&t=…`), once per page: called by the entry before React's first
 * render (the request does not wait for it), and by useStartup. It does not need the listing, which loads beside it:
 * its pictures come one listing round trip sooner, and the dataset's indexing, which waits for them, starts after.
 */
export function openLinkedEpisode(): void {
  if (linkOpened) return;
  linkOpened = true;
  const link = parseDeepLink(location.search);
  if (link.episode) void player.open(link.episode, link.tSeconds);
}

/** Run the startup sequence once. */
export function useStartup(): void {
  useEffect(() => {
    let cancelled = false;
    const link = parseDeepLink(location.search);
    openLinkedEpisode();
    void (async () => {
      await episodeStore.getState().loadListing();
      if (cancelled || link.episode) return;
      const path = selectDefaultEpisodePath(episodeStore.getState());
      if (path) await player.open(path, link.tSeconds);
    })();
    const unsubscribe = episodeStore.subscribe((s, prev) => {
      if (s.currentPath === prev.currentPath || !s.currentPath) return;
      const current = parseDeepLink(location.search);
      if (current.episode === s.currentPath) return;
      try {
        history.replaceState(null, "", `${location.pathname}${formatDeepLink({ episode: s.currentPath, tSeconds: null })}`);
      } catch {
        // Some custom protocols refuse history changes; the link button still works.
      }
    });
    return () => {
      cancelled = true;
      unsubscribe();
    };
  }, []);
}
