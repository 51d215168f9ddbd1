import { CallError, type CallReply } from '../../shared/ipc/api.js';
import { dispatch, type Handlers } from './dispatch.js';
import { CALL_CHANNEL } from './channels.js';
import { senderProblem } from './sender-check.js';

/** The part of an `ipcMain.handle` event that is checked. */
export interface InvokeEvent {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/** The part of Electron's ipcMain used here, injected so this runs (and is tested) without Electron. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => Promise<CallReply>): void;
}

export interface CallHandlerOptions {
  handlers: Handlers;
  /** the id of our window's WebContents, or null while there is none */
  windowContentsId: () => number | null;
}

/**
 * Serves every call on the one call channel: the sending frame is checked
 * first, then dispatch checks the payload against the call's schema, exactly
 * as browser mode does for its WebSocket.
 */
export function registerCallHandler(ipc: IpcMainLike, o: CallHandlerOptions): void {
  ipc.handle(CALL_CHANNEL, async (event, name, input) => {
    const problem = senderProblem({ webContentsId: event.sender.id, frame: event.senderFrame }, o.windowContentsId());
    if (problem) return { ok: false, error: { code: 'FORBIDDEN', message: `call refused: ${problem}` } };
    try {
      return { ok: true, output: await dispatch(o.handlers, name, input) };
    } catch (e) {
      const err = e instanceof CallError ? e : new CallError('INTERNAL', (e as Error)?.message ?? String(e));
      return { ok: false, error: { code: err.code, message: err.message } };
    }
  });
}
