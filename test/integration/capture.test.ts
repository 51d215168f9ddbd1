/**
 * Capture that holds, against real sockets and real files: a 200,000-frame
 * flood with every frame in the live log, the summaries and the recording; a
 * disk slowed down engaging backpressure all the way to the server's TCP
 * send buffer and losing nothing; a filesystem that fills up mid-flood
 * (a size-limited tmpfs) stopping capture visibly, counting what is missing,
 * and leaving a recording marked incomplete; a window that does not read
 * getting no pushes until it reads again, then one summary with everything.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FrameLogEvent } from '../../shared/log-events.js';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Connection } from '../../electron/net/connection.js';
import { EventLog } from '../../electron/capture/event-log.js';
import { SessionService } from '../../electron/services/session-service.js';
import type { Push } from '../../electron/services/service-types.js';
import { WorkspaceService } from '../../electron/workspace/workspace-service.js';
import { RecordingsService } from '../../electron/recordings/recordings-service.js';
import { dispatch } from '../../electron/ipc/dispatch.js';
import type { LogSummary } from '../../shared/ipc/events.js';
import type { CallInput, CallName, CallOutput } from '../../shared/ipc/schemas.js';
import { floodServer, type FloodServer } from '../support/flood-server.js';

const FLOOD = 200_000;

let flood: FloodServer;
beforeAll(async () => {
  flood = await floodServer(FLOOD);
});
afterAll(() => flood.close());

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A window: its sessions and recordings in a workspace under `dataDir`, its summaries collected. */
async function windowIn(dataDir: string, canPush: () => boolean = () => true) {
  const workspace = new WorkspaceService({ dataDir });
  const recordings = new RecordingsService(workspace);
  const summaries: LogSummary[] = [];
  const problems: string[] = [];
  let wake = () => {};
  const push: Push = (name, payload) => {
    if (name === 'log.summary') summaries.push(payload as LogSummary);
    if (name === 'recordings.problem') problems.push((payload as { message: string }).message);
    wake();
  };
  recordings.subscribe(push);
  const sessions = new SessionService({ push, resolver: workspace, recorder: recordings.recorder, canPush });
  const handlers = { ...sessions.handlers, ...workspace.handlers, ...recordings.handlersFor(sessions) };
  const call = <C extends CallName>(name: C, input: CallInput<C>) => dispatch(handlers, name, input) as Promise<CallOutput<C>>;
  /** resolves once test() holds, asked again after every push (summaries, problems, recordings changed); never waits on time */
  const until = async (test: () => boolean | Promise<boolean>) => {
    for (;;) {
      const pushed = new Promise<void>((r) => (wake = r));
      if (await test()) return;
      await pushed;
    }
  };
  cleanups.push(async () => {
    await sessions.disposeAll();
    await workspace.close();
  });
  return { workspace, recordings, sessions, call, summaries, problems, until, last: (id: string) => summaries.filter((s) => s.sessionId === id).at(-1) };
}

const closed = (s: LogSummary | undefined) => !!s?.notable.some((e) => e.type === 'state' && e.state === 'closed');

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'framescope-capture-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('a flood', () => {
  it(`keeps all ${FLOOD.toLocaleString('en')} frames: in the summaries, in the live log, and in the recording on disk`, async () => {
    const w = await windowIn(await tempDir());
    const { sessionId } = await w.call('session.open', { settings: { url: flood.url } });
    await w.until(() => w.summaries.some((s) => s.sessionId === sessionId && closed(s)));
    const last = w.last(sessionId)!;
    expect(last.frames.in).toBe(FLOOD + 1); // and the server's close frame
    expect(last.messages.in).toBe(FLOOD);
    expect(last.capture).toMatchObject({ state: 'recording', missing: 0 });
    // the pushes stay small whatever the rate: no frame in them
    expect(Math.max(...w.summaries.map((s) => JSON.stringify(s).length))).toBeLessThan(16_000);

    const rows = await w.call('log.frames', { sessionId, filter: {}, from: FLOOD - 1, count: 3 });
    expect(rows.total).toBe(last.rows);
    const lastData = rows.rows.find((r) => r.type === 'frame' && r.opcode === 2) as FrameLogEvent;
    expect(parseInt(lastData.payload.slice(0, 8), 16)).toBe(FLOOD - 1);

    // on disk, counted apart from the code that wrote it
    const { id } = await w.call('recordings.ofSession', { sessionId });
    await w.call('session.dispose', { sessionId });
    const file = path.join(await w.workspace.root(), 'recordings', `${id}.ndjson`);
    const framesOnDisk = Number(execFileSync('grep', ['-c', '"dir":"in","fin":true,"rsv1":false,"rsv2":false,"rsv3":false,"masked":false,"opcode":2,"length":100,', file], { encoding: 'utf8' }));
    expect(framesOnDisk).toBe(FLOOD);
    const listed = (await w.call('recordings.list', {})).recordings.find((r) => r.id === id)!;
    expect(listed).toMatchObject({ framesIn: FLOOD + 1, messagesIn: FLOOD, live: false });
    expect(listed.incomplete).toBeUndefined();
  }, 120_000);
});

describe('backpressure', () => {
  it('a slow disk stops the socket, the server waits in TCP, the queue stays bounded, and nothing is lost', async () => {
    const dir = await tempDir();
    const count = FLOOD;
    const server = await floodServer(count);
    cleanups.push(() => server.close());
    let maxBehind = 0;
    let pauses = 0;
    // eslint-disable-next-line prefer-const -- assigned after the hooks that read it are made
    let connection!: Connection;
    const log = EventLog.live({
      file: path.join(dir, 'slow.ndjson'),
      highWater: 256 * 1024,
      lowWater: 64 * 1024,
      hooks: {
        backpressure: (paused) => {
          if (paused) pauses++;
          connection.pauseReading(paused);
        },
        failed: (m) => expect.fail(m),
      },
      // a disk that takes 4 ms for every write
      write: async (fd, buffers) => {
        maxBehind = Math.max(maxBehind, log.behind);
        await delay(4);
        return (await fd.writev(buffers)).bytesWritten;
      },
    });
    cleanups.push(() => log.close());
    connection = new Connection({ url: server.url }, (e, extra) => {
      log.append(e, extra);
      maxBehind = Math.max(maxBehind, log.behind);
    });
    connection.connect();
    await connection.done;
    await log.end();
    expect(pauses).toBeGreaterThan(0);
    expect(server.waited[0]).toBe(true);
    // the queue is held near its high-water mark (one turn's reading may pass it), far below the flood's 6 MB of log
    expect(maxBehind).toBeLessThan(2 * 1024 * 1024);
    expect(log.index.counts.messagesIn).toBe(count);
    const text = await readFile(path.join(dir, 'slow.ndjson'), 'utf8');
    expect(text.split('\n').length - 1).toBe(log.size);
  }, 120_000);

  it('a window that does not read gets no pushes; once it reads, one summary brings it up to date', async () => {
    let reading = false;
    const w = await windowIn(await tempDir(), () => reading);
    const { sessionId } = await w.call('session.open', { settings: { url: flood.url } });
    // the flood comes and goes while nothing may be pushed: the summaries wait and coalesce
    const { id } = await w.call('recordings.ofSession', { sessionId });
    // the recording is told when the connection ended for good
    await w.until(async () => (await w.call('recordings.list', {})).recordings.some((r) => r.id === id && !r.live));
    expect(w.summaries).toEqual([]);
    reading = true;
    await w.until(() => w.summaries.length > 0);
    expect(w.summaries).toHaveLength(1);
    const [s] = w.summaries;
    expect(s.messages.in).toBe(FLOOD);
    expect(s.notable.map((e) => e.type)).toEqual(expect.arrayContaining(['handshake-request', 'open', 'close']));
  }, 120_000);
});

describe('a disk that fills up', () => {
  const mount = path.join(os.tmpdir(), `framescope-full-${process.pid}`);
  let mounted = false;
  beforeAll(async () => {
    try {
      execFileSync('mkdir', ['-p', mount]);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mount], { stdio: 'ignore' });
      mounted = true;
    } catch {
      // mounting needs root: the test says so below
    }
  });
  afterAll(() => {
    if (mounted) execFileSync('umount', [mount]);
    execFileSync('rmdir', [mount]);
  });

  it('stops capture visibly mid-flood, counts what is missing, and the recording is not shown whole', async (ctx) => {
    if (!mounted) ctx.skip('mounting a size-limited tmpfs needs root; the disk-full case is not checked here');
    const w = await windowIn(mount);
    const { sessionId } = await w.call('session.open', { settings: { url: flood.url } });
    const { id } = await w.call('recordings.ofSession', { sessionId });
    await w.until(() => closed(w.last(sessionId)));
    const last = w.last(sessionId)!;
    // the connection went on to the end and was counted whole
    expect(last.messages.in).toBe(FLOOD);
    expect(last.capture.state).toBe('stopped');
    expect(last.capture.message).toMatch(/could not be written \(ENOSPC\)/);
    // what the log holds and what is missing add up to every event of the connection
    expect(last.total + last.capture.missing).toBeGreaterThan(2 * FLOOD);
    expect(last.capture.missing).toBeGreaterThan(0);
    expect(w.problems).toHaveLength(1);
    expect(w.summaries.flatMap((s) => s.notable)).toContainEqual(expect.objectContaining({ type: 'error', code: 'CAPTURE_WRITE_FAILED' }));
    // what the log holds reads back whole, up to the last event that reached the disk
    const page = await w.call('log.range', { sessionId, from: last.total - 5, count: 10 });
    expect(page.events).toHaveLength(5);
    const listed = (await w.call('recordings.list', {})).recordings.find((r) => r.id === id)!;
    expect(listed.incomplete).toBe(true);
  }, 120_000);
});
