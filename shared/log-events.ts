import { z } from 'zod';

/*
 * The event log format of contracts section 1: what `--ndjson` prints, what
 * recordings hold, what the log.* calls answer and the renderer shows. Hex
 * is lower-case with no separators. Fields beyond the contract's are
 * optional. The types come from the schemas, so the two cannot drift; the
 * schemas check what the main process answers (test/unit/ipc-contract) and
 * what a recording holds.
 */

export const Header = z.tuple([z.string(), z.string()]);
export type Header = [name: string, value: string];
export const ConnectionState = z.enum(['connecting', 'open', 'closing', 'closed']);
export type ConnectionState = z.infer<typeof ConnectionState>;

const hex = z.string().regex(/^(?:[0-9a-f]{2})*$/);
const base = {
  seq: z.number().int().min(-1),
  t: z.number(),
  /** set on previews sent to the renderer: the payload, text or body was cut */
  truncated: z.literal(true).optional(),
};
const dir = z.enum(['out', 'in']);

export const TlsSummary = z.object({
  version: z.string().nullable(),
  cipher: z.string().nullable(),
  alpn: z.string().nullable(),
  peerCertificate: z
    .object({
      subject: z.string(),
      issuer: z.string(),
      validFrom: z.string(),
      validTo: z.string(),
      fingerprint256: z.string(),
      subjectAltName: z.string().optional(),
    })
    .nullable(),
});
export type TlsSummary = z.infer<typeof TlsSummary>;

/** A message's decoded layer as a row of the messages view shows it; the inspector asks for it whole (log.decode). */
export const DecodedPreview = z.object({
  /** the codec that read it (a CodecId); null: none did, it shows as hex */
  codec: z.string().nullable(),
  detected: z.literal(true).optional(),
  /** why the codec chosen could not read it, and at which byte when the decoder tells */
  error: z.string().optional(),
  offset: z.number().int().optional(),
  /** the value (or what the subprotocol message carries) as compact JSON, cut */
  preview: z.string().optional(),
  layer: z.object({ helper: z.string(), summary: z.string(), subject: z.string().optional(), error: z.string().optional() }).optional(),
  /** why it was not decoded here (too large for a row: the inspector decodes it) */
  note: z.string().optional(),
});
export type DecodedPreview = z.infer<typeof DecodedPreview>;

export const MessageLogEvent = z.object({
  ...base,
  type: z.literal('message'),
  dir,
  opcode: z.union([z.literal(1), z.literal(2)]),
  length: z.number().int().min(0),
  text: z.string().optional(),
  data: hex.optional(),
  compressed: z.literal(true).optional(),
  invalidUtf8: z.literal(true).optional(),
  /** on messages view rows asked for with a decoding: what decoding it tells (never in the log file) */
  decoded: DecodedPreview.optional(),
});
export type MessageLogEvent = z.infer<typeof MessageLogEvent>;

export const FrameLogEvent = z.object({
  ...base,
  type: z.literal('frame'),
  dir,
  fin: z.boolean(),
  rsv1: z.boolean(),
  rsv2: z.boolean(),
  rsv3: z.boolean(),
  masked: z.boolean(),
  opcode: z.number().int().min(0).max(15),
  maskKey: z.string().regex(/^[0-9a-f]{8}$/).nullable(),
  length: z.number().int().min(0),
  payload: hex,
  crafted: z.literal(true).optional(),
  rttMs: z.number().optional(),
  /** on frame log rows: seq of the first frame of the message this data frame belongs to */
  messageSeq: z.number().int().min(0).optional(),
  /** on frame log rows, on the first frame of a fragmented message: how many frames the message took (its group in the log) */
  groupFrames: z.number().int().min(1).optional(),
  /**
   * on frame log rows, on the first frame of a message whose frames do not
   * show it as delivered (fragmented, or compressed): the message, reassembled
   * and inflated (a preview, like the row)
   */
  message: MessageLogEvent.optional(),
});
export type FrameLogEvent = z.infer<typeof FrameLogEvent>;

export const CloseLogEvent = z.object({
  ...base,
  type: z.literal('close'),
  code: z.number().int().nullable(),
  reason: z.string(),
  initiator: z.enum(['client', 'server', 'none']),
  wasClean: z.boolean(),
  sentCode: z.number().int().nullable().optional(),
  sentReason: z.string().optional(),
});
export type CloseLogEvent = z.infer<typeof CloseLogEvent>;

export const ErrorLogEvent = z.object({
  ...base,
  type: z.literal('error'),
  code: z.string(),
  message: z.string(),
  closeCode: z.number().int().optional(),
  fatal: z.boolean(),
});
export type ErrorLogEvent = z.infer<typeof ErrorLogEvent>;

export const HandshakeRequestLogEvent = z.object({ ...base, type: z.literal('handshake-request'), method: z.string(), url: z.string(), headers: z.array(Header) });
export const HandshakeResponseLogEvent = z.object({ ...base, type: z.literal('handshake-response'), status: z.number().int(), statusText: z.string(), headers: z.array(Header), body: z.string().optional() });
export const OpenLogEvent = z.object({
  ...base,
  type: z.literal('open'),
  protocol: z.string(),
  extensions: z.string(),
  remoteAddress: z.string().optional(),
  remotePort: z.number().int().optional(),
  proxy: z.string().optional(),
  tls: TlsSummary.optional(),
});
export const StateLogEvent = z.object({ ...base, type: z.literal('state'), state: ConnectionState });
/** not from a connection: the log continues with a new connection to the same settings */
export const ReconnectLogEvent = z.object({ ...base, type: z.literal('reconnect'), attempt: z.number().int(), reason: z.enum(['manual', 'automatic']), url: z.string() });

export const LogEvent = z.discriminatedUnion('type', [HandshakeRequestLogEvent, HandshakeResponseLogEvent, OpenLogEvent, FrameLogEvent, MessageLogEvent, StateLogEvent, ReconnectLogEvent, CloseLogEvent, ErrorLogEvent]);
export type LogEvent = z.infer<typeof LogEvent>;
