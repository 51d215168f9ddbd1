// Helpers for end-to-end tests: run `framescope connect` as a child process,
// start throwaway servers, and wait on real output instead of sleeping.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';
import type { LogEvent } from '../../shared/log-events.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(ROOT, 'bin/framescope.js');
const CLI_JS = join(ROOT, 'dist/electron/cli.js');

const children = new Set<ChildProcess>();

/** Kills every child still running (for afterEach/afterAll). */
export function killChildren(): void {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
  children.clear();
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Makes sure dist/ holds the CLI: `npm test` builds first, but a lone
 * `npx vitest run test/e2e` may find dist/ missing or older than the sources.
 * (tsc emits even when it reports type errors; only a missing CLI is fatal.)
 */
export function ensureBuilt(): void {
  const built = existsSync(CLI_JS) ? statSync(CLI_JS).mtimeMs : 0;
  const sources = Math.max(newestMtime(join(ROOT, 'electron')), newestMtime(join(ROOT, 'shared')));
  if (built >= sources) return;
  // only the TypeScript half of `npm run build`: the CLI needs nothing else, and
  // rebuilding the renderer bundle could pull it from under UI tests running alongside
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.json')], { cwd: ROOT, encoding: 'utf8' });
  if (!existsSync(CLI_JS)) throw new Error(`tsc did not produce ${CLI_JS}:\n${r.stdout}\n${r.stderr}`);
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running `framescope ...` process whose output can be awaited. */
export class Cli {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<CliResult>;
  private waiters: (() => void)[] = [];

  constructor(args: string[], opts: { timeoutMs?: number } = {}) {
    this.child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(this.child);
    this.child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      this.stdout += s;
      this.poke();
    });
    this.child.stderr!.setEncoding('utf8').on('data', (s: string) => {
      this.stderr += s;
      this.poke();
    });
    // a child that exits early must not kill the test runner with EPIPE
    this.child.stdin!.on('error', () => {});
    const timeout = opts.timeoutMs ?? 25_000;
    this.exited = new Promise((res) => {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), timeout);
      this.child.on('close', (code, signal) => {
        clearTimeout(timer);
        children.delete(this.child);
        this.poke();
        res({ code, signal, stdout: this.stdout, stderr: this.stderr });
      });
    });
  }

  private poke(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** The NDJSON events printed so far (complete lines only). */
  events(): LogEvent[] {
    return ndjson(this.stdout);
  }

  /** Resolves once `check` holds for the output so far; rejects if the process exits first. */
  async waitFor<T>(check: () => T | undefined | false | null, what: string): Promise<T> {
    for (;;) {
      const v = check();
      if (v) return v;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        // the output may still be arriving through the pipes
        const r = await this.exited;
        const last = check();
        if (last) return last;
        throw new Error(`framescope exited (${r.code ?? r.signal}) before ${what}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
      }
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  waitForEvent(pred: (e: LogEvent) => boolean, what: string): Promise<LogEvent> {
    return this.waitFor(() => this.events().find(pred), what);
  }

  writeLine(line: string): void {
    this.child.stdin!.write(line + '\n');
  }

  endInput(): void {
    this.child.stdin!.end();
  }
}

/** Runs framescope to the end; stdin gets `input` (or just ends). */
export async function runCli(args: string[], input = ''): Promise<CliResult> {
  const cli = new Cli(args);
  cli.child.stdin!.end(input);
  return cli.exited;
}

export function ndjson(out: string): LogEvent[] {
  const lines = out.split('\n');
  lines.pop(); // an unfinished last line (or the empty string after the last \n)
  return lines.map((l) => JSON.parse(l) as LogEvent);
}

export type Of<T extends LogEvent['type']> = Extract<LogEvent, { type: T }>;
export function ofType<T extends LogEvent['type']>(events: LogEvent[], type: T): Of<T>[] {
  return events.filter((e): e is Of<T> => e.type === type);
}

/** A plain TCP server for hand-written answers; records every connection. */
export async function rawServer(onConnection: (socket: Socket, firstData: Buffer) => void): Promise<{ server: Server; port: number; connections: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const state = { connections: 0 };
  const server = createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      if (head.includes('\r\n\r\n')) {
        socket.off('data', onData);
        onConnection(socket, head);
      }
    };
    socket.on('data', onData);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    server,
    port,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Answers a WebSocket upgrade by hand (RFC 6455 section 4.2.2), for servers that then misbehave. */
export function acceptUpgrade(socket: Socket, head: Buffer, extraHeaders: string[] = []): void {
  const key = /^sec-websocket-key:\s*(\S+)\s*$/im.exec(head.toString('latin1'))?.[1] ?? '';
  const accept = createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
  socket.write(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`, ...extraHeaders, '', ''].join('\r\n'));
}

export interface WsServer {
  wss: WebSocketServer;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** A `ws` server on 127.0.0.1, a free port. */
export async function wsServer(options: ServerOptions, onConnection: (ws: WebSocket, req: IncomingMessage) => void): Promise<WsServer> {
  const wss = new WebSocketServer({ ...options, host: '127.0.0.1', port: 0 });
  wss.on('connection', (ws, req) => {
    ws.on('error', () => {});
    onConnection(ws, req);
  });
  await new Promise<void>((r, j) => {
    wss.once('listening', r);
    wss.once('error', j);
  });
  const port = (wss.address() as { port: number }).port;
  return {
    wss,
    port,
    url: `ws://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  };
}
