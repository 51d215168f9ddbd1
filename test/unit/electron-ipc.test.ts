/**
 * The Electron IPC adapter with a stand-in ipcMain (Electron is not
 * launched): every call of the contract reaches its handler through the one
 * registered channel, payloads are checked against the call's schema, and a
 * call from anything but the main frame of our window, showing the app, is
 * refused before any handler runs.
 */
import { describe, expect, it } from 'vitest';
import { calls, type CallName } from '../../shared/ipc/schemas.js';
import { registerCallHandler, type InvokeEvent } from '../../electron/ipc/electron-ipc.js';
import type { Handlers } from '../../electron/ipc/dispatch.js';
import { CALL_CHANNEL } from '../../electron/ipc/channels.js';
import type { CallReply } from '../../shared/ipc/api.js';
import { senderProblem } from '../../electron/ipc/sender-check.js';

const callNames = Object.keys(calls) as CallName[];
const WINDOW_ID = 7;

/**
 * One well-formed input per call. Checked at run time rather than typed, so
 * that a call added to the contract fails the test below by name.
 */
const samples: Record<string, unknown> = {
  'session.open': { settings: { url: 'ws://127.0.0.1:1/' } },
  'session.reconnect': { sessionId: 's' },
  'session.setAnswerClose': { sessionId: 's', enabled: false },
  'session.send': { sessionId: 's', kind: 'text', text: 'hi' },
  'session.ping': { sessionId: 's' },
  'upload.append': { base64: '' },
  'upload.discard': { uploadId: 'u' },
  'upload.asFile': { uploadId: 'u', name: 'ca.pem' },
  'files.pickCertificate': { kind: 'ca' },
  'session.pong': { sessionId: 's', payloadHex: '00' },
  'session.close': { sessionId: 's', code: 1000 },
  'session.sendFrame': { sessionId: 's', spec: { opcode: 1 } },
  'session.setAutoPong': { sessionId: 's', enabled: false },
  'session.setHeartbeat': { sessionId: 's', intervalMs: null },
  'session.dispose': { sessionId: 's' },
  'log.range': { sessionId: 's', from: 0, count: 10 },
  'log.frames': { sessionId: 's', from: 0, count: 10 },
  'log.messages': { sessionId: 's', from: 0, count: 10 },
  'log.event': { sessionId: 's', seq: 0 },
  'log.cancelScan': { sessionId: 's' },
  'log.decode': { sessionId: 's', seq: 0 },
  'codec.encode': { codec: 'msgpack', json: '1' },
  'session.sendEncoded': { sessionId: 's', codec: 'cbor', json: '1' },
  'session.setEngineIoAutoPong': { sessionId: 's', enabled: true },
  'protos.list': {},
  'protos.save': { name: 'a.proto', content: 'syntax = "proto3";' },
  'session.sendSaved': { sessionId: 's', profileId: 'p', message: 'hello' },
  'workspace.get': {},
  'workspace.open': { path: '/tmp/w' },
  'workspace.saveEnvironments': { environments: [], activeEnvironment: null },
  'workspace.resolveConflict': { file: 'profiles/a.json', keep: 'ours' },
  'profiles.get': { id: 'p' },
  'profiles.save': { profile: { name: 'Echo', settings: { url: 'ws://127.0.0.1:1/' } } },
  'profiles.rename': { id: 'p', name: 'Other' },
  'profiles.duplicate': { id: 'p' },
  'profiles.delete': { id: 'p' },
  'variables.resolve': { text: '{{host}}' },
  'recordings.list': {},
  'recordings.open': { id: 'r' },
  'recordings.rename': { id: 'r', name: 'Other' },
  'recordings.pin': { id: 'r', pinned: false },
  'recordings.delete': { id: 'r' },
  'recordings.setRetention': { maxTotalBytes: 1000 },
  'recordings.ofSession': { sessionId: 's' },
  'recordings.export': { id: 'r', format: 'messages-text' },
  'recordings.importHar': { content: '{}' },
  'log.rowOf': { sessionId: 's', seq: 0, view: 'messages' },
  'scenarios.list': {},
  'scenarios.read': { file: 'a.yaml' },
  'scenarios.save': { file: 'a.yaml', text: 'steps: []' },
  'scenarios.delete': { file: 'a.yaml' },
  'scenarios.check': { file: 'a.yaml', text: 'steps: []' },
  'scenarios.fromSession': { sessionId: 's' },
  'scenarios.run': { file: 'a.yaml' },
  'scenarios.cancel': { sessionId: 's' },
  'scenarios.runOf': { sessionId: 's' },
  'session.list': {},
  'workspace.session': {},
  'workspace.saveSession': { path: '/w', session: { active: null, tabs: [] } },
  'recordings.replay': { id: 'r' },
  'recordings.compare': { left: 'a', right: 'b' },
};

function setup(windowId: number | null = WINDOW_ID) {
  const registered = new Map<string, (event: InvokeEvent, ...args: unknown[]) => Promise<CallReply>>();
  const seen: Array<[CallName, unknown]> = [];
  const handlers = Object.fromEntries(
    callNames.map((name) => [
      name,
      (args: unknown) => {
        seen.push([name, args]);
        if ((args as { sessionId?: string }).sessionId === 'boom') throw new Error('disk on fire');
        return { handled: name };
      },
    ]),
  ) as unknown as Handlers;
  registerCallHandler({ handle: (channel, listener) => registered.set(channel, listener) }, { handlers, windowContentsId: () => windowId });
  const invoke = (event: InvokeEvent, name: unknown, input: unknown) => registered.get(CALL_CHANNEL)!(event, name, input);
  return { registered, seen, invoke };
}

const fromApp = (url = 'app://framescope/index.html'): InvokeEvent => ({ sender: { id: WINDOW_ID }, senderFrame: { url, parent: null } });

describe('the Electron IPC registration (Electron is not launched)', () => {
  it('registers exactly one channel', () => {
    expect([...setup().registered.keys()]).toEqual([CALL_CHANNEL]);
  });

  it('has a sample for every call of the contract', () => {
    for (const name of callNames) expect(Object.hasOwn(samples, name), `no sample input for ${name}`).toBe(true);
  });

  it('brings every call of the contract to its handler, input parsed (defaults filled), output returned', async () => {
    const { seen, invoke } = setup();
    for (const name of callNames) {
      expect(await invoke(fromApp(), name, samples[name]), name).toEqual({ ok: true, output: { handled: name } });
    }
    expect(seen.map(([n]) => n)).toEqual(callNames);
    expect(seen.find(([n]) => n === 'session.ping')![1]).toEqual({ sessionId: 's', payloadHex: '' });
  });

  it('refuses a malformed payload with INVALID_INPUT naming the call and field, without running the handler', async () => {
    const { seen, invoke } = setup();
    const reply = await invoke(fromApp(), 'session.ping', { sessionId: 5 });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('INVALID_INPUT');
    expect(reply.error.message).toMatch(/^session\.ping: sessionId /);
    expect(await invoke(fromApp(), 'session.send', { sessionId: 's', kind: 'text', dataHex: 'zz' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('dataHex') },
    });
    expect(seen).toEqual([]);
  });

  it('answers an unknown call with UNKNOWN_CALL and a handler crash with INTERNAL', async () => {
    const { invoke } = setup();
    expect(await invoke(fromApp(), 'fs.readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(await invoke(fromApp(), 'session.dispose', { sessionId: 'boom' })).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'disk on fire' } });
  });

  it.each([
    ['a subframe of our window', { sender: { id: WINDOW_ID }, senderFrame: { url: 'app://framescope/index.html', parent: {} } }],
    ['another origin in the main frame', fromApp('https://evil.example/')],
    ['a file:// page', fromApp('file:///home/user/index.html')],
    ['another app:// host', fromApp('app://framescope.evil/index.html')],
    ['a frame that is gone', { sender: { id: WINDOW_ID }, senderFrame: null }],
    ['another window', { sender: { id: WINDOW_ID + 1 }, senderFrame: { url: 'app://framescope/index.html', parent: null } }],
  ] satisfies Array<[string, InvokeEvent]>)('refuses a call from %s with FORBIDDEN, before any handler', async (_what, event) => {
    const { seen, invoke } = setup();
    expect(await invoke(event, 'session.dispose', { sessionId: 's' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(seen).toEqual([]);
  });

  it('refuses every call while there is no window', async () => {
    const { invoke } = setup(null);
    expect(await invoke(fromApp(), 'session.dispose', { sessionId: 's' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('the sender check (Electron is not launched)', () => {
  it('accepts only the main frame of our window on the app origin, and says why otherwise', () => {
    expect(senderProblem({ webContentsId: 1, frame: { url: 'app://framescope/', parent: null } }, 1)).toBeNull();
    expect(senderProblem({ webContentsId: 1, frame: { url: 'app://framescope/', parent: {} } }, 1)).toMatch(/subframe/);
    expect(senderProblem({ webContentsId: 1, frame: { url: 'file:///x', parent: null } }, 1)).toMatch(/file:/);
    expect(senderProblem({ webContentsId: 1, frame: { url: 'not a url', parent: null } }, 1)).toMatch(/not the app/);
    expect(senderProblem({ webContentsId: 2, frame: { url: 'app://framescope/', parent: null } }, 1)).toMatch(/window/);
  });
});
