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
export type ServerMessage = ({ id: number } & CallReply) | { push: PushName; payload: unknown };

/** What a call answers, as plain data: its output, or its failure's code and message. */
export type CallReply = { ok: true; output: unknown } | { ok: false; error: { code: CallErrorCode; message: string } };

/**
 * What the desktop app's preload exposes as window.framescope. Its calls
 * answer with their reply as data: contextBridge copies a rejected Error
 * with its message only, so a CallError's code would never reach the page.
 */
export interface Bridge {
  call(name: CallName, input: unknown): Promise<CallReply>;
  on: Api['on'];
}

/** A call that failed, with a message for a person. */
export class CallError extends Error {
  constructor(
    readonly code: CallErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The Api over the desktop app's bridge: a failed reply becomes a CallError, code and all, in the page's own world. */
export function apiOverBridge(bridge: Bridge): Api {
  return {
    async call(name, input) {
      const reply = await bridge.call(name, input);
      if (reply.ok) return reply.output as never;
      throw new CallError(reply.error.code, reply.error.message);
    },
    on: (name, listener) => bridge.on(name, listener),
  };
}
