/**
 * Test helper (run by postgresAnnotationStore.test.ts with tsx): saves edits to one document of the team store in a
 * loop, printing `ack <revision> <sha256 of the stored body>` after each save resolved, until it is killed.
 * argv: URL DATASET
 */
import { emptyAnnotation, serializeAnnotation } from "../../../../shared/annotation.ts";
import { sha256 } from "../journal.ts";
import { openTeamStore } from "./teamStore.ts";

const [url, dataset] = process.argv.slice(2) as [string, string];
const team = await openTeamStore(url, dataset, 1);
const alice = { id: "alice", name: "Alice" };
const store = team.store(alice);
const fingerprint = { sizeBytes: 1, startNs: 1_750_000_000_000_000_000n, endNs: 1_750_000_030_000_000_000n, messageCount: 1 };
let doc = (await store.load("kill.mcap")) ?? emptyAnnotation("kill.mcap", fingerprint, alice);
for (let n = 0; ; n++) {
  const next = { ...doc, review: { ...doc.review, note: `edit ${n} ${"x".repeat(n % 4000)}` } };
  const saved = await store.save("kill.mcap", next);
  doc = { ...next, annotator: alice, revision: saved.revision, updatedAt: saved.updatedAt };
  process.stdout.write(`ack ${saved.revision} ${sha256(serializeAnnotation(doc))}\n`);
}
