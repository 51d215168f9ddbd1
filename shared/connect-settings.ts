import { z } from 'zod';
import { LIMITS, str } from './limits.js';

const ms = z.number().int().positive().max(2 ** 31 - 1);

/** Everything needed to open a connection; the same settings a profile saves. */
export const ConnectSettings = z.object({
  url: str(LIMITS.url).min(1),
  headers: z.array(z.tuple([str(LIMITS.token), str(LIMITS.headerValue)])).max(LIMITS.headers).default([]),
  subprotocols: z.array(str(LIMITS.token)).max(LIMITS.subprotocols).default([]),
  origin: str(LIMITS.url).optional(),
  deflate: z.boolean().default(false),
  lenient: z.boolean().default(false),
  maxPayload: z.number().int().positive().optional(),
  autoPong: z.boolean().default(true),
  answerClose: z.boolean().default(true),
  insecure: z.boolean().default(false),
  /**
   * files the main process reads; the renderer never touches the disk: each
   * was chosen in the app's dialog (files.pickCertificate) or uploaded
   * (upload.asFile), or is the one the saved profile names
   */
  caPath: str(LIMITS.path).optional(),
  certPath: str(LIMITS.path).optional(),
  keyPath: str(LIMITS.path).optional(),
  /** '' means no proxy; absent follows the environment */
  proxy: str(LIMITS.url).optional(),
  followRedirects: z.boolean().default(false),
  /** reconnect with backoff when the connection ends without the person closing it */
  autoReconnect: z.boolean().default(false),
  connectTimeout: ms.optional(),
  closeTimeout: ms.optional(),
  /** a send queue the server takes nothing of for this long fails the connection */
  sendTimeout: ms.optional(),
  pingInterval: ms.optional(),
  pongTimeout: ms.optional(),
});
export type ConnectSettings = z.input<typeof ConnectSettings>;
