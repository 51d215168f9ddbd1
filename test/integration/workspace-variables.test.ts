/**
 * {{variables}} from the workspace reach the wire: a session opened from a
 * profile resolves its URL, headers and subprotocols against the active
 * environment (secrets included) and the profile's own variables, the log
 * shows the resolved values (a secret's as its marker), and a saved message goes out resolved. Unknown
 * names stay as written and nothing typed is run as code.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { WebSocketServer } from 'ws';
import { CallError } from '../../shared/ipc/api.js';
import { dispatch } from '../../electron/ipc/dispatch.js';
import { SessionService } from '../../electron/services/session-service.js';
import { PushCollector, readerOf } from '../support/push-collector.js';
import { removeTempDirs, tempDir, WorkspaceHarness } from '../support/workspace-harness.js';
import { wsText } from '../../electron/host/ws-text.js';

let wss: WebSocketServer;
let port = 0;
const upgrades: IncomingMessage[] = [];
const received: string[] = [];

beforeAll(async () => {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (offered) => [...offered][0] ?? false });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  port = (wss.address() as AddressInfo).port;
  wss.on('connection', (ws, req) => {
    upgrades.push(req);
    ws.on('message', (d) => received.push(wsText(d)));
  });
});
afterAll(async () => {
  for (const c of wss.clients) c.terminate();
  await new Promise<void>((r) => wss.close(() => r()));
});

let sessions: SessionService | null = null;
let workspace: WorkspaceHarness | null = null;
afterEach(async () => {
  await sessions?.disposeAll();
  await workspace?.close();
  await removeTempDirs();
});

async function setup() {
  const h = (workspace = new WorkspaceHarness({
    dataDir: await tempDir(),
    dynamic: { now: () => new Date(1_700_000_000_000), uuid: () => 'u-u-i-d', randomInt: () => 7 },
  }));
  const pushes = new PushCollector();
  const s = (sessions = new SessionService({ push: pushes.push, resolver: h.service }));
  pushes.readWith(readerOf(s.handlers));
  const call = (name: string, input: unknown) => dispatch({ ...s.handlers, ...h.service.handlers }, name, input) as Promise<Record<string, unknown>>;
  await h.call('workspace.saveEnvironments', {
    environments: [
      { name: 'local', variables: { host: `127.0.0.1:${port}`, proto: 'chat.v2' }, secrets: ['token'] },
      { name: 'elsewhere', variables: { host: 'elsewhere.invalid' }, secrets: [] },
    ],
    activeEnvironment: 'local',
    secretValues: { local: { token: 'tok-123' } },
  });
  const { profile } = await h.call('profiles.save', {
    profile: {
      name: 'Echo',
      settings: {
        url: 'ws://{{host}}/{{path}}?at={{$timestamp}}',
        headers: [['X-Token', 'Bearer {{token}}'], ['X-{{kind}}', "{{constructor.constructor('return process')()}}"]],
        subprotocols: ['{{proto}}'],
        origin: 'http://{{host}}',
      },
      messages: [
        { name: 'hello', kind: 'text', text: '{"user":"{{user}}","id":"{{$uuid}}","n":{{$randomInt}}}' },
        { name: 'raw', kind: 'binary', hex: '7b7d' },
      ],
      variables: { path: 'echo', user: 'ada', kind: 'Kind', host: 'the environment wins' },
    },
  });
  return { h, s, pushes, call, profile };
}

describe('variables on the wire', () => {
  it('opens from a profile with everything resolved, logs the resolved handshake, and sends saved messages resolved', async () => {
    const { pushes, call, profile } = await setup();
    const { sessionId } = (await call('session.open', { settings: profile.settings, profileId: profile.id })) as { sessionId: string };
    await pushes.waitFor(sessionId, (e) => e.type === 'state' && e.state === 'open');
    const hs = pushes.events(sessionId).find((e) => e.type === 'handshake-request');
    expect(hs).toMatchObject({ url: `ws://127.0.0.1:${port}/echo?at=1700000000` });
    const headers = (hs as { headers: [string, string][] }).headers;
    // the wire gets the secret, the log its marker
    expect(headers).toContainEqual(['X-Token', 'Bearer {{token}}']);
    expect(headers).toContainEqual(['X-Kind', "{{constructor.constructor('return process')()}}"]);
    expect(headers).toContainEqual(['Origin', `http://127.0.0.1:${port}`]);
    const req = upgrades[upgrades.length - 1];
    expect(req.url).toBe('/echo?at=1700000000');
    expect(req.headers['x-token']).toBe('Bearer tok-123');
    expect(req.headers['sec-websocket-protocol']).toBe('chat.v2');

    await call('session.sendSaved', { sessionId, profileId: profile.id, message: 'hello' });
    await call('session.sendSaved', { sessionId, profileId: profile.id, message: 'raw' });
    await pushes.waitFor(sessionId, (e) => e.type === 'message' && e.dir === 'out' && e.opcode === 2);
    const out = pushes.events(sessionId).filter((e) => e.type === 'message' && e.dir === 'out');
    expect(out[0]).toMatchObject({ text: '{"user":"ada","id":"u-u-i-d","n":7}' });
    expect(out[1]).toMatchObject({ data: '7b7d' });
    const missing = await call('session.sendSaved', { sessionId, profileId: profile.id, message: 'nope' }).catch((e: CallError) => e);
    expect(missing).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('"nope"') });
  });

  it('previews with variables.resolve, reports unknown names, and follows the active environment', async () => {
    const { h, call, profile } = await setup();
    expect(await call('variables.resolve', { text: '{{host}} {{user}} {{token}} {{nobody}}', profileId: profile.id })).toEqual({
      text: `127.0.0.1:${port} ada {{token}} {{nobody}}`,
      missing: ['nobody'],
    });
    // without the profile its variables are unknown
    expect(await call('variables.resolve', { text: '{{user}}' })).toEqual({ text: '{{user}}', missing: ['user'] });
    const { workspace: view } = await h.call('workspace.get', {});
    await h.call('workspace.saveEnvironments', { environments: view.environments, activeEnvironment: 'elsewhere' });
    // another environment: its own host, and the other one's secret is not visible
    expect(await call('variables.resolve', { text: '{{host}} {{token}}' })).toEqual({ text: 'elsewhere.invalid {{token}}', missing: ['token'] });
  });

  it('refuses a subprotocol, Origin or header that a variable turns into a second header line, before anything is sent', async () => {
    const { h, call } = await setup();
    const { workspace: view } = await h.call('workspace.get', {});
    const evil = { name: 'evil', variables: { proto: 'chat\r\nX-Injected: 1', site: 'http://o.example\r\nX-Injected: 1', path: 'p' }, secrets: [] };
    await h.call('workspace.saveEnvironments', { environments: [...view.environments, evil], activeEnvironment: 'evil' });
    const before = upgrades.length;
    const url = `ws://127.0.0.1:${port}/`;
    for (const settings of [
      { url, subprotocols: ['{{proto}}'] },
      { url, origin: '{{site}}' },
      { url, headers: [['X-A', '{{proto}}']] },
      { url, subprotocols: ['two words'] },
      { url, origin: 'not an origin' },
    ]) {
      const e = (await call('session.open', { settings }).catch((x: CallError) => x)) as CallError;
      expect(e, JSON.stringify(settings)).toBeInstanceOf(CallError);
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.message).toMatch(/not a valid token|not an origin|line break/);
    }
    expect(upgrades.length).toBe(before);
  });

  it('an unknown variable in the URL is named when the URL cannot be used', async () => {
    const { call } = await setup();
    const e = (await call('session.open', { settings: { url: 'ws://{{nohost}}/' } }).catch((x: CallError) => x)) as CallError;
    expect(e).toBeInstanceOf(CallError);
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('{{nohost}}');
  });
});
