/**
 * Test helper (run by changeFeed.test.ts with tsx): another process saving to the team store. Saves COUNT edits of
 * `feed.mcap` in layer `bob`, one every INTERVAL_MS, printing `ack <revision> <epoch ms when the save resolved>` after
 * each (the clock is the machine's, shared with the test process), then exits.
 * argv: URL DATASET COUNT INTERVAL_MS
 */
import { setTimeout as sleep } from "node:timers/promises";
import { emptyAnnotation } from "../../../../shared/annotation.ts";
import { openTeamStore } from "./teamStore.ts";

const [url, dataset, count, interval] = process.argv.slice(2) as [string, string, string, string];
const team = await openTeamStore(url, dataset, 1);
const bob = { id: "bob", name: "Bob" };
const store = team.store(bob);
const fingerprint = { sizeBytes: 1, startNs: 1_750_000_000_000_000_000n, endNs: 1_750_000_030_000_000_000n, messageCount: 1 };
let doc = (await store.load("feed.mcap")) ?? emptyAnnotation("feed.mcap", fingerprint, bob);
for (let n = 0; n < Number(count); n++) {
  await sleep(Number(interval));
  const next = { ...doc, review: { ...doc.review, note: `edit ${n}` } };
  const saved = await store.save("feed.mcap", next);
  process.stdout.write(`ack ${saved.revision} ${performance.timeOrigin + performance.now()}\n`);
  doc = { ...next, annotator: bob, revision: saved.revision, updatedAt: saved.updatedAt };
}
await team.close();
