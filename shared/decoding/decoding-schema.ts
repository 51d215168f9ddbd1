import { z } from 'zod';
import { BINARY_CODECS, CODECS } from '../codecs/codec-ids.js';
import { HELPERS } from '../subprotocols/helpers.js';

/** A Decoded tree (decoded.ts) on the wire: plain JSON, markers included. */
export const DecodedValue = z.json();

/** A subprotocol's reading of a message (subprotocols/layer.ts). */
export const LayerSchema = z.object({
  helper: z.enum(HELPERS),
  summary: z.string(),
  subject: z.string().optional(),
  value: DecodedValue.optional(),
  body: DecodedValue.optional(),
  error: z.string().optional(),
});

/** log.decode's answer: a message decoded whole (decoding/message-decoding.ts), with what only the whole log can tell. */
export const DecodedMessageSchema = z.object({
  seq: z.number(),
  dir: z.enum(['in', 'out']),
  opcode: z.number(),
  length: z.number(),
  codec: z.enum(CODECS).nullable(),
  detected: z.literal(true).optional(),
  value: DecodedValue.optional(),
  error: z.string().optional(),
  offset: z.number().optional(),
  layer: LayerSchema.optional(),
  /** STOMP: on a CONNECTED frame, the heart-beats it agreed with the CONNECT before it (0: none that way) */
  heartbeats: z.object({ clientSendsMs: z.number(), serverSendsMs: z.number() }).optional(),
  /** Socket.IO: binary attachments read from the messages after it, to fill the packet's placeholders */
  attachments: z.number().optional(),
});
export type DecodedMessage = z.output<typeof DecodedMessageSchema>;

/** What the composer can encode JSON to; text and JSON go out as typed. */
export const EncodeCodec = z.enum(BINARY_CODECS);

export const ProtoListingSchema = z.object({
  /** paths relative to the workspace's protos folder */
  files: z.array(z.string()),
  /** every message type they define, by full name (package.Message) */
  types: z.array(z.string()),
  /** a file that does not load, and why; the others still do */
  problems: z.array(z.object({ file: z.string(), message: z.string() })),
});
export type ProtoListing = z.output<typeof ProtoListingSchema>;
