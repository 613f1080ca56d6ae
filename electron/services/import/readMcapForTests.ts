/**
 * Read a whole MCAP file with @mcap/core (independently of the episode engine), for the importer tests: messages
 * grouped by topic, schema names by topic, metadata records by name.
 */
import { McapIndexedReader, type McapTypes } from "@mcap/core";
import { loadDecompressHandlers } from "@mcap/support";
import { readFile } from "node:fs/promises";

/** What an MCAP file holds. */
export interface McapContents {
  byTopic: Map<string, McapTypes.Message[]>;
  schemaOf: Map<string, string>;
  encodingOf: Map<string, string>;
  /** Schema record data by topic (e.g. a protobuf FileDescriptorSet). */
  schemaDataOf: Map<string, Uint8Array>;
  metadata: Map<string, Map<string, string>>;
}

/** Read every message and metadata record of `file`. */
export async function readMcapForTests(file: string): Promise<McapContents> {
  const bytes = await readFile(file);
  const reader = await McapIndexedReader.Initialize({
    decompressHandlers: await loadDecompressHandlers(),
    readable: { size: async () => BigInt(bytes.length), read: async (o, s) => bytes.subarray(Number(o), Number(o + s)) },
  });
  const byTopic = new Map<string, McapTypes.Message[]>();
  const schemaOf = new Map<string, string>();
  const encodingOf = new Map<string, string>();
  const schemaDataOf = new Map<string, Uint8Array>();
  for (const c of reader.channelsById.values()) {
    byTopic.set(c.topic, []);
    schemaOf.set(c.topic, reader.schemasById.get(c.schemaId)?.name ?? "");
    encodingOf.set(c.topic, c.messageEncoding);
    schemaDataOf.set(c.topic, reader.schemasById.get(c.schemaId)?.data ?? new Uint8Array());
  }
  for await (const m of reader.readMessages()) byTopic.get(reader.channelsById.get(m.channelId)!.topic)!.push(m);
  const metadata = new Map<string, Map<string, string>>();
  for await (const m of reader.readMetadata()) metadata.set(m.name, m.metadata);
  return { byTopic, schemaOf, encodingOf, schemaDataOf, metadata };
}
