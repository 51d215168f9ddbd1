import { describe, expect, it } from 'vitest';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { WebSocketServer } from 'ws';
import { closer, freePort, listen } from '../support/servers.js';
import { runConnection, only, ofType, outline, header, seqs, count } from '../support/connect-log.js';
import { networkSuite } from '../support/network-suite.js';

/** What a path answers: a redirect written by hand, or a real WebSocket upgrade. */
type Route = { status: number; location: string; body?: string } | 'websocket';

interface UpgradeServer {
  port: number;
  routes: Map<string, Route>;
  /** every upgrade request that arrived, in order */
  seen: { path: string; host: string; headers: [string, string][] }[];
  close(): Promise<void>;
}

function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

/**
 * An HTTP(S) server on 127.0.0.1 whose 'upgrade' handler answers each path
 * from `routes`: 3xx responses written on the socket by hand, or a ws upgrade.
 */
async function startUpgradeServer(tlsOptions?: https.ServerOptions): Promise<UpgradeServer> {
  const server = tlsOptions ? https.createServer(tlsOptions) : http.createServer();
  const wss = new WebSocketServer({ noServer: true });
  const routes = new Map<string, Route>();
  const seen: UpgradeServer['seen'] = [];
  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const path = req.url ?? '';
    seen.push({ path, host: req.headers.host ?? '', headers: pairs(req.rawHeaders) });
    const route = routes.get(path);
    if (route === 'websocket') {
      wss.handleUpgrade(req, socket, head, (ws) => ws.on('message', (d, binary) => ws.send(d, { binary })));
      return;
    }
    if (!route) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const body = route.body ?? '';
    socket.end(
      `HTTP/1.1 ${route.status} ${http.STATUS_CODES[route.status]}\r\n` +
        `Location: ${route.location}\r\n` +
        `Content-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  const close = closer(server);
  const port = await listen(server, '127.0.0.1');
  return {
    port,
    routes,
    seen,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await close();
    },
  };
}

const suite = networkSuite({ certs: true });

async function upgradeServer(tlsOptions?: https.ServerOptions): Promise<UpgradeServer> {
  const s = await startUpgradeServer(tlsOptions);
  suite.closeAfter(s);
  return s;
}

describe('without followRedirects', () => {
  it('a 302 is a failed upgrade: its status and body are logged, and the connection fails', async () => {
    const s = await upgradeServer();
    s.routes.set('/start', { status: 302, location: '/final', body: 'moved to /final' });
    s.routes.set('/final', 'websocket');
    const { events, close } = await runConnection({ url: `ws://127.0.0.1:${s.port}/start` });

    expect(outline(events)).toEqual([
      'state:connecting',
      'handshake-request',
      'handshake-response:302',
      'error:WS_ERR_HANDSHAKE_STATUS',
      'close',
      'state:closed',
    ]);
    expect(seqs(events)).toEqual(count(events.length));
    const response = only(events, 'handshake-response');
    expect(response.statusText).toBe('Found');
    expect(header(response.headers, 'Location')).toBe('/final');
    expect(response.body).toBe('moved to /final');
    expect(only(events, 'error').message).toContain('302');
    expect(close).toMatchObject({ code: null, initiator: 'client', wasClean: false });
    expect(ofType(events, 'frame')).toEqual([]);
    expect(s.seen.map((r) => r.path)).toEqual(['/start']);
  });
});

describe('with followRedirects', () => {
  it.each([301, 302, 307, 308])('follows a %i to the new URL within one connecting state', async (status) => {
    const s = await upgradeServer();
    s.routes.set('/start', { status, location: '/final?x=1' });
    s.routes.set('/final?x=1', 'websocket');
    const { events, close } = await runConnection({ url: `ws://127.0.0.1:${s.port}/start`, followRedirects: true }, (c) => {
      c.sendText('after redirect');
      c.close(1000);
    });

    expect(outline(events).slice(0, 7)).toEqual([
      'state:connecting',
      'handshake-request',
      `handshake-response:${status}`,
      'handshake-request',
      'handshake-response:101',
      'open',
      'state:open',
    ]);
    expect(outline(events).filter((t) => t === 'state:connecting')).toHaveLength(1);
    expect(seqs(events)).toEqual(count(events.length));
    const [first, second] = ofType(events, 'handshake-request');
    expect(first.url).toBe(`ws://127.0.0.1:${s.port}/start`);
    expect(second.url).toBe(`ws://127.0.0.1:${s.port}/final?x=1`);
    expect(ofType(events, 'error')).toEqual([]);
    expect(ofType(events, 'message').filter((m) => m.dir === 'in').map((m) => m.text)).toEqual(['after redirect']);
    expect(close).toMatchObject({ code: 1000, wasClean: true });
    expect(s.seen.map((r) => r.path)).toEqual(['/start', '/final?x=1']);
  });

  it('turns an http:// Location into ws://', async () => {
    const s = await upgradeServer();
    s.routes.set('/start', { status: 302, location: `http://127.0.0.1:${s.port}/final` });
    s.routes.set('/final', 'websocket');
    const { events } = await runConnection({ url: `ws://127.0.0.1:${s.port}/start`, followRedirects: true });
    expect(ofType(events, 'handshake-request').map((r) => r.url)).toEqual([
      `ws://127.0.0.1:${s.port}/start`,
      `ws://127.0.0.1:${s.port}/final`,
    ]);
    only(events, 'open');
  });

  function chain(s: UpgradeServer, redirects: number): void {
    for (let i = 0; i < redirects; i++) s.routes.set(`/r${i}`, { status: 302, location: `/r${i + 1}` });
    s.routes.set(`/r${redirects}`, 'websocket');
  }

  it('follows 5 redirects in a row', async () => {
    const s = await upgradeServer();
    chain(s, 5);
    const { events, close } = await runConnection({ url: `ws://127.0.0.1:${s.port}/r0`, followRedirects: true });
    expect(ofType(events, 'handshake-request')).toHaveLength(6);
    expect(ofType(events, 'handshake-response').map((r) => r.status)).toEqual([302, 302, 302, 302, 302, 101]);
    only(events, 'open');
    expect(seqs(events)).toEqual(count(events.length));
    expect(close).toMatchObject({ code: 1000, wasClean: true });
  });

  it('does not follow a 6th redirect', async () => {
    const s = await upgradeServer();
    chain(s, 6);
    const { events, close } = await runConnection({ url: `ws://127.0.0.1:${s.port}/r0`, followRedirects: true });
    expect(ofType(events, 'handshake-request')).toHaveLength(6);
    expect(ofType(events, 'handshake-response').map((r) => r.status)).toEqual([302, 302, 302, 302, 302, 302]);
    expect(ofType(events, 'open')).toEqual([]);
    const e = only(events, 'error');
    expect(e.code).toBe('WS_ERR_HANDSHAKE_STATUS');
    expect(e.message).toContain('more than 5 redirects');
    expect(outline(events).filter((t) => t === 'state:connecting')).toHaveLength(1);
    expect(outline(events).slice(-2)).toEqual(['close', 'state:closed']);
    expect(seqs(events)).toEqual(count(events.length));
    expect(close).toMatchObject({ initiator: 'client', wasClean: false });
    expect(s.seen.map((r) => r.path)).toEqual(['/r0', '/r1', '/r2', '/r3', '/r4', '/r5']);
  });

  it('a redirect to a refused port ends the same log with WS_ERR_CONNECTION_REFUSED', async () => {
    const s = await upgradeServer();
    const port = await freePort();
    s.routes.set('/start', { status: 302, location: `ws://127.0.0.1:${port}/gone` });
    const { events, close } = await runConnection({ url: `ws://127.0.0.1:${s.port}/start`, followRedirects: true });
    expect(outline(events)).toEqual([
      'state:connecting',
      'handshake-request',
      'handshake-response:302',
      'error:WS_ERR_CONNECTION_REFUSED',
      'close',
      'state:closed',
    ]);
    expect(seqs(events)).toEqual(count(events.length));
    expect(close).toMatchObject({ code: null, initiator: 'client', wasClean: false });
  });

  it('never follows wss to ws', async () => {
    const plain = await upgradeServer();
    plain.routes.set('/final', 'websocket');
    const secure = await upgradeServer({ cert: suite.certs.server.cert, key: suite.certs.server.key });
    secure.routes.set('/start', { status: 302, location: `ws://127.0.0.1:${plain.port}/final` });
    const { events, close } = await runConnection({ url: `wss://localhost:${secure.port}/start`, ca: suite.certs.ca.cert, followRedirects: true });

    expect(outline(events)).toEqual([
      'state:connecting',
      'handshake-request',
      'handshake-response:302',
      'error:WS_ERR_HANDSHAKE_STATUS',
      'close',
      'state:closed',
    ]);
    expect(only(events, 'error').message).toMatch(/refused to follow a redirect from wss to ws/);
    expect(close).toMatchObject({ initiator: 'client', wasClean: false });
    expect(plain.seen).toEqual([]);
  });

  it('follows ws to wss', async () => {
    const plain = await upgradeServer();
    const secure = await upgradeServer({ cert: suite.certs.server.cert, key: suite.certs.server.key });
    secure.routes.set('/final', 'websocket');
    plain.routes.set('/start', { status: 301, location: `wss://localhost:${secure.port}/final` });
    const { events } = await runConnection({ url: `ws://127.0.0.1:${plain.port}/start`, ca: suite.certs.ca.cert, followRedirects: true });
    const open = only(events, 'open');
    expect(open.tls?.peerCertificate?.subject).toBe('CN=localhost');
    expect(secure.seen.map((r) => r.host)).toEqual([`localhost:${secure.port}`]);
  });

  const secrets: [string, string][] = [
    ['Authorization', 'Bearer secret-token'],
    ['Cookie', 'session=abc'],
    ['X-Trace', 'kept'],
  ];

  it('drops Authorization and Cookie when the host changes', async () => {
    const s = await upgradeServer();
    // Same server, another host name: 127.0.0.1 -> localhost.
    s.routes.set('/start', { status: 307, location: `ws://localhost:${s.port}/final` });
    s.routes.set('/final', 'websocket');
    const { events } = await runConnection({ url: `ws://127.0.0.1:${s.port}/start`, headers: secrets, followRedirects: true });
    only(events, 'open');

    const [first, second] = s.seen;
    expect(first.host).toBe(`127.0.0.1:${s.port}`);
    expect(header(first.headers, 'Authorization')).toBe('Bearer secret-token');
    expect(header(first.headers, 'Cookie')).toBe('session=abc');
    expect(second.host).toBe(`localhost:${s.port}`);
    expect(header(second.headers, 'Authorization')).toBeUndefined();
    expect(header(second.headers, 'Cookie')).toBeUndefined();
    expect(header(second.headers, 'X-Trace')).toBe('kept');

    const logged = ofType(events, 'handshake-request')[1];
    expect(header(logged.headers, 'Authorization')).toBeUndefined();
    expect(header(logged.headers, 'Cookie')).toBeUndefined();
    expect(header(logged.headers, 'X-Trace')).toBe('kept');
  });

  it('drops credentials from the URL when the host changes', async () => {
    const s = await upgradeServer();
    s.routes.set('/start', { status: 302, location: `ws://localhost:${s.port}/final` });
    s.routes.set('/final', 'websocket');
    const { events } = await runConnection({ url: `ws://user:pw@127.0.0.1:${s.port}/start`, followRedirects: true });
    only(events, 'open');
    expect(header(s.seen[0].headers, 'Authorization')).toBe(`Basic ${Buffer.from('user:pw').toString('base64')}`);
    expect(header(s.seen[1].headers, 'Authorization')).toBeUndefined();
  });

  it('keeps Authorization and Cookie when the host stays the same', async () => {
    const s = await upgradeServer();
    s.routes.set('/start', { status: 308, location: '/final' });
    s.routes.set('/final', 'websocket');
    const { events } = await runConnection({ url: `ws://127.0.0.1:${s.port}/start`, headers: secrets, followRedirects: true });
    only(events, 'open');
    expect(s.seen.map((r) => r.path)).toEqual(['/start', '/final']);
    for (const name of ['Authorization', 'Cookie', 'X-Trace']) {
      expect(header(s.seen[1].headers, name)).toBe(header(secrets, name));
    }
  });
});
