/** Shapes passed between the sample generator's parts. */

/** An MCAP schema record without its id. `data` is the schema text/bytes in `encoding`. */
export interface SchemaDef {
  name: string;
  encoding: string;
  data: Uint8Array;
}

/** An MCAP channel: topic, message encoding and its schema. */
export interface ChannelDef {
  topic: string;
  messageEncoding: string;
  schema: SchemaDef;
}

/** One message to write: topic, log time (ns since the Unix epoch) and serialized payload. */
export interface OutMessage {
  topic: string;
  logTimeNs: bigint;
  data: Uint8Array;
}

/** A topic's channel plus all of its messages in log-time order. */
export interface TopicStream {
  channel: ChannelDef;
  messages: OutMessage[];
}
