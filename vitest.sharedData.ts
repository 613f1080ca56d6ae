import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The third-party test data folder (`../shared/data` beside the repo; never copied into it). Tests read it from
 * `process.env.EPISCOPE_SHARED_DATA`, which the Vitest configs set from here.
 * Order: $EPISCOPE_SHARED_DATA, then `../shared/data` beside the repo, then its parent's `shared/data`.
 * @throws Error naming the places looked at when none exists.
 */
export function sharedDataDir(): string {
  const repo = dirname(fileURLToPath(import.meta.url));
  const candidates = [process.env.EPISCOPE_SHARED_DATA, join(repo, "..", "shared", "data"), "/work/shared/data"].filter(
    (p): p is string => Boolean(p),
  );
  const found = candidates.find((p) => existsSync(join(p, "README.md")));
  if (!found) throw new Error(`test data not found; looked in ${candidates.join(", ")} (set EPISCOPE_SHARED_DATA)`);
  return resolve(found);
}
