import type { Api, ClientMessage, ServerMessage } from '../../../shared/ipc/api';
import { CallError, MAX_CALL_BYTES } from '../../../shared/ipc/api';
import { formatBytes } from '../lib/bytes';
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
  let gone = 'the Framescope server went away';
  ws.addEventListener('close', (ev) => {
    if (ev.code !== 1000 && ev.code !== 1005 && ev.code !== 1006) gone = `the Framescope server closed this page's connection (${ev.code}${ev.reason ? `: ${ev.reason}` : ''}); reload the page`;
    for (const w of waiting.values()) w.reject(new CallError('DISCONNECTED', gone));
    waiting.clear();
  });

  return {
    async call(name, input) {
      await ready;
      if (ws.readyState !== WebSocket.OPEN) throw new CallError('DISCONNECTED', gone);
      const id = nextId++;
      const text = JSON.stringify({ id, call: name, input } satisfies ClientMessage);
      // the server would close the whole page's connection over one oversized call
      const bytes = text.length * 3 <= MAX_CALL_BYTES ? text.length : new TextEncoder().encode(text).length;
      if (bytes > MAX_CALL_BYTES) {
        throw new CallError('TOO_LARGE', `${name}: the call is ${formatBytes(bytes)}, more than the ${formatBytes(MAX_CALL_BYTES)} one call may carry`);
      }
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ws.send(text);
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
