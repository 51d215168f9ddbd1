import http from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { SessionService, type Push } from '../services/session-service.js';
import { dispatch, type Handlers } from '../ipc/dispatch.js';
import { WorkspaceService } from '../workspace/workspace-service.js';
import { RecordingsService } from '../recordings/recordings-service.js';
import { CallError, MAX_CALL_BYTES, type ClientMessage, type ServerMessage } from '../../shared/ipc/api.js';
import { readStatic } from './static-files.js';

export interface BrowserHostOptions {
  host: string;
  port: number;
  /** the built renderer */
  staticDir: string;
  /** holds the default workspace and the recent list */
  dataDir: string;
  /** a tab's connection failed (a malformed or oversized call); the tab is closed, the server goes on */
  onProblem?: (message: string) => void;
}

export interface BrowserHost {
  url: string;
  token: string;
  close(): Promise<void>;
}

const COOKIE = 'framescope_token';
/** Bytes a tab may leave unread before pushes to it wait. */
const PUSH_BACKLOG_BYTES = 1024 * 1024;

/**
 * Browser mode: the renderer in a browser tab, talking to the same services
 * over a local WebSocket that carries the same contract as Electron IPC.
 * Loopback only by default, a random token on every request, and Host and
 * Origin checked so a DNS-rebinding page cannot reach it.
 */
export async function startBrowserHost(o: BrowserHostOptions): Promise<BrowserHost> {
  const token = randomBytes(24).toString('base64url');
  // one workspace for the server: every tab sees the same one and hears of its changes
  const workspace = new WorkspaceService({ dataDir: o.dataDir });
  const recordings = new RecordingsService(workspace);
  /** the pages connected now, each a browser tab showing the UI */
  const pages = new Set<WebSocket>();
  const push: Push = (name, payload) => {
    const text = JSON.stringify({ push: name, payload } satisfies ServerMessage);
    for (const ws of pages) if (ws.readyState === ws.OPEN) ws.send(text);
  };
  // The server's sessions, as the desktop app's are the app's: they outlive the page that opened them, so a
  // reload or the URL opened again finds them (session.list). A page that stops reading gets no more pushes
  // to buffer; the log summaries coalesce until every page reads again.
  const sessions = new SessionService(push, workspace, recordings.recorder, () => [...pages].every((ws) => ws.bufferedAmount < PUSH_BACKLOG_BYTES));
  const handlers: Handlers = { ...sessions.handlers, ...workspace.handlers, ...recordings.handlersFor(sessions) };
  workspace.subscribe(push);
  recordings.subscribe(push);
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CALL_BYTES });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const authority = `${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`;
  const allowedHosts = new Set([authority, ...(isLoopback(o.host) ? [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`] : [])]);
  const allowedOrigins = new Set([...allowedHosts].map((h) => `http://${h}`));

  const tokenOk = (req: http.IncomingMessage, url: URL) => {
    const given = url.searchParams.get('token') ?? cookie(req.headers.cookie, COOKIE);
    return given !== null && safeEqual(given, token);
  };

  server.on('request', async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!allowedHosts.has(req.headers.host ?? '')) return refuse(res, 421, 'unexpected Host header');
    if (!tokenOk(req, url)) return refuse(res, 403, 'missing or wrong token: open the URL that `framescope serve` printed');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
    const file = await readStatic(o.staticDir, url.pathname);
    if (!file) return refuse(res, 404, 'not found');
    res.writeHead(200, {
      'Content-Type': file.type,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      // The page keeps working after the token leaves the address bar.
      'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      ...(file.type.startsWith('text/html') ? { 'Content-Security-Policy': csp(authority), 'X-Frame-Options': 'DENY' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const ok =
      url.pathname === '/ipc' &&
      allowedHosts.has(req.headers.host ?? '') &&
      allowedOrigins.has(req.headers.origin ?? '') &&
      tokenOk(req, url);
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
    url: `http://${authority}/?token=${token}`,
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
  ws.on('message', async (data) => {
    let msg: ClientMessage;
    try {
      msg = JSON.parse(String(data));
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
  });
}

function csp(authority: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Monaco injects its styles at run time.
    "style-src 'self' 'unsafe-inline'",
    "worker-src 'self' blob:",
    `connect-src 'self' ws://${authority}`,
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

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}
