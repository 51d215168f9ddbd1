import http from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Push } from '../services/service-types.js';
import { startAppServices } from '../app/app-services.js';
import { dispatch, type Handlers } from '../ipc/dispatch.js';
import { CallError, MAX_CALL_BYTES, type ClientMessage, type ServerMessage } from '../../shared/ipc/api.js';
import { readStatic } from '../static/static-files.js';
import { wsText } from './ws-text.js';
import { authority } from '../net/authority.js';
import { hostsServed, isEveryInterface, isLoopback } from './listen-address.js';

export interface BrowserHostOptions {
  host: string;
  port: number;
  /** the built renderer */
  staticDir: string;
  /** holds the default workspace and the recent list */
  dataDir: string;
  /** a tab's connection failed (a malformed or oversized call); the tab is closed, the server goes on */
  onProblem?: (message: string) => void;
  /** listen on an address other machines can reach (the person said so: serve --allow-remote) */
  allowRemote?: boolean;
}

export interface BrowserHost {
  url: string;
  token: string;
  close(): Promise<void>;
}

/** Bytes a tab may leave unread before pushes to it wait. */
const PUSH_BACKLOG_BYTES = 1024 * 1024;

/**
 * Browser mode: the renderer in a browser tab, talking to the same services
 * over a local WebSocket that carries the same contract as Electron IPC.
 * Loopback only unless allowRemote, Host and Origin checked so a
 * DNS-rebinding page cannot reach it, and a random token: /ipc takes it in
 * its URL or an Authorization header, never from a cookie, since a browser
 * sends 127.0.0.1's cookies to every port of it. The static files, which
 * hold nothing secret, are served with the token in the URL or with a
 * cookie of their own (a page key, not the token) that lets a reload in.
 */
export async function startBrowserHost(o: BrowserHostOptions): Promise<BrowserHost> {
  if (!isLoopback(o.host) && !o.allowRemote) throw new Error(`${o.host} is reachable from other machines: listening there needs allowRemote`);
  const token = randomBytes(24).toString('base64url');
  const pageKey = randomBytes(24).toString('base64url');
  /** the pages connected now, each a browser tab showing the UI */
  const pages = new Set<WebSocket>();
  const push: Push = (name, payload) => {
    const text = JSON.stringify({ push: name, payload } satisfies ServerMessage);
    for (const ws of pages) if (ws.readyState === ws.OPEN) ws.send(text);
  };
  // One workspace for the server: every tab sees the same one and hears of its changes. The server's sessions,
  // as the desktop app's are the app's, outlive the page that opened them, so a reload or the URL opened again
  // finds them (session.list). A page that stops reading gets no more pushes to buffer; the log summaries
  // coalesce until every page reads again. Certificate files come as uploads: no dialog here.
  const { workspace, sessions, handlers } = startAppServices({
    dataDir: o.dataDir,
    push,
    canPush: () => [...pages].every((ws) => ws.bufferedAmount < PUSH_BACKLOG_BYTES),
    dialog: null,
  });
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CALL_BYTES });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  // every interface: its addresses are looked up again for each request, so a new one is served
  const fixedHosts = isEveryInterface(o.host) ? null : hostsOf(o.host, port);
  const hostOk = (req: http.IncomingMessage) => (fixedHosts ?? hostsOf(o.host, port)).has(req.headers.host?.toLowerCase() ?? '');
  const originOk = (req: http.IncomingMessage) => hostOk(req) && req.headers.origin === `http://${req.headers.host}`;
  const pageCookie = `framescope_page_${port}`;

  const tokenOk = (req: http.IncomingMessage, url: URL) => matches(url.searchParams.get('token') ?? bearer(req.headers.authorization), token);
  const pageOk = (req: http.IncomingMessage, url: URL) => tokenOk(req, url) || matches(cookie(req.headers.cookie, pageCookie), pageKey);

  const answer = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!hostOk(req)) return refuse(res, 421, 'unexpected Host header');
    if (!pageOk(req, url)) return refuse(res, 403, 'missing or wrong token: open the URL that `framescope serve` printed');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
    const file = await readStatic(o.staticDir, url.pathname);
    if (!file) return refuse(res, 404, 'not found');
    res.writeHead(200, {
      'Content-Type': file.type,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      // a reload finds the page after the token left the address bar; the key opens nothing but these files
      'Set-Cookie': `${pageCookie}=${pageKey}; HttpOnly; SameSite=Strict; Path=/`,
      ...(file.type.startsWith('text/html') ? { 'Content-Security-Policy': csp(req.headers.host!), 'X-Frame-Options': 'DENY' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };
  server.on('request', (req, res) => {
    answer(req, res).catch((e: unknown) => {
      // a file that cannot be read is this request's failure, never the server's
      o.onProblem?.(`could not serve ${req.url ?? '/'}: ${e instanceof Error ? e.message : String(e)}`);
      if (res.headersSent) res.destroy();
      else refuse(res, 500, 'could not read the file');
    });
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const ok = url.pathname === '/ipc' && originOk(req) && tokenOk(req, url);
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      pages.add(ws);
      ws.on('close', () => pages.delete(ws));
      serveClient(ws, handlers, o.onProblem);
    });
  });

  return {
    // 0.0.0.0 is no address to browse to: this machine's own is
    url: `http://${authority(isEveryInterface(o.host) ? (o.host === '0.0.0.0' ? '127.0.0.1' : '::1') : o.host, port)}/?token=${token}`,
    token,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => server.close(() => r()));
      // open connections close with 1001 (going away), and every log is written and closed before the workspace goes
      await sessions.disposeAll({ goingAway: true });
      await workspace.close();
    },
  };
}

/** One browser tab's page: its calls answered; the sessions it opens stay with the server when it goes. */
function serveClient(ws: WebSocket, handlers: Handlers, onProblem?: (message: string) => void): void {
  // ws has already closed the socket with the matching code (1007, 1009, 1002); without a listener the whole server would die
  ws.on('error', (err) => onProblem?.(`a browser tab's connection was closed: ${err.message}`));
  const send = (m: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
  };
  const onCall = async (data: RawData): Promise<void> => {
    let msg: ClientMessage;
    try {
      msg = JSON.parse(wsText(data)) as ClientMessage;
    } catch {
      return send({ id: -1, ok: false, error: { code: 'INVALID_INPUT', message: 'a call must be JSON' } });
    }
    const id = typeof msg?.id === 'number' ? msg.id : -1;
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      return send({ id, ok: false, error: { code: 'INVALID_INPUT', message: 'a call must be a JSON object: {"id", "call", "input"}' } });
    }
    try {
      send({ id, ok: true, output: await dispatch(handlers, msg.call, msg.input) });
    } catch (e) {
      const err = e instanceof CallError ? e : new CallError('INTERNAL', (e as Error)?.message ?? String(e));
      send({ id, ok: false, error: { code: err.code, message: err.message } });
    }
  };
  // every failure is answered inside onCall
  ws.on('message', (data) => void onCall(data));
}

function csp(host: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Monaco injects its styles at run time.
    "style-src 'self' 'unsafe-inline'",
    "worker-src 'self' blob:",
    `connect-src 'self' ws://${host}`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function refuse(res: http.ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(message + '\n');
}

function cookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

function bearer(header: string | undefined): string | null {
  const m = /^Bearer (\S+)$/i.exec(header ?? '');
  return m ? m[1] : null;
}

/** The Host header values this server answers to. */
function hostsOf(host: string, port: number): Set<string> {
  return new Set(hostsServed(host).map((h) => authority(h, port).toLowerCase()));
}

function matches(given: string | null, secret: string): boolean {
  if (given === null) return false;
  const x = Buffer.from(given);
  const y = Buffer.from(secret);
  return x.length === y.length && timingSafeEqual(x, y);
}
