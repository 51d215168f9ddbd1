/**
 * The BUILT preload (dist/preload/preload.cjs, made by `npm run build`) run
 * the way a sandboxed Electron renderer runs it: CommonJS in a fresh V8
 * context whose `require` knows only 'electron'. A stand-in electron module
 * records what the preload exposes and what it sends, and its contextBridge
 * copies a thrown or rejected error as Electron's does: its message only.
 * Electron itself is never launched.
 */
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CALL_CHANNEL, PUSH_CHANNEL } from '../../electron/ipc/channels.js';
import { apiOverBridge, CallError, type Bridge, type CallReply } from '../../shared/ipc/api.js';

const PRELOAD = new URL('../../dist/preload/preload.cjs', import.meta.url);

function loadPreload(reply: (channel: string, ...args: unknown[]) => CallReply = () => ({ ok: true, output: {} })) {
  const exposed = new Map<string, unknown>();
  const required: string[] = [];
  const invoked: unknown[][] = [];
  const subscriptions: Array<{ channel: string; listener: (event: unknown, ...args: unknown[]) => void }> = [];
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      invoked.push([channel, ...args]);
      return reply(channel, ...args);
    },
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      subscriptions.push({ channel, listener });
      return ipcRenderer;
    },
  };
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: Record<string, unknown>) => exposed.set(key, Object.fromEntries(Object.entries(value).map(([k, v]) => [k, acrossTheBridge(v)]))) },
    ipcRenderer,
  };
  const module = { exports: {} };
  // What Electron hands a sandboxed preload: a require for a few built-ins only. Anything else is an error.
  const sandboxRequire = (id: string) => {
    required.push(id);
    if (id === 'electron') return electron;
    throw new Error(`module not found: ${id}`);
  };
  const context = vm.createContext({ require: sandboxRequire, module, exports: module.exports });
  // A SyntaxError here would mean ES module syntax, which a sandboxed preload cannot load.
  vm.runInContext(readFileSync(PRELOAD, 'utf8'), context, { filename: 'preload.cjs' });
  const push = (name: string, payload: unknown) => {
    for (const s of subscriptions) if (s.channel === PUSH_CHANNEL) s.listener({ sender: 'the IPC event' }, name, payload);
  };
  const bridge = exposed.get('framescope') as Bridge;
  return { exposed, required, invoked, subscriptions, push, ipcRenderer, bridge, api: apiOverBridge(bridge) };
}

/** A function as the page sees it through contextBridge: an error it throws or rejects with arrives as a new Error with the message alone. */
function acrossTheBridge(v: unknown): unknown {
  if (typeof v !== 'function') return v;
  const copied = (e: unknown) => new Error((e as Error).message);
  return (...args: unknown[]) => {
    try {
      const out: unknown = v(...args);
      return out instanceof Promise ? out.catch((e: unknown) => Promise.reject(copied(e))) : out;
    } catch (e) {
      throw copied(e);
    }
  };
}

describe('the built preload in node:vm with a stand-in electron module (Electron is not launched)', () => {
  it('loads as CommonJS in a sandbox that can require only electron', () => {
    const p = loadPreload();
    expect(p.required).toEqual(['electron']);
  });

  it('exposes window.framescope = { call, on } and nothing else; never ipcRenderer', () => {
    const p = loadPreload();
    expect([...p.exposed.keys()]).toEqual(['framescope']);
    expect(Object.keys(p.bridge).sort()).toEqual(['call', 'on']);
    expect(typeof p.bridge.call).toBe('function');
    expect(typeof p.bridge.on).toBe('function');
    expect(Object.values(p.bridge)).not.toContain(p.ipcRenderer);
    expect(p.subscriptions.map((s) => s.channel)).toEqual([PUSH_CHANNEL]);
  });

  it('sends every call to ipcRenderer.invoke on the one call channel and resolves with its output', async () => {
    const p = loadPreload(() => ({ ok: true, output: { sessionId: 's1' } }));
    await expect(p.api.call('session.open', { settings: { url: 'ws://127.0.0.1:9/' } })).resolves.toEqual({ sessionId: 's1' });
    await p.api.call('session.ping', { sessionId: 's1', payloadHex: '6869' });
    expect(p.invoked).toEqual([
      [CALL_CHANNEL, 'session.open', { settings: { url: 'ws://127.0.0.1:9/' } }],
      [CALL_CHANNEL, 'session.ping', { sessionId: 's1', payloadHex: '6869' }],
    ]);
  });

  it('turns a refused call into a rejection carrying the code and message, in the page (the reply crosses the bridge as data)', async () => {
    const p = loadPreload(() => ({ ok: false, error: { code: 'INVALID_INPUT', message: 'session.ping: sessionId expected string' } }));
    const err = (await p.api.call('session.ping', { sessionId: '' }).catch((e: unknown) => e)) as { code: string; message: string };
    expect(err.message).toBe('session.ping: sessionId expected string');
    expect(err.code).toBe('INVALID_INPUT');
    expect(err).toBeInstanceOf(CallError);
  });

  it('delivers pushes by name, payload only (not the IPC event), until unsubscribed', () => {
    const p = loadPreload();
    const batches: unknown[][] = [];
    const menu: unknown[][] = [];
    const off = p.api.on('log.summary', (...args) => batches.push(args));
    p.api.on('menu.command', (...args) => menu.push(args));
    const batch = { sessionId: 's1', total: 0 };
    p.push('log.summary', batch);
    p.push('menu.command', { command: 'send' });
    off();
    p.push('log.summary', batch);
    expect(batches).toEqual([[batch]]);
    expect(menu).toEqual([[{ command: 'send' }]]);
  });
});
