import { z } from 'zod';

/**
 * The codecs by id, apart from their libraries: settings, the IPC contract
 * and the renderer name them without pulling MessagePack, CBOR and protobuf
 * into the renderer's bundle.
 */
export const CODECS = ['text', 'json', 'msgpack', 'cbor', 'protobuf'] as const;
export type CodecId = (typeof CODECS)[number];

/** A connection's codec: one of them, or `auto` (detected per message where that is unambiguous). */
export const CodecChoice = z.enum(['auto', ...CODECS]);
export type CodecChoice = z.output<typeof CodecChoice>;

/** Codecs that write a JSON value as binary bytes: what the composer can encode to. */
export const BINARY_CODECS = ['msgpack', 'cbor', 'protobuf'] as const;
export type BinaryCodec = (typeof BINARY_CODECS)[number];

export const CODEC_NAMES: Record<CodecId, string> = {
  // not "Text": that name belongs to the composer's Text/Binary choice (contracts section 3)
  text: 'Plain text',
  json: 'JSON',
  msgpack: 'MessagePack',
  cbor: 'CBOR',
  protobuf: 'Protobuf',
};
