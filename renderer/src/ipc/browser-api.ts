import type { Api, ClientMessage, ServerMessage } from '../../../shared/ipc/api';
import { CallError } from '../../../shared/ipc/api';
import type { PushEvents, PushName } from '../../../shared/ipc/events';

const TOKEN_KEY = 'framescope-token';

/**
 * Browser mode's side of the contract: the same calls and pushes as the
 * Electron preload, over the local WebSocket that `framescope serve` opened.
 */
export function createBrowserApi(): Api {
  const params = new URLSearchParams(location.search);
  const token = params.get('token') ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
  if (params.has('token')) {
    // Keep the token out of the address bar, history and screenshots.
    sessionStorage.setItem(TOKEN_KEY, token);
    history.replaceState(null, '', location.pathname);
  }
  const ws = new WebSocket(`ws://${location.host}/ipc?token=${encodeURIComponent(token)}`);
  const ready = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve());
    ws.addEventListener('error', () => reject(new CallError('DISCONNECTED', 'cannot reach the Framescope server')));
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<PushName, Set<(p: unknown) => void>>();

  ws.addEventListener('message', (ev) => {
    const m = JSON.parse(String(ev.data)) as ServerMessage;
    if ('push' in m) {
      for (const l of listeners.get(m.push) ?? []) l(m.payload);
      return;
    }
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.ok) w.resolve(m.output);
    else w.reject(new CallError(m.error.code, m.error.message));
  });
  ws.addEventListener('close', () => {
    for (const w of waiting.values()) w.reject(new CallError('DISCONNECTED', 'the Framescope server went away'));
    waiting.clear();
  });

  return {
    async call(name, input) {
      await ready;
      if (ws.readyState !== WebSocket.OPEN) throw new CallError('DISCONNECTED', 'the Framescope server went away');
      const id = nextId++;
      const msg: ClientMessage = { id, call: name, input };
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ws.send(JSON.stringify(msg));
      });
    },
    on<E extends PushName>(name: E, listener: (p: PushEvents[E]) => void) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
  };
}
