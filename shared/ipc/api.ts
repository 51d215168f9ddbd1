import type { CallInput, CallName, CallOutput } from './schemas.js';
import type { PushEvents, PushName } from './events.js';
import type { CallErrorCode } from './call-error-codes.js';

/** The typed surface both transports expose to the renderer. */
export interface Api {
  call<C extends CallName>(name: C, input: CallInput<C>): Promise<CallOutput<C>>;
  on<E extends PushName>(name: E, listener: (payload: PushEvents[E]) => void): () => void;
}

/**
 * Largest call a transport carries, in bytes of JSON. Browser mode's socket
 * closes (1009) on a bigger message, so the renderer refuses such a call
 * itself; large files go to the main process in chunks instead.
 */
export const MAX_CALL_BYTES = 64 * 1024 * 1024;

/** Wire messages of browser mode's local WebSocket (Electron IPC carries the same shapes). */
export type ClientMessage = { id: number; call: CallName; input: unknown };
export type ServerMessage =
  | { id: number; ok: true; output: unknown }
  | { id: number; ok: false; error: { code: CallErrorCode; message: string } }
  | { push: PushName; payload: unknown };

/** A call that failed, with a message for a person. */
export class CallError extends Error {
  constructor(
    readonly code: CallErrorCode,
    message: string,
  ) {
    super(message);
  }
}
