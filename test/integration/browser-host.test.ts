/**
 * Browser mode's host over real HTTP and WebSocket requests on loopback:
 * the token (never from a cookie on /ipc), the page's own cookie, the Host
 * check (DNS rebinding), the Origin check on /ipc, the
 * static files and their limits, and the IPC contract spoken over the socket
 * against a real `ws` echo server. Headers are set by hand, as an attacker's
 * page or a rebinding DNS name would send them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { startBrowserHost, type BrowserHost } from '../../electron/host/browser-host.js';
import { MAX_CALL_BYTES } from '../../shared/ipc/api.js';
import { UPLOAD_CHUNK_BYTES } from '../../shared/ipc/schemas.js';
import { PREVIEW_CHARS } from '../../shared/ipc/events.js';
import type { LogEvent } from '../../shared/log-events.js';
import type { LiveSession } from '../../shared/ipc/live-session.js';
import { IpcClient } from '../support/ipc-client.js';
import { wsText } from '../../electron/host/ws-text.js';

const INDEX = '<!doctype html><title>Framescope test page</title><script src="/assets/app.js"></script>';
const ASSET = 'console.log("framescope asset");';
const SECRET = 'framescope-secret-outside-the-static-dir';

let root: string;
let staticDir: string;
let host: BrowserHost;
let port: number;
let authority: string;
let echo: WebSocketServer;
let echoUrl: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'framescope-host-'));
  staticDir = path.join(root, 'static');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), INDEX);
  await writeFile(path.join(staticDir, 'assets', 'app.js'), ASSET);
  // next to the static dir, where a path traversal would land
  await writeFile(path.join(root, 'secret.txt'), SECRET);
  await writeFile(path.join(root, 'package.json'), JSON.stringify({ secret: SECRET }));
  host = await startBrowserHost({ host: '127.0.0.1', port: 0, staticDir, dataDir: path.join(root, 'data') });
  port = Number(new URL(host.url).port);
  authority = `127.0.0.1:${port}`;

  echo = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => echo.once('listening', () => r()));
  echo.on('connection', (ws) => ws.on('message', (d, binary) => ws.send(d, { binary })));
  echoUrl = `ws://127.0.0.1:${(echo.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await host?.close();
  if (echo) {
    for (const c of echo.clients) c.terminate();
    await new Promise<void>((r) => echo.close(() => r()));
  }
  if (root) await rm(root, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP request with exactly these headers and this raw path (no normalization on the way). */
function get(rawPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: rawPath, method, agent: false, setHost: false, headers: { Host: authority, Connection: 'close', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** An upgrade request to the host; resolves with the refusal's status, or 101. */
function upgrade(rawPath: string, headers: Record<string, string | undefined>): Promise<number> {
  return new Promise((resolve, reject) => {
    const h: Record<string, string> = {
      Host: authority,
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    };
    for (const [k, v] of Object.entries(headers)) {
      if (v === undefined) delete h[k];
      else h[k] = v;
    }
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, agent: false, setHost: false, headers: h });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The page's cookie: named for the port, and not the token (it is sent to every port of 127.0.0.1). */
function pageCookie(reply: Reply): string {
  const set = reply.headers['set-cookie'] ?? [];
  expect(set.length).toBeGreaterThan(0);
  const pair = set[0].split(';')[0];
  expect(pair).toMatch(new RegExp(`^framescope_page_${port}=`));
  expect(pair).not.toContain(host.token);
  return pair;
}

describe('the token', () => {
  it('serves nothing without it: page, asset, unknown path and /ipc', async () => {
    for (const p of ['/', '/index.html', '/assets/app.js', '/missing.js', '/ipc', '/?token=', `/?token=${host.token}x`, `/?token=${host.token.slice(1)}`]) {
      const r = await get(p);
      expect(r.status, p).toBe(403);
      expect(r.body).not.toContain('Framescope test page');
      expect(r.body).not.toContain('framescope asset');
      expect(r.headers['set-cookie'], p).toBeUndefined();
    }
    const head = await get('/', {}, 'HEAD');
    expect(head.status).toBe(403);
    // a wrong cookie is no better, nor the token as a cookie
    expect((await get('/assets/app.js', { Cookie: `framescope_page_${port}=nope` })).status).toBe(403);
    expect((await get('/assets/app.js', { Cookie: `framescope_page_${port}=${host.token}` })).status).toBe(403);
  });

  it('serves the page with a CSP and a cookie of its own that lets later asset requests in without the query', async () => {
    const page = await get(`/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toBe(INDEX);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(page.headers['content-security-policy'] ?? '');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`ws://${authority}`);
    const setCookie = String(page.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);

    const cookie = pageCookie(page);
    const asset = await get('/assets/app.js', { Cookie: cookie });
    expect(asset.status).toBe(200);
    expect(asset.body).toBe(ASSET);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
    // the same asset with the token in the query works too; a missing file is 404, not the page
    expect((await get(`/assets/app.js?token=${host.token}`)).body).toBe(ASSET);
    expect((await get('/assets/missing.js', { Cookie: cookie })).status).toBe(404);
    // only reading is served
    expect((await get(`/?token=${host.token}`, {}, 'POST')).status).toBe(405);
  });

  it('is the one in the printed URL, which names the host and port', () => {
    const u = new URL(host.url);
    expect(u.host).toBe(authority);
    expect(u.searchParams.get('token')).toBe(host.token);
    expect(host.token.length).toBeGreaterThanOrEqual(24);
  });
});

describe('the Host header (DNS rebinding)', () => {
  it('refuses a foreign Host even with a valid token or cookie', async () => {
    const cookie = pageCookie(await get(`/?token=${host.token}`));
    for (const badHost of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${port + 1}`, `127.0.0.1.evil.example:${port}`, '']) {
      for (const [p, extra] of [
        [`/?token=${host.token}`, {}],
        ['/assets/app.js', { Cookie: cookie }],
      ] as [string, Record<string, string>][]) {
        const r = await get(p, { Host: badHost, ...extra });
        expect(r.status, `${badHost} ${p}`).toBeGreaterThanOrEqual(400);
        expect(r.body).not.toContain('Framescope test page');
        expect(r.body).not.toContain('framescope asset');
        expect(r.headers['set-cookie']).toBeUndefined();
      }
      const ws = await upgrade(`/ipc?token=${host.token}`, { Host: badHost, Origin: `http://${badHost}` });
      expect(ws, badHost).toBe(403);
      const ws2 = await upgrade(`/ipc?token=${host.token}`, { Host: badHost, Origin: `http://${authority}` });
      expect(ws2, badHost).toBe(403);
    }
  });

  it('accepts the loopback names of the same port', async () => {
    for (const h of [authority, `localhost:${port}`]) {
      expect((await get(`/?token=${host.token}`, { Host: h })).status, h).toBe(200);
    }
  });
});

describe('/ipc', () => {
  it('refuses an upgrade with a wrong or missing Origin, or without the token', async () => {
    const withToken = `/ipc?token=${host.token}`;
    expect(await upgrade(withToken, { Origin: undefined })).toBe(403);
    expect(await upgrade(withToken, { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgrade(withToken, { Origin: `http://evil.example:${port}` })).toBe(403);
    expect(await upgrade(withToken, { Origin: `https://${authority}` })).toBe(403);
    expect(await upgrade(withToken, { Origin: 'null' })).toBe(403);
    expect(await upgrade('/ipc', { Origin: `http://${authority}` })).toBe(403);
    expect(await upgrade('/ipc?token=wrong', { Origin: `http://${authority}` })).toBe(403);
    expect(await upgrade(`/other?token=${host.token}`, { Origin: `http://${authority}` })).toBe(403);
    // the control: the same request with everything right is upgraded
    expect(await upgrade(withToken, { Origin: `http://${authority}` })).toBe(101);
  });

  it('takes the token from the URL or an Authorization header, never from a cookie', async () => {
    const cookie = pageCookie(await get(`/?token=${host.token}`));
    const origin = { Origin: `http://${authority}` };
    expect(await upgrade('/ipc', { ...origin, Cookie: cookie })).toBe(403);
    expect(await upgrade('/ipc', { ...origin, Cookie: `framescope_token=${host.token}` })).toBe(403);
    expect(await upgrade('/ipc', { ...origin, Authorization: `Bearer ${host.token}` })).toBe(101);
    expect(await upgrade('/ipc', { ...origin, Authorization: `Bearer ${host.token}x` })).toBe(403);
    expect(await upgrade('/ipc', { ...origin, Authorization: `Basic ${host.token}` })).toBe(403);
    // the Origin must be the page's own: another name of this server is another origin
    expect(await upgrade(`/ipc?token=${host.token}`, { Origin: `http://localhost:${port}` })).toBe(403);
    expect(await upgrade(`/ipc?token=${host.token}`, { Host: `localhost:${port}`, Origin: `http://localhost:${port}` })).toBe(101);
  });

  it('carries the contract: a real session.open, send and echo, log.batch pushes, and errors that leave the socket usable', async () => {
    const client = new IpcClient(new WebSocket(`ws://${authority}/ipc?token=${host.token}`, { origin: `http://${authority}` }));
    await client.opened;
    try {
      // a malformed message first: an error answer, and the socket stays usable
      client.ws.send('{ this is not json');
      const bad = await client.nextAnswer();
      expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      // JSON that is not a call object: an answer naming the problem, not an internal error
      for (const notACall of ['null', '42', '"session.open"', '[]']) {
        client.ws.send(notACall);
        expect(await client.nextAnswer(), notACall).toMatchObject({ id: -1, ok: false, error: { code: 'INVALID_INPUT' } });
      }
      // a call object without a call name
      expect(await client.call(undefined as unknown as string, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
      const unknown = await client.call('session.nope', {});
      expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
      const invalid = await client.call('session.ping', { sessionId: 'x', payloadHex: 'zz' });
      expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect((invalid as { error: { message: string } }).error.message).toContain('payloadHex');
      expect(client.ws.readyState).toBe(WebSocket.OPEN);

      const opened = await client.call('session.open', { settings: { url: echoUrl } });
      expect(opened.ok).toBe(true);
      const { sessionId } = (opened as { output: { sessionId: string } }).output;
      await client.pushes.waitFor(sessionId, (e) => e.type === 'state' && e.state === 'open');

      const big = 'b'.repeat(PREVIEW_CHARS * 3);
      expect(await client.call('session.send', { sessionId, kind: 'text', text: 'hello over browser mode' })).toMatchObject({ ok: true });
      expect(await client.call('session.send', { sessionId, kind: 'text', text: big })).toMatchObject({ ok: true });
      const echoed = await client.pushes.waitFor(sessionId, (e) => e.type === 'message' && e.dir === 'in' && e.text === 'hello over browser mode');
      const bigIn = await client.pushes.waitFor(sessionId, (e) => e.type === 'message' && e.dir === 'in' && e.length === big.length);
      expect(bigIn.truncated).toBe(true);
      const whole = await client.call('log.event', { sessionId, seq: bigIn.seq });
      expect((whole as { output: { event: LogEvent } }).output.event).toMatchObject({ type: 'message', text: big });
      expect((whole as { output: { event: LogEvent } }).output.event.truncated).toBeUndefined();

      // the pushes are this session's log in order, without gaps
      const pushed = client.pushes.events(sessionId);
      expect(pushed.map((e) => e.seq)).toEqual(pushed.map((_, i) => i));
      expect(echoed.seq).toBeGreaterThan(0);
      const range = await client.call('log.range', { sessionId, from: 0, count: 5000 });
      const { total } = (range as { output: { total: number } }).output;
      expect(total).toBeGreaterThanOrEqual(pushed.length);

      // an unknown session is NOT_FOUND, and the socket still answers afterwards
      expect(await client.call('log.range', { sessionId: 'nope', from: 0, count: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await client.call('session.close', { sessionId, code: 1000, reason: 'done' })).toMatchObject({ ok: true });
      const close = await client.pushes.waitFor(sessionId, (e) => e.type === 'close');
      expect(close).toMatchObject({ code: 1000, reason: 'done', wasClean: true, initiator: 'client' });
      expect(await client.call('session.send', { sessionId, kind: 'text', text: 'late' })).toMatchObject({ ok: false, error: { code: 'COMMAND' } });
    } finally {
      client.ws.close();
    }
  });

  it('keeps the sessions of a page whose socket goes: the next page finds them, live, with their log and its tab', async () => {
    let serverSide: WebSocket | undefined;
    const connected = new Promise<void>((resolve) =>
      echo.once('connection', (ws) => {
        serverSide = ws;
        resolve();
      }),
    );
    const first = new IpcClient(new WebSocket(`ws://${authority}/ipc?token=${host.token}`, { origin: `http://${authority}` }));
    await first.opened;
    const opened = await first.call('session.open', { settings: { url: echoUrl, headers: [['X-Tab', 'one']] }, tabId: 'tab-kept' });
    const { sessionId } = (opened as { output: { sessionId: string } }).output;
    await first.pushes.waitFor(sessionId, (e) => e.type === 'state' && e.state === 'open');
    await connected;
    expect(await first.call('session.send', { sessionId, kind: 'text', text: 'before the reload' })).toMatchObject({ ok: true });
    await first.pushes.waitFor(sessionId, (e) => e.type === 'message' && e.dir === 'in' && e.text === 'before the reload');
    const firstGone = new Promise<void>((r) => first.ws.once('close', () => r()));
    first.ws.close();
    await firstGone;

    // a reload: the page is new, the connection is the same one
    const second = new IpcClient(new WebSocket(`ws://${authority}/ipc?token=${host.token}`, { origin: `http://${authority}` }));
    await second.opened;
    try {
      const listed = await second.call('session.list', {});
      const found = (listed as { output: { sessions: LiveSession[] } }).output.sessions.find((l) => l.sessionId === sessionId);
      expect(found).toMatchObject({ tabId: 'tab-kept', kind: 'connection', settings: { url: echoUrl, headers: [['X-Tab', 'one']] }, profileId: null, recording: null });
      // the summary taken whole: the handshake and the open state, though this page was told none of it
      const types = found!.summary!.notable.map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['handshake-request', 'handshake-response', 'open', 'state']));
      expect(found!.summary!.messages).toEqual({ in: 1, out: 1 });
      const echoed = new Promise<string>((r) => serverSide!.once('message', (d) => r(wsText(d))));
      expect(await second.call('session.send', { sessionId, kind: 'text', text: 'after the reload' })).toMatchObject({ ok: true });
      expect(await echoed).toBe('after the reload');
      const range = await second.call('log.range', { sessionId, from: 0, count: 100 });
      const texts = (range as { output: { events: LogEvent[] } }).output.events.flatMap((e) => (e.type === 'message' && e.dir === 'in' ? [e.text] : []));
      expect(texts).toContain('before the reload');
      expect(serverSide!.readyState).toBe(WebSocket.OPEN);
      const closed = new Promise<number>((r) => serverSide!.once('close', (code) => r(code)));
      expect(await second.call('session.dispose', { sessionId, goingAway: true })).toMatchObject({ ok: true });
      expect(await closed).toBe(1001);
    } finally {
      second.ws.close();
    }
  });
});

describe('a tab that sends what the host cannot take', () => {
  const connectTab = async () => {
    const client = new IpcClient(new WebSocket(`ws://${authority}/ipc?token=${host.token}`, { origin: `http://${authority}`, maxPayload: 0 }));
    await client.opened;
    return client;
  };
  const closed = (ws: WebSocket) => new Promise<number>((r) => ws.once('close', (code) => r(code)));

  it('a text frame of invalid UTF-8 closes only that tab (1007); the server and the other tabs go on', async () => {
    const bad = await connectTab();
    const good = await connectTab();
    const code = closed(bad.ws);
    // ws would refuse to send invalid UTF-8 as text; the raw frame goes straight on the socket: FIN text, masked, 2 bytes
    const socket = (bad.ws as unknown as { _socket: import('node:net').Socket })._socket;
    socket.write(Buffer.from([0x81, 0x82, 0, 0, 0, 0, 0xc3, 0x28]));
    expect(await code).toBe(1007);
    expect(await good.call('workspace.get', {})).toMatchObject({ ok: true });
    const again = await connectTab();
    expect(await again.call('workspace.get', {})).toMatchObject({ ok: true });
    good.ws.close();
    again.ws.close();
  });

  it('a call over the 64 MiB limit closes only that tab (1009); large files go in chunks instead', async () => {
    const big = await connectTab();
    const good = await connectTab();
    const code = closed(big.ws);
    big.ws.send(JSON.stringify({ id: 1, call: 'session.send', input: { sessionId: 'x', kind: 'binary', dataHex: 'ab'.repeat(MAX_CALL_BYTES / 2 + 1) } }));
    expect(await code).toBe(1009);

    // the same bytes as an upload in chunks, then one send: they reach a real server whole
    const received = new Promise<Buffer>((resolve) => echo.once('connection', (ws) => ws.once('message', (d) => resolve(d as Buffer))));
    const opened = await good.call('session.open', { settings: { url: echoUrl } });
    const { sessionId } = (opened as { output: { sessionId: string } }).output;
    await good.pushes.waitFor(sessionId, (e) => e.type === 'state' && e.state === 'open');
    const file = Buffer.alloc(40 * 1024 * 1024 + 3);
    for (let i = 0; i < file.length; i += 4096) file[i] = (i / 4096) & 0xff;
    let uploadId: string | undefined;
    for (let at = 0; at < file.length; at += UPLOAD_CHUNK_BYTES) {
      const r = await good.call('upload.append', { uploadId, base64: file.subarray(at, at + UPLOAD_CHUNK_BYTES).toString('base64') });
      expect(r).toMatchObject({ ok: true });
      uploadId = (r as { output: { uploadId: string } }).output.uploadId;
    }
    expect(await good.call('session.send', { sessionId, kind: 'binary', uploadId, fragments: 3 })).toMatchObject({ ok: true });
    expect((await received).equals(file)).toBe(true);
    // an upload is used once
    expect(await good.call('session.send', { sessionId, kind: 'binary', uploadId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // a chunk larger than a call allows is refused by name, and the socket stays open
    const tooBig = await good.call('upload.append', { base64: 'A'.repeat(UPLOAD_CHUNK_BYTES * 2) });
    expect(tooBig).toMatchObject({ ok: false, error: { code: 'TOO_LARGE', message: expect.stringContaining('base64') } });
    expect(good.ws.readyState).toBe(WebSocket.OPEN);
    good.ws.close();
  }, 60_000);
});

describe('path traversal', () => {
  it('serves nothing outside the static dir, however the path is spelled', async () => {
    const cookie = pageCookie(await get(`/?token=${host.token}`));
    const paths = [
      '/../package.json',
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/package.json',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/../../secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/%2e%2e%5csecret.txt',
      '/....//secret.txt',
      `/${'../'.repeat(12)}etc/passwd`,
      `/${encodeURIComponent(path.join(root, 'secret.txt'))}`,
      '//secret.txt',
      '/secret.txt%00.html',
      '/%',
    ];
    for (const p of paths) {
      const r = await get(p, { Cookie: cookie });
      // '//secret.txt' is a URL with an authority and an empty path: the page, which is harmless
      if (r.status === 200) expect(r.body, p).toBe(INDEX);
      expect(r.body, p).not.toContain(SECRET);
      expect(r.body, p).not.toContain('root:');
    }
    // the files inside are still served
    expect((await get('/assets/./app.js', { Cookie: cookie })).body).toBe(ASSET);
  });
});
