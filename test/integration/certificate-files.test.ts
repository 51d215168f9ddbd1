/**
 * The main process reads only the TLS files the person handed over: chosen
 * in the desktop app's dialog (a stand-in dialog here, the real handler),
 * uploaded in browser mode (over a real /ipc socket), or named by a saved
 * profile. A typed path is refused before the disk is touched, the same way
 * whether or not it exists; a device, a FIFO or a file over 1 MiB is refused
 * even when handed over. Connections authenticate to a real wss server that
 * requires a client certificate.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { dispatch } from '../../electron/ipc/dispatch.js';
import type { OpenDialog } from '../../electron/files/file-handlers.js';
import { startAppServices } from '../../electron/app/app-services.js';
import { startBrowserHost, type BrowserHost } from '../../electron/host/browser-host.js';
import { CallError } from '../../shared/ipc/api.js';
import { UPLOAD_CHUNK_BYTES, type CallInput, type CallName, type CallOutput } from '../../shared/ipc/schemas.js';
import { makeTestCerts, type TestCerts } from '../support/certs.js';
import { PushCollector, readerOf } from '../support/push-collector.js';
import { connectTab } from '../support/ipc-client.js';
import { removeTempDirs, tempDir } from '../support/workspace-harness.js';

let certs: TestCerts;
let wss: WebSocketServer;
let server: https.Server;
let url: string;
/** whether each TLS client the server saw presented a certificate its CA signed */
const authorized: boolean[] = [];

beforeAll(async () => {
  certs = makeTestCerts();
  server = https.createServer({ cert: certs.server.cert, key: certs.server.key, ca: certs.ca.cert, requestCert: true, rejectUnauthorized: true });
  server.on('secureConnection', (s) => authorized.push(s.authorized));
  wss = new WebSocketServer({ server });
  wss.on('connection', (ws) => ws.on('message', (d, binary) => ws.send(d, { binary })));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `wss://localhost:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  for (const c of wss?.clients ?? []) c.terminate();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  certs?.cleanup();
});

const file = (name: string) => path.join(certs.dir, name);

interface Desktop {
  call<C extends CallName>(name: C, input: CallInput<C>): Promise<CallOutput<C>>;
  pushes: PushCollector;
  /** what the stand-in dialog answers next: a path, or null for Cancel */
  nextChoice: string | null;
  close(): Promise<void>;
}

const opened: Desktop[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) await d.close();
  await removeTempDirs();
});

/** The desktop app's services and handlers, its dialog a stand-in that answers what the test says. */
async function desktop(dataDir?: string): Promise<Desktop> {
  const pushes = new PushCollector();
  const dialog: OpenDialog = () => Promise.resolve(d.nextChoice === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [d.nextChoice] });
  const { workspace, sessions, handlers } = startAppServices({ dataDir: dataDir ?? (await tempDir()), push: pushes.pushFromAll, dialog });
  pushes.readWith(readerOf(sessions.handlers));
  const d: Desktop = {
    pushes,
    nextChoice: null,
    call: (name, input) => dispatch(handlers, name, input) as never,
    close: async () => {
      await sessions.disposeAll();
      await workspace.close();
    },
  };
  opened.push(d);
  return d;
}

async function refusal(p: Promise<unknown>): Promise<CallError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(CallError);
  return e as CallError;
}

async function pick(d: Desktop, kind: 'ca' | 'cert' | 'key', choice: string): Promise<string> {
  d.nextChoice = choice;
  const { path: chosen } = await d.call('files.pickCertificate', { kind });
  expect(chosen).toBe(choice);
  return chosen!;
}

async function opensAndCloses(d: Desktop, settings: CallInput<'session.open'>['settings'], profileId?: string): Promise<void> {
  const before = authorized.length;
  const { sessionId } = await d.call('session.open', { settings, profileId });
  const e = await d.pushes.waitFor(sessionId, (x) => x.type === 'open' || x.type === 'close');
  expect(e.type).toBe('open');
  expect(authorized.slice(before)).toEqual([true]);
  await d.call('session.close', { sessionId, code: 1000 });
  await d.pushes.waitFor(sessionId, (x) => x.type === 'close');
}

describe('the desktop app', () => {
  it('connects with files chosen in its dialog; a Cancel changes nothing', async () => {
    const d = await desktop();
    d.nextChoice = null;
    expect(await d.call('files.pickCertificate', { kind: 'ca' })).toEqual({ path: null });
    const settings = { url, caPath: await pick(d, 'ca', file('ca.pem')), certPath: await pick(d, 'cert', file('client.pem')), keyPath: await pick(d, 'key', file('client.key')) };
    await opensAndCloses(d, settings);
  });

  it('refuses a typed path without touching it: the same answer whether it exists or not', async () => {
    const d = await desktop();
    const answers = [];
    for (const typed of [file('client.key'), file('no-such.key'), '/etc/passwd', '/dev/zero']) {
      const e = await refusal(d.call('session.open', { settings: { url, keyPath: typed } }));
      expect(e.code, typed).toBe('FORBIDDEN');
      answers.push(e.message.replace(typed, 'PATH'));
    }
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toMatch(/not chosen in this app/);
  });

  it('refuses a device, a FIFO, a link to a device and a file over 1 MiB, even when chosen', async () => {
    const d = await desktop();
    const dir = await tempDir();
    const fifo = path.join(dir, 'fifo.pem');
    execFileSync('mkfifo', [fifo]);
    const link = path.join(dir, 'zero.pem');
    await symlink('/dev/zero', link);
    const big = path.join(dir, 'big.pem');
    await writeFile(big, Buffer.alloc(1024 * 1024 + 1, 0x41));
    for (const [chosen, code, message] of [
      ['/dev/zero', 'INVALID_INPUT', /not a regular file/],
      [fifo, 'INVALID_INPUT', /not a regular file/],
      [link, 'INVALID_INPUT', /not a regular file/],
      [big, 'TOO_LARGE', /larger than 1024 KiB/],
      [path.join(dir, 'gone.pem'), 'INVALID_INPUT', /cannot read the CA certificate .*ENOENT/],
    ] as const) {
      const e = await refusal(d.call('session.open', { settings: { url, caPath: await pick(d, 'ca', chosen) } }));
      expect(e.code, chosen).toBe(code);
      expect(e.message, chosen).toMatch(message);
    }
  });

  it('a profile keeps chosen files; after a restart it still connects with them, but only from that profile', async () => {
    const dataDir = await tempDir();
    const d = await desktop(dataDir);
    const settings = { url, caPath: await pick(d, 'ca', file('ca.pem')), certPath: await pick(d, 'cert', file('client.pem')), keyPath: await pick(d, 'key', file('client.key')) };
    const typed = await refusal(d.call('profiles.save', { profile: { name: 'typed', settings: { url, caPath: file('server.pem') } } }));
    expect(typed.code).toBe('FORBIDDEN');
    const { profile } = await d.call('profiles.save', { profile: { name: 'mTLS', settings } });
    // a rename keeps what the profile already named
    await d.call('profiles.save', { profile: { ...profile, name: 'mTLS renamed' } });
    await d.close();
    opened.splice(opened.indexOf(d), 1);

    const again = await desktop(dataDir);
    await opensAndCloses(again, settings, profile.id);
    // the same paths without the profile, or another path with it, were not handed to this process
    expect((await refusal(again.call('session.open', { settings }))).code).toBe('FORBIDDEN');
    expect((await refusal(again.call('session.open', { settings: { ...settings, caPath: file('server.pem') }, profileId: profile.id }))).code).toBe('FORBIDDEN');
    // nor may a save slip another path into the profile
    const slipped = await refusal(again.call('profiles.save', { profile: { ...profile, settings: { ...settings, keyPath: file('ca.key') } } }));
    expect(slipped.code).toBe('FORBIDDEN');
  });

  it('reads a path that a profile file names on disk (a colleague committed it)', async () => {
    const dataDir = await tempDir();
    const first = await desktop(dataDir);
    const { workspace } = await first.call('workspace.get', {});
    await first.close();
    opened.splice(opened.indexOf(first), 1);
    await mkdir(path.join(workspace.path, 'profiles'), { recursive: true });
    const id = '3f2c0a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
    const saved = { formatVersion: 1, id, name: 'Shared', settings: { url, caPath: file('ca.pem'), certPath: file('client.pem'), keyPath: file('client.key') }, messages: [], variables: {} };
    await writeFile(path.join(workspace.path, 'profiles', 'shared.json'), JSON.stringify(saved, null, 2) + '\n');
    const d = await desktop(dataDir);
    expect((await d.call('workspace.get', {})).workspace.profiles.map((p) => p.id)).toEqual([id]);
    await opensAndCloses(d, saved.settings, id);
  });
});

describe('browser mode', () => {
  let host: BrowserHost;
  // its own folder: the per-test clean-up must not remove it from under the running server
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'framescope-certs-host-'));
    await writeFile(path.join(root, 'index.html'), '<!doctype html>');
    host = await startBrowserHost({ host: '127.0.0.1', port: 0, staticDir: root, dataDir: path.join(root, 'data') });
  });
  afterAll(async () => {
    await host?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** Uploads bytes as the page does (upload.append), then keeps them as a file. */
  async function upload(tab: Awaited<ReturnType<typeof connectTab>>, name: string, bytes: Buffer) {
    let uploadId: string | undefined;
    for (let at = 0; at === 0 || at < bytes.length; at += UPLOAD_CHUNK_BYTES) {
      const r = await tab.call('upload.append', { uploadId, base64: bytes.subarray(at, at + UPLOAD_CHUNK_BYTES).toString('base64') });
      if (!r.ok) throw new Error(r.error.message);
      uploadId = (r.output as { uploadId: string }).uploadId;
    }
    return tab.call('upload.asFile', { uploadId, name });
  }

  it('has no dialog of its own; uploaded files authenticate a real wss connection', async () => {
    const tab = await connectTab(host);
    expect(await tab.call('files.pickCertificate', { kind: 'ca' })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
    const paths: Record<string, string> = {};
    for (const [field, name, bytes] of [
      ['caPath', 'ca.pem', certs.ca.cert],
      ['certPath', 'client.pem', certs.client.cert],
      ['keyPath', '../../client.key', certs.client.key],
    ] as const) {
      const r = await upload(tab, name, bytes);
      if (!r.ok) throw new Error(r.error.message);
      paths[field] = (r.output as { path: string }).path;
    }
    expect(paths.keyPath).toMatch(/^uploaded:[0-9a-f-]+\/client\.key$/);
    const before = authorized.length;
    const r = await tab.call('session.open', { settings: { url, ...paths } });
    expect(r.ok).toBe(true);
    const { sessionId } = (r as { output: { sessionId: string } }).output;
    await tab.pushes.waitFor(sessionId, (e) => e.type === 'open');
    expect(authorized.slice(before)).toEqual([true]);
    const big = await upload(tab, 'big.pem', Buffer.alloc(1024 * 1024 + 1));
    expect(big).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
    // a made-up upload name is no file at all
    expect(await tab.call('session.open', { settings: { url, caPath: 'uploaded:00000000-0000-0000-0000-000000000000/ca.pem' } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    tab.ws.close();
  });
});
