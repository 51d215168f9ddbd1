/**
 * The IPC contract where calls arrive: every call of shared/ipc/schemas.ts has
 * exactly one handler, in SessionService or WorkspaceService, and every
 * handler a call; a malformed call is
 * refused with a CallError naming the field; unknown sessions and engine
 * refusals get their own codes. The engine refusals run against a real `ws`
 * server on loopback.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { calls, type CallInput, type CallName } from '../../shared/ipc/schemas.js';
import { dispatch } from '../../electron/ipc/dispatch.js';
import { SessionService } from '../../electron/services/session-service.js';
import { WorkspaceService } from '../../electron/workspace/workspace-service.js';
import { RecordingsService } from '../../electron/recordings/recordings-service.js';
import { CodecService } from '../../electron/codecs/codec-service.js';
import { ProtoFiles } from '../../electron/workspace/proto-files.js';
import { ScenariosService } from '../../electron/scenarios/scenarios-service.js';
import { fileHandlers } from '../../electron/files/file-handlers.js';
import { PushCollector, readerOf } from '../support/push-collector.js';
import { callError } from '../support/call-error.js';

const callNames = Object.keys(calls) as CallName[];
const UNKNOWN_ID = 'no-such-session-4b1d';

/** One well-formed input per call; typed so that a new call without a sample fails to compile. */
const samples: { [C in CallName]: CallInput<C> } = {
  'session.open': { settings: { url: 'ws://127.0.0.1:1/' } },
  'session.list': {},
  'session.sendSaved': { sessionId: UNKNOWN_ID, profileId: '6f1c1f0e-8d7e-4c1a-9a51-0c3f3d1e2b4a', message: 'hello' },
  'session.send': { sessionId: UNKNOWN_ID, kind: 'text', text: 'hi' },
  'session.ping': { sessionId: UNKNOWN_ID },
  'upload.append': { base64: 'AAEC' },
  'upload.discard': { uploadId: 'no-such-upload' },
  'upload.asFile': { uploadId: 'no-such-upload', name: 'ca.pem' },
  'files.pickCertificate': { kind: 'cert' },
  'session.pong': { sessionId: UNKNOWN_ID, payloadHex: '00' },
  'session.close': { sessionId: UNKNOWN_ID, code: 1000 },
  'session.sendFrame': { sessionId: UNKNOWN_ID, spec: { opcode: 1 } },
  'session.setAutoPong': { sessionId: UNKNOWN_ID, enabled: false },
  'session.setAnswerClose': { sessionId: UNKNOWN_ID, enabled: false },
  'session.reconnect': { sessionId: UNKNOWN_ID },
  'session.setHeartbeat': { sessionId: UNKNOWN_ID, intervalMs: null },
  'session.dispose': { sessionId: UNKNOWN_ID },
  'log.range': { sessionId: UNKNOWN_ID, from: 0, count: 10 },
  'log.frames': { sessionId: UNKNOWN_ID, from: 0, count: 10 },
  'log.messages': { sessionId: UNKNOWN_ID, from: 0, count: 10 },
  'log.event': { sessionId: UNKNOWN_ID, seq: 0 },
  'log.cancelScan': { sessionId: UNKNOWN_ID },
  'log.decode': { sessionId: UNKNOWN_ID, seq: 0, decoding: { codec: 'msgpack' } },
  'codec.encode': { codec: 'cbor', json: '{"a":1}' },
  'session.sendEncoded': { sessionId: UNKNOWN_ID, codec: 'msgpack', json: '[1]' },
  'session.setEngineIoAutoPong': { sessionId: UNKNOWN_ID, enabled: false },
  'protos.list': {},
  'protos.save': { name: 'market.proto', content: 'syntax = "proto3"; message A { int64 id = 1; }' },
  'workspace.get': {},
  'workspace.session': {},
  'workspace.saveSession': { path: '/nonexistent/framescope-workspace', session: { active: null, tabs: [] } },
  'workspace.open': { path: '/nonexistent/framescope-workspace' },
  'workspace.saveEnvironments': { environments: [{ name: 'dev', variables: { host: '127.0.0.1' } }], activeEnvironment: 'dev' },
  'workspace.resolveConflict': { file: 'profiles/a.json', keep: 'theirs' },
  'profiles.get': { id: 'no-such-profile' },
  'profiles.save': { profile: { name: 'Echo', settings: { url: 'ws://{{host}}/' } } },
  'profiles.rename': { id: 'no-such-profile', name: 'Other' },
  'profiles.duplicate': { id: 'no-such-profile' },
  'profiles.delete': { id: 'no-such-profile' },
  'variables.resolve': { text: 'ws://{{host}}/' },
  'recordings.list': {},
  'recordings.open': { id: 'no-such-recording' },
  'recordings.rename': { id: 'no-such-recording', name: 'Other' },
  'recordings.pin': { id: 'no-such-recording', pinned: true },
  'recordings.delete': { id: 'no-such-recording' },
  'recordings.setRetention': { maxTotalBytes: null },
  'recordings.ofSession': { sessionId: UNKNOWN_ID },
  'recordings.export': { id: 'no-such-recording', format: 'har' },
  'recordings.importHar': { fileName: 'a.har', content: '{}' },
  'recordings.replay': { id: 'no-such-recording', timing: 'fast' },
  'recordings.compare': { left: 'a', right: 'b' },
  'log.rowOf': { sessionId: UNKNOWN_ID, seq: 0, view: 'frames' },
  'scenarios.list': {},
  'scenarios.read': { file: 'chat.yaml' },
  'scenarios.save': { file: 'chat.yaml', text: 'connect: {url: ws://h/}\nsteps: []\n' },
  'scenarios.delete': { file: 'chat.yaml' },
  'scenarios.check': { file: 'chat.yaml', text: 'steps: []' },
  'scenarios.fromSession': { sessionId: UNKNOWN_ID },
  'scenarios.run': { file: 'chat.yaml' },
  'scenarios.cancel': { sessionId: UNKNOWN_ID },
  'scenarios.runOf': { sessionId: UNKNOWN_ID },
};

/** Calls that take no input at all, so have no field to leave out. */
const NO_INPUT: CallName[] = ['workspace.get', 'workspace.session', 'session.list', 'recordings.list', 'scenarios.list', 'protos.list'];

/** The top-level fields a call cannot do without (neither optional nor defaulted), read from its schema. */
function requiredFields(name: CallName): string[] {
  // a call whose input is turned into another shape once checked (session.send): the object checked
  const objectOf = (s: z.ZodType): z.ZodObject => (s instanceof z.ZodPipe ? objectOf(s.in as z.ZodType) : (s as z.ZodObject));
  const shape = objectOf(calls[name].input).shape as Record<string, z.ZodType>;
  return Object.keys(shape).filter((k) => !shape[k].safeParse(undefined).success);
}

let service: SessionService;
let pushes: PushCollector;
afterEach(() => service?.disposeAll());

function newService(): SessionService {
  pushes = new PushCollector();
  service = new SessionService({ push: pushes.push });
  pushes.readWith(readerOf(service.handlers));
  return service;
}

describe('the call list', () => {
  it('has exactly one handler for every call and a call for every handler', async () => {
    const s = newService();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'framescope-contract-'));
    const w = new WorkspaceService({ dataDir });
    try {
      const sessionNames = Object.keys(s.handlers);
      const workspaceNames = Object.keys(w.handlers);
      const recordingNames = Object.keys(new RecordingsService(w).handlersFor(s));
      const scenarioNames = Object.keys(new ScenariosService(w).handlersFor(s, pushes.push));
      const fileNames = Object.keys(fileHandlers(w.certificates, null));
      const codecs = new CodecService(new ProtoFiles(() => w.root())).handlers;
      const codecNames = Object.keys(codecs);
      const others = [...workspaceNames, ...recordingNames, ...scenarioNames, ...fileNames, ...codecNames];
      expect(sessionNames.filter((n) => others.includes(n))).toEqual([]);
      expect(new Set(others).size).toBe(others.length);
      const handlerNames = [...sessionNames, ...others].sort();
      expect(callNames.length).toBeGreaterThan(0);
      expect(handlerNames).toEqual([...callNames].sort());
      const all = { ...s.handlers, ...w.handlers, ...new RecordingsService(w).handlersFor(s), ...new ScenariosService(w).handlersFor(s, pushes.push), ...fileHandlers(w.certificates, null), ...codecs } as Record<string, unknown>;
      for (const name of handlerNames) expect(typeof all[name]).toBe('function');
    } finally {
      await w.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('has a well-formed sample input for every call (the samples below cover the contract)', () => {
    expect(Object.keys(samples).sort()).toEqual([...callNames].sort());
    for (const name of callNames) {
      const r = calls[name].input.safeParse(samples[name]);
      expect(r.success, `${name}: ${r.error?.message}`).toBe(true);
    }
  });
});

describe('malformed calls', () => {
  it('refuses an unknown call name with UNKNOWN_CALL', async () => {
    const s = newService();
    for (const name of ['session.nope', '', 'constructor', '__proto__', 'toString', 42, null, undefined]) {
      const e = await callError(dispatch(s.handlers, name, {}));
      expect(e.code).toBe('UNKNOWN_CALL');
      expect(e.message).toContain('unknown call');
    }
  });

  it('refuses an input that is not an object, for every call', async () => {
    const s = newService();
    for (const name of callNames) {
      for (const input of [null, undefined, 'x', 7, [], true]) {
        const e = await callError(dispatch(s.handlers, name, input));
        expect(e.code, `${name} ${JSON.stringify(input)}`).toBe('INVALID_INPUT');
        expect(e.message).toContain(name);
        expect(e.message).toContain('input');
      }
    }
  });

  it('names the missing field, for every call', async () => {
    const s = newService();
    for (const name of callNames) {
      const required = requiredFields(name);
      expect(required.length === 0, name).toBe(NO_INPUT.includes(name));
      for (const field of required) {
        const input = { ...(samples[name] as Record<string, unknown>) };
        delete input[field];
        const e = await callError(dispatch(s.handlers, name, input));
        expect(e.code, `${name} without ${field}`).toBe('INVALID_INPUT');
        expect(e.message, `${name} without ${field}`).toContain(`${name}: ${field} `);
      }
    }
  });

  it('names the bad field, nested ones by their path', async () => {
    const s = newService();
    const cases: [CallName, unknown, string][] = [
      ['session.send', { sessionId: 'x', kind: 'text', text: 'a', fragments: 0 }, 'fragments'],
      ['session.send', { sessionId: 'x', kind: 'text', text: 'a', fragments: 1.5 }, 'fragments'],
      ['session.send', { sessionId: 'x', kind: 'utf16', text: 'a' }, 'kind'],
      ['session.send', { sessionId: 'x', kind: 'binary', dataHex: 'abc' }, 'dataHex'],
      ['session.send', { sessionId: 'x', kind: 'text' }, 'text'],
      ['session.send', { sessionId: 'x', kind: 'binary' }, 'dataHex'],
      ['session.send', { sessionId: '', kind: 'text' }, 'sessionId'],
      ['session.ping', { sessionId: 'x', payloadHex: 'zz' }, 'payloadHex'],
      ['session.pong', { sessionId: 'x', payloadHex: 12 }, 'payloadHex'],
      ['session.close', { sessionId: 'x', code: '1000' }, 'code'],
      ['session.sendFrame', { sessionId: 'x', spec: { opcode: 16 } }, 'spec.opcode'],
      ['session.sendFrame', { sessionId: 'x', spec: { opcode: 1, maskKey: 'xyz' } }, 'spec.maskKey'],
      ['session.setHeartbeat', { sessionId: 'x', intervalMs: 0 }, 'intervalMs'],
      ['session.open', { settings: { url: 'ws://h/', headers: [['a']] } }, 'settings.headers.0'],
      ['session.open', { settings: {} }, 'settings.url'],
      ['log.range', { sessionId: 'x', from: -1, count: 1 }, 'from'],
      ['log.range', { sessionId: 'x', from: 0, count: 5001 }, 'count'],
      ['log.frames', { sessionId: 'x', from: 0, count: 1, filter: { dir: 'sideways' } }, 'filter.dir'],
      ['log.event', { sessionId: 'x', seq: 'first' }, 'seq'],
    ];
    for (const [name, input, field] of cases) {
      const e = await callError(dispatch(s.handlers, name, input));
      expect(e.code, `${name} ${JSON.stringify(input)}`).toBe('INVALID_INPUT');
      expect(e.message, `${name} ${JSON.stringify(input)}`).toContain(`${name}: ${field} `);
    }
    const hex = await callError(dispatch(s.handlers, 'session.ping', { sessionId: 'x', payloadHex: 'zz' }));
    expect(hex.message).toMatch(/hex/);
  });

  it('refuses settings that parse but cannot connect, before opening anything', async () => {
    const s = newService();
    const bad: [unknown, RegExp][] = [
      [{ url: 'http://127.0.0.1/' }, /ws|scheme|protocol/i],
      [{ url: 'not a url' }, /./],
      [{ url: 'ws://127.0.0.1/', headers: [['X-A', 'one\r\nX-Injected: two']] }, /X-A|header/i],
    ];
    for (const [settings, message] of bad) {
      const e = await callError(dispatch(s.handlers, 'session.open', { settings }));
      expect(e.code, JSON.stringify(settings)).toBe('INVALID_INPUT');
      expect(e.message).toMatch(message);
    }
    // nothing was opened, so nothing was logged or pushed
    expect(pushes.summaries).toEqual([]);
  });
});

describe('unknown sessions', () => {
  it('answers NOT_FOUND naming the session, for every call that takes one', async () => {
    const s = newService();
    // recordings.ofSession asks SessionService too, through the recordings handlers
    const withSession = callNames.filter((n) => requiredFields(n).includes('sessionId') && n in s.handlers);
    // all but session.open, session.list and the upload calls, which name no session
    expect(withSession.length).toBe(Object.keys(s.handlers).filter((n) => !n.startsWith('upload.')).length - 2);
    for (const name of withSession) {
      const e = await callError(dispatch(s.handlers, name, samples[name]));
      expect(e.code, name).toBe('NOT_FOUND');
      expect(e.message, name).toContain(UNKNOWN_ID);
      expect(e.message, name).toMatch(/no (connection|session)/);
    }
  });
});

describe('engine refusals against a real server', () => {
  let wss: WebSocketServer;
  let url: string;
  beforeAll(async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    wss.on('connection', (ws) => ws.on('message', (d, binary) => ws.send(d, { binary })));
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
  });

  async function openSession(s: SessionService): Promise<string> {
    const { sessionId } = (await dispatch(s.handlers, 'session.open', { settings: { url } })) as { sessionId: string };
    await pushes.waitFor(sessionId, (e) => e.type === 'state' && e.state === 'open');
    return sessionId;
  }

  it('answers COMMAND for what the engine refuses on an open connection, and the connection stays usable', async () => {
    const s = newService();
    const sessionId = await openSession(s);
    const refusals: [CallName, unknown, RegExp][] = [
      ['session.close', { sessionId, code: 999 }, /close code 999/],
      ['session.close', { sessionId, code: null, reason: 'why' }, /reason needs a close code/],
      ['session.close', { sessionId, code: 1000, reason: 'x'.repeat(124) }, /123 bytes/],
      ['session.ping', { sessionId, payloadHex: '00'.repeat(126) }, /125 bytes/],
      ['session.pong', { sessionId, payloadHex: '00'.repeat(126) }, /125 bytes/],
    ];
    for (const [name, input, message] of refusals) {
      const e = await callError(dispatch(s.handlers, name, input));
      expect(e.code, name).toBe('COMMAND');
      expect(e.message).toMatch(message);
    }
    await dispatch(s.handlers, 'session.send', { sessionId, kind: 'text', text: 'still here' });
    await pushes.waitFor(sessionId, (e) => e.type === 'message' && e.dir === 'in' && e.text === 'still here');
  });

  it('answers COMMAND for sending after the connection closed', async () => {
    const s = newService();
    const sessionId = await openSession(s);
    expect(await dispatch(s.handlers, 'session.close', { sessionId, code: 1000, reason: 'bye' })).toEqual({});
    // a second close while closing
    const again = await callError(dispatch(s.handlers, 'session.close', { sessionId, code: 1000 }));
    expect(again.code).toBe('COMMAND');
    await pushes.waitFor(sessionId, (e) => e.type === 'state' && e.state === 'closed');
    for (const [name, input] of [
      ['session.send', { sessionId, kind: 'text', text: 'late' }],
      ['session.send', { sessionId, kind: 'binary', dataHex: '00ff' }],
      ['session.ping', { sessionId }],
      ['session.close', { sessionId, code: 1000 }],
    ] as [CallName, unknown][]) {
      const e = await callError(dispatch(s.handlers, name, input));
      expect(e.code, name).toBe('COMMAND');
      expect(e.message, name).toMatch(/closed|close frame/);
    }
    // the log is still there to read, and an event beyond it is NOT_FOUND
    const { total } = (await dispatch(s.handlers, 'log.range', { sessionId, from: 0, count: 100 })) as { total: number };
    expect(total).toBeGreaterThan(0);
    const missing = await callError(dispatch(s.handlers, 'log.event', { sessionId, seq: total }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toContain(String(total));
    // dispose forgets it
    await dispatch(s.handlers, 'session.dispose', { sessionId });
    const gone = await callError(dispatch(s.handlers, 'log.range', { sessionId, from: 0, count: 1 }));
    expect(gone.code).toBe('NOT_FOUND');
  });

  it('every handler output matches its output schema', async () => {
    const s = newService();
    const sessionId = await openSession(s);
    const run = async (name: CallName, input: unknown) => {
      const out = await dispatch(s.handlers, name, input);
      const r = calls[name].output.safeParse(out);
      expect(r.success, `${name}: ${r.error?.message}`).toBe(true);
    };
    await run('session.send', { sessionId, kind: 'text', text: 'x', fragments: 3 });
    await run('session.ping', { sessionId, payloadHex: '01' });
    await run('session.pong', { sessionId });
    await run('session.sendFrame', { sessionId, spec: { opcode: 2, payloadHex: 'ab' } });
    await run('session.setAutoPong', { sessionId, enabled: false });
    await run('session.setAnswerClose', { sessionId, enabled: true });
    await run('session.setHeartbeat', { sessionId, intervalMs: 60_000 });
    await run('session.setHeartbeat', { sessionId, intervalMs: null });
    await run('log.range', { sessionId, from: 0, count: 5 });
    await run('log.frames', { sessionId, from: 0, count: 5 });
    await run('log.event', { sessionId, seq: 0 });
    await run('session.close', { sessionId, code: 1000 });
    await pushes.waitFor(sessionId, (e) => e.type === 'close');
    await run('session.reconnect', { sessionId });
    await pushes.waitFor(sessionId, (e) => e.type === 'reconnect');
    await run('session.dispose', { sessionId });
  });
});
