import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';
import { dispatch } from '../../electron/ipc/dispatch.js';
import { RecordingsService } from '../../electron/recordings/recordings-service.js';
import { SessionService } from '../../electron/services/session-service.js';
import type { Push } from '../../electron/services/service-types.js';
import { WorkspaceService } from '../../electron/workspace/workspace-service.js';
import type { LogEvent } from '../../shared/log-events.js';
import { calls, type CallInput, type CallName, type CallOutput } from '../../shared/ipc/schemas.js';
import { RECORDINGS_DIR, type RecordingSummary } from '../../shared/recordings.js';
import { PushCollector, readerOf } from './push-collector.js';

/**
 * A workspace in a temp folder with recordings on, and one window's
 * sessions: calls go through the same validation as the transports, and
 * waits are on `recordings.changed` pushes, never on time.
 */
export class RecordingsHarness {
  readonly pushes = new PushCollector();
  /** recordings.problem messages pushed to this window */
  readonly problems: string[] = [];
  private waiters: (() => void)[] = [];

  private constructor(
    readonly dataDir: string,
    readonly workspace: WorkspaceService,
    readonly recordings: RecordingsService,
    readonly sessions: SessionService,
  ) {
    recordings.subscribe((name) => {
      if (name === 'recordings.changed') this.wake();
    });
  }

  /** SessionService's push: log batches to the collector, problems kept here. */
  readonly push: Push = (name, payload) => {
    if (name !== 'recordings.problem') {
      this.pushes.push(name, payload);
      return this.wake();
    }
    this.problems.push((payload as { message: string }).message);
    this.wake();
  };

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves once `test` holds, re-checked after every push. */
  async waitFor<T>(test: () => Promise<T | undefined | false> | T | undefined | false): Promise<T> {
    for (;;) {
      const changed = new Promise<void>((r) => this.waiters.push(r));
      const v = await test();
      if (v) return v;
      await changed;
    }
  }

  static async start(): Promise<RecordingsHarness> {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'framescope-recordings-'));
    const workspace = new WorkspaceService({ dataDir });
    const recordings = new RecordingsService(workspace);
    const h = new RecordingsHarness(dataDir, workspace, recordings, null!);
    (h as { sessions: SessionService }).sessions = new SessionService({ push: h.push, resolver: workspace, recorder: recordings.recorder });
    h.pushes.readWith(readerOf(h.sessions.handlers));
    return h;
  }

  async stop(): Promise<void> {
    await this.sessions.disposeAll();
    await this.workspace.close();
    await rm(this.dataDir, { recursive: true, force: true, maxRetries: 5 });
  }

  async call<C extends CallName>(name: C, input: CallInput<C>): Promise<CallOutput<C>> {
    const handlers = { ...this.sessions.handlers, ...this.workspace.handlers, ...this.recordings.handlersFor(this.sessions) };
    const out = await dispatch(handlers, name, input);
    const r = calls[name].output.safeParse(out);
    expect(r.success, `${name} output: ${r.error?.message}`).toBe(true);
    return out as CallOutput<C>;
  }

  async recordingsDir(): Promise<string> {
    const dir = path.join(await this.workspace.root(), RECORDINGS_DIR);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /** Writes a recording file directly, as a connection would have. */
  async writeRecording(id: string, events: LogEvent[]): Promise<string> {
    const file = path.join(await this.recordingsDir(), `${id}.ndjson`);
    await writeFile(file, events.map((e) => JSON.stringify(e) + '\n').join(''));
    return file;
  }

  /** The recording once `test` holds for it. */
  waitForRecording(id: string, test: (r: RecordingSummary) => boolean): Promise<RecordingSummary> {
    return this.waitFor(async () => (await this.call('recordings.list', {})).recordings.find((x) => x.id === id && test(x)));
  }

  /** Resolves once the list no longer holds the recording. */
  waitForGone(id: string): Promise<true> {
    return this.waitFor(async () => !(await this.call('recordings.list', {})).recordings.some((x) => x.id === id));
  }

  /** A page of log.frames once the filter's scan has gone through the whole log (a large log is scanned in the background). */
  async framesScanned(sessionId: string, filter: CallInput<'log.frames'>['filter'], from: number, count: number): Promise<CallOutput<'log.frames'>> {
    for (;;) {
      const r = await this.call('log.frames', { sessionId, filter, from, count });
      if (!r.scan || r.scan.done) return r;
    }
  }

  /** Opens a recording and reads its whole log back through log.range. */
  async readBack(id: string): Promise<{ sessionId: string; recording: RecordingSummary; events: LogEvent[] }> {
    const { sessionId, recording } = await this.call('recordings.open', { id });
    const events: LogEvent[] = [];
    for (;;) {
      const page = await this.call('log.range', { sessionId, from: events.length, count: 5000 });
      events.push(...(page.events));
      if (events.length >= page.total || !page.events.length) break;
    }
    return { sessionId, recording, events };
  }
}

/** A fresh harness for each test of the file, handed to `use` before the test and stopped after it. */
export function harnessForEachTest(use: (h: RecordingsHarness) => void): void {
  let h: RecordingsHarness | undefined;
  beforeEach(async () => {
    h = await RecordingsHarness.start();
    use(h);
  });
  afterEach(() => h?.stop());
}

/** A message event as a connection logs it. */
export function message(seq: number, t: number, dir: 'in' | 'out', body: string | Uint8Array): LogEvent {
  return typeof body === 'string'
    ? { type: 'message', seq, t, dir, opcode: 1, length: Buffer.byteLength(body), text: body }
    : { type: 'message', seq, t, dir, opcode: 2, length: body.length, data: Buffer.from(body).toString('hex') };
}

/**
 * A `ws` echo server on 127.0.0.1 for the whole test file, started before its
 * tests and closed after them; `url` is set once it listens.
 */
export function echoServerForFile(
  pathAndQuery: string,
  options: Omit<ServerOptions, 'host' | 'port'> = {},
  onConnection?: (req: IncomingMessage) => void,
): { url: string } {
  const server = { url: '' };
  let wss: WebSocketServer;
  beforeAll(async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0, ...options });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    wss.on('connection', (ws: WebSocket, req) => {
      onConnection?.(req);
      ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    });
    server.url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}${pathAndQuery}`;
  });
  afterAll(async () => {
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
  });
  return server;
}
