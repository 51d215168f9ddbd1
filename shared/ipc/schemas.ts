import { z } from 'zod';

const hex = z.string().regex(/^([0-9a-fA-F]{2})*$/, 'must be hex (pairs of 0-9, a-f)');
const ms = z.number().int().positive().max(2 ** 31 - 1);
const sessionId = z.string().min(1);

/** Everything needed to open a connection; the same settings a profile saves. */
export const ConnectSettings = z.object({
  url: z.string().min(1),
  headers: z.array(z.tuple([z.string(), z.string()])).default([]),
  subprotocols: z.array(z.string()).default([]),
  origin: z.string().optional(),
  deflate: z.boolean().default(false),
  lenient: z.boolean().default(false),
  maxPayload: z.number().int().positive().optional(),
  autoPong: z.boolean().default(true),
  answerClose: z.boolean().default(true),
  insecure: z.boolean().default(false),
  /** paths the main process reads; the renderer never touches the disk */
  caPath: z.string().optional(),
  certPath: z.string().optional(),
  keyPath: z.string().optional(),
  /** '' means no proxy; absent follows the environment */
  proxy: z.string().optional(),
  followRedirects: z.boolean().default(false),
  /** reconnect with backoff when the connection ends without the person closing it */
  autoReconnect: z.boolean().default(false),
  connectTimeout: ms.optional(),
  closeTimeout: ms.optional(),
  pingInterval: ms.optional(),
  pongTimeout: ms.optional(),
});
export type ConnectSettings = z.input<typeof ConnectSettings>;

export const FrameSpecInput = z.object({
  opcode: z.number().int().min(0).max(15),
  fin: z.boolean().default(true),
  rsv1: z.boolean().default(false),
  rsv2: z.boolean().default(false),
  rsv3: z.boolean().default(false),
  mask: z.boolean().default(true),
  /** 8 hex digits; absent: a fresh random key */
  maskKey: z.string().regex(/^[0-9a-fA-F]{8}$/, 'must be 8 hex digits').optional(),
  payloadHex: hex.default(''),
});

export const LogFilter = z.object({
  text: z.string().optional(),
  dir: z.enum(['in', 'out']).optional(),
  opcodes: z.array(z.number().int().min(0).max(15)).optional(),
});
export type LogFilter = z.output<typeof LogFilter>;

export const calls = {
  'session.open': { input: z.object({ settings: ConnectSettings }), output: z.object({ sessionId }) },
  'session.reconnect': { input: z.object({ sessionId }), output: z.object({}) },
  'session.setAnswerClose': { input: z.object({ sessionId, enabled: z.boolean() }), output: z.object({}) },
  'session.send': {
    input: z.object({
      sessionId,
      kind: z.enum(['text', 'binary']),
      text: z.string().optional(),
      dataHex: hex.optional(),
      fragments: z.number().int().min(1).max(10_000).default(1),
    }),
    output: z.object({}),
  },
  'session.ping': { input: z.object({ sessionId, payloadHex: hex.default('') }), output: z.object({}) },
  'session.pong': { input: z.object({ sessionId, payloadHex: hex.default('') }), output: z.object({}) },
  'session.close': {
    input: z.object({ sessionId, code: z.number().int().nullable().default(null), reason: z.string().default('') }),
    output: z.object({}),
  },
  'session.sendFrame': { input: z.object({ sessionId, spec: FrameSpecInput }), output: z.object({}) },
  'session.setAutoPong': { input: z.object({ sessionId, enabled: z.boolean() }), output: z.object({}) },
  'session.setHeartbeat': {
    input: z.object({ sessionId, intervalMs: ms.nullable(), pongTimeoutMs: ms.optional() }),
    output: z.object({}),
  },
  'session.dispose': { input: z.object({ sessionId }), output: z.object({}) },
  'log.range': {
    input: z.object({ sessionId, from: z.number().int().min(0), count: z.number().int().min(1).max(5000) }),
    output: z.object({ events: z.array(z.any()), total: z.number() }),
  },
  'log.frames': {
    input: z.object({ sessionId, filter: LogFilter.default({}), from: z.number().int().min(0), count: z.number().int().min(1).max(5000) }),
    output: z.object({ rows: z.array(z.any()), total: z.number() }),
  },
  'log.event': {
    input: z.object({ sessionId, seq: z.number().int().min(0) }),
    output: z.object({ event: z.any() }),
  },
} as const;

export type CallName = keyof typeof calls;
export type CallInput<C extends CallName> = z.input<(typeof calls)[C]['input']>;
export type CallArgs<C extends CallName> = z.output<(typeof calls)[C]['input']>;
export type CallOutput<C extends CallName> = z.output<(typeof calls)[C]['output']>;
