import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where tests keep Episcope's disposable caches (the episode cache and the object-storage block cache): under
 * `.test-results/cache/` in the repo, which `npm test` empties at its start, so a run neither writes into the user's
 * `~/.cache/episcope` nor depends on what earlier runs on this machine left there. A test that sets its own folder wins.
 */
export function testCacheEnv(): Record<string, string> {
  const cache = join(dirname(fileURLToPath(import.meta.url)), ".test-results", "cache");
  return { EPISCOPE_EPISODE_CACHE: join(cache, "episodes"), EPISCOPE_OBJECT_CACHE: join(cache, "objects") };
}
