import type { CallErrorCode } from '../../shared/ipc/call-error-codes.js';

/**
 * The Electron IPC wire: every call travels on one invoke channel and every
 * push on one send channel, so main validates a single entry point and the
 * preload exposes nothing channel-shaped.
 */
export const CALL_CHANNEL = 'framescope:call';
export const PUSH_CHANNEL = 'framescope:push';

/**
 * What main answers a call with. A rejected `ipcMain.handle` would reach the
 * renderer as a bare Error whose message Electron rewrites and whose code is
 * lost, so failures travel as data and the preload rethrows them.
 */
export type CallReply = { ok: true; output: unknown } | { ok: false; error: { code: CallErrorCode; message: string } };
