/**
 * Recordings on disk: every connection written as it happens, a torn last
 * line dropped on reopen, a 100,000-frame recording paged from disk without
 * its payloads in memory, and the list's rename, pin, delete and retention.
 * Real files in a temp workspace, a real `ws` echo server on loopback.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { open, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FrameLogEvent, LogEvent } from '../../shared/log-events.js';
import { echoServerForFile, message, type RecordingsHarness, harnessForEachTest } from '../support/recordings-harness.js';
import { CAN_COUNT_FDS, collectGarbage, openFds } from '../support/file-handles.js';

const echo = echoServerForFile('/echo');
const authorizations: (string | undefined)[] = [];
const authEcho = echoServerForFile('/auth', {}, (req) => authorizations.push(req.headers.authorization));
let url: string;
beforeAll(() => {
  url = echo.url;
});

let h: RecordingsHarness;
harnessForEachTest((started) => (h = started));

/** Opens a connection to the echo server, sends the texts, waits for their echoes; returns the session. */
async function echoSession(texts: string[]): Promise<string> {
  const { sessionId } = await h.call('session.open', { settings: { url } });
  await h.pushes.waitFor(sessionId, (e) => e.type === 'state' && e.state === 'open');
  for (const text of texts) await h.call('session.send', { sessionId, kind: 'text', text });
  await h.pushes.waitFor(sessionId, (e) => e.type === 'message' && e.dir === 'in' && e.text === texts.at(-1));
  return sessionId;
}

async function closeAndWait(sessionId: string): Promise<string> {
  const { id } = await h.call('recordings.ofSession', { sessionId });
  await h.call('session.close', { sessionId, code: 1000 });
  await h.waitForRecording(id!, (r) => !r.live);
  return id!;
}

describe('recording a connection', () => {
  it('writes the whole log as NDJSON, lists it as live while open, and ends it on close', async () => {
    const sessionId = await echoSession(['one', 'x'.repeat(5000), 'two']);
    const { id } = await h.call('recordings.ofSession', { sessionId });
    expect(id).toMatch(/^[\w-]+$/);
    const live = await h.waitForRecording(id!, (r) => r.messagesIn === 3);
    expect(live).toMatchObject({ live: true, url, source: 'connection', messagesOut: 3, pinned: false });

    await closeAndWait(sessionId);
    const log = (await h.call('log.range', { sessionId, from: 0, count: 5000 })).events;
    const lines = (await readFile(path.join(await h.recordingsDir(), `${id}.ndjson`), 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    const onDisk = lines.map((l) => JSON.parse(l) as LogEvent & { payloadOf?: number });
    // whole payloads on disk, where the pages are cut; a one-frame message names the frame that holds its bytes, so they are there once
    const big = onDisk.find((e) => e.type === 'message' && e.dir === 'in' && e.length === 5000)!;
    expect(big).not.toHaveProperty('text');
    expect(onDisk[big.payloadOf!]).toMatchObject({ type: 'frame', dir: 'in', length: 5000, payload: Buffer.from('x'.repeat(5000)).toString('hex') });
    expect((await h.call('log.event', { sessionId, seq: big.seq })).event).toMatchObject({ type: 'message', text: 'x'.repeat(5000) });
    expect((await h.call('log.event', { sessionId, seq: big.seq })).event).not.toHaveProperty('payloadOf');
    expect(onDisk.map((e) => [e.seq, e.type])).toEqual(log.map((e) => [e.seq, e.type]));
    expect(onDisk.at(-1)).toMatchObject({ type: 'state', state: 'closed' });

    const [summary] = (await h.call('recordings.list', {})).recordings;
    expect(summary).toMatchObject({ id, live: false, framesOut: 4, framesIn: 4, messagesIn: 3, messagesOut: 3 });
    expect(summary.size).toBe((await stat(path.join(await h.recordingsDir(), `${id}.ndjson`))).size);
    // recordings carry handshake headers and whole payloads: the workspace's .gitignore keeps them out of a commit
    const gitignore = await readFile(path.join(path.dirname(await h.recordingsDir()), '.gitignore'), 'utf8');
    expect(gitignore.split('\n')).toContain('/recordings/');
  });

  it('continues the same recording across a reconnect', async () => {
    const sessionId = await echoSession(['before']);
    const { id } = await h.call('recordings.ofSession', { sessionId });
    await closeAndWait(sessionId);
    await h.call('session.reconnect', { sessionId });
    const separator = await h.pushes.waitFor(sessionId, (e) => e.type === 'reconnect');
    await h.pushes.waitFor(sessionId, (e) => e.type === 'state' && e.state === 'open' && e.seq > separator.seq);
    await h.call('session.send', { sessionId, kind: 'text', text: 'after' });
    await h.pushes.waitFor(sessionId, (e) => e.type === 'message' && e.dir === 'in' && e.text === 'after');
    expect((await h.call('recordings.ofSession', { sessionId })).id).toBe(id);
    await closeAndWait(sessionId);
    const { events } = await h.readBack(id!);
    expect(events.filter((e) => e.type === 'message' && e.dir === 'in').map((e) => (e as { text: string }).text)).toEqual(['before', 'after']);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
  });
});

describe('credentials in the URL', () => {
  it('go on the wire as Basic, and the log, the pushes and the recording show them masked', async () => {
    const withCreds = authEcho.url.replace('ws://', 'ws://alice:s3cret@');
    const { sessionId } = await h.call('session.open', { settings: { url: withCreds } });
    await h.pushes.waitFor(sessionId, (e) => e.type === 'state' && e.state === 'open');
    expect(authorizations.at(-1)).toBe(`Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
    const id = await closeAndWait(sessionId);
    await h.call('session.reconnect', { sessionId });
    await h.pushes.waitFor(sessionId, (e) => e.type === 'state' && e.state === 'open' && e.seq > 5);
    await closeAndWait(sessionId);

    const request = h.pushes.events(sessionId).find((e) => e.type === 'handshake-request');
    expect(request).toMatchObject({ url: authEcho.url.replace('ws://', 'ws://alice:****@') });
    expect((request as { headers: [string, string][] }).headers).toContainEqual(['Authorization', 'Basic ****']);
    const onDisk = await readFile(path.join(await h.recordingsDir(), `${id}.ndjson`), 'utf8');
    const pushed = JSON.stringify(h.pushes.events(sessionId));
    const listed = JSON.stringify(await h.call('recordings.list', {}));
    for (const shown of [onDisk, pushed, listed]) {
      expect(shown).not.toContain('s3cret');
      expect(shown).not.toContain(Buffer.from('alice:s3cret').toString('base64'));
    }
    expect(onDisk).toContain('"type":"reconnect"');
  });
});

describe('reopening', () => {
  it('drops a torn last line and keeps every complete event before it', async () => {
    const sessionId = await echoSession(['a', 'b', 'c']);
    const id = await closeAndWait(sessionId);
    const file = path.join(await h.recordingsDir(), `${id}.ndjson`);
    const whole = (await readFile(file, 'utf8')).trimEnd().split('\n');
    const before = (await h.readBack(id)).events;
    expect(before).toHaveLength(whole.length);
    // a crash in the middle of writing the last event
    const size = (await stat(file)).size;
    await truncate(file, size - 1 - Math.floor(whole.at(-1)!.length / 2));
    const { recording, events } = await h.readBack(id);
    expect(recording.truncatedTail).toBe(true);
    expect(events).toEqual(before.slice(0, -1));
    expect((await h.call('recordings.list', {})).recordings[0].truncatedTail).toBe(true);
  });

  it.runIf(CAN_COUNT_FDS)('refuses to open a recording while index.json is damaged, naming it, and holds no file of it open', async () => {
    await h.writeRecording('r1', [message(0, 1000, 'in', 'hello')]);
    const index = path.join(await h.recordingsDir(), 'index.json');
    await writeFile(index, '{"formatVersion": 1, "recordings": ');
    const before = openFds();
    for (let i = 0; i < 5; i++) await expect(h.call('recordings.open', { id: 'r1' })).rejects.toMatchObject({ code: 'READ_FAILED', message: expect.stringContaining('index.json') as string });
    expect(openFds()).toBe(before);
    // left as it was, for the user to mend; mended, the recording opens
    expect(await readFile(index, 'utf8')).toBe('{"formatVersion": 1, "recordings": ');
    await writeFile(index, '{"formatVersion": 1, "retention": {"maxTotalBytes": null}, "recordings": {}}');
    expect((await h.readBack('r1')).events).toHaveLength(1);
  });

  it('opens 100,000 frames and pages to the end without holding their payloads', async () => {
    const N = 100_000;
    const t0 = 1_700_000_000_000;
    const pad = 'p'.repeat(180);
    const line = (i: number) =>
      JSON.stringify({ type: 'frame', seq: i, t: t0 + i, dir: i % 2 ? 'in' : 'out', fin: true, rsv1: false, rsv2: false, rsv3: false, masked: i % 2 === 0, opcode: 1, maskKey: i % 2 ? null : '01020304', length: 200, payload: Buffer.from(`m${String(i).padStart(8, '0')} ${pad}`.slice(0, 200)).toString('hex') } satisfies FrameLogEvent) + '\n';
    const file = path.join(await h.recordingsDir(), 'big.ndjson');
    const fd = await open(file, 'w');
    for (let i = 0; i < N; i += 10_000) await fd.write(Array.from({ length: 10_000 }, (_, k) => line(i + k)).join(''));
    await fd.close();
    const fileSize = (await stat(file)).size;

    const used = () => {
      collectGarbage();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const before = used();
    const { sessionId, recording } = await h.call('recordings.open', { id: 'big' });
    const grown = used() - before;
    expect(recording).toMatchObject({ framesIn: N / 2, framesOut: N / 2, size: fileSize, durationMs: N - 1 });
    // the index is offsets and a few numbers per frame: far below the payloads' bytes
    expect(grown).toBeLessThan(fileSize / 4);

    const last = await h.call('log.frames', { sessionId, from: N - 100, count: 100 });
    expect(last.total).toBe(N);
    const rows = last.rows as FrameLogEvent[];
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 100 }, (_, k) => N - 100 + k));
    expect(Buffer.from(rows.at(-1)!.payload, 'hex').toString().startsWith(`m${String(N - 1).padStart(8, '0')}`)).toBe(true);
    expect(rows.at(-1)!.messageSeq).toBe(N - 1);
    const range = await h.call('log.range', { sessionId, from: N - 1, count: 10 });
    expect(range.events).toHaveLength(1);
    expect((await h.call('log.event', { sessionId, seq: N - 1 })).event).toEqual(JSON.parse(line(N - 1)));
    const incoming = await h.framesScanned(sessionId, { dir: 'in' }, N / 2 - 1, 10);
    expect(incoming).toMatchObject({ total: N / 2, rows: [{ seq: N - 1 }] });
    const found = await h.framesScanned(sessionId, { text: `m${String(N - 2).padStart(8, '0')}` }, 0, 10);
    expect(found.rows.map((r: LogEvent) => r.seq)).toEqual([N - 2]);
    await h.call('session.dispose', { sessionId });
  }, 60_000);
});

describe('the list', () => {
  const t0 = 1_700_000_000_000;
  const rec = (t: number, n: number) => [
    { type: 'handshake-request', seq: 0, t, method: 'GET', url: 'ws://example.test/', headers: [] } as LogEvent,
    ...Array.from({ length: n }, (_, i) => message(i + 1, t + i + 1, 'in', 'x'.repeat(100))),
  ];

  it('renames, pins and deletes, keeping names and pins in index.json', async () => {
    await h.writeRecording('r1', rec(t0, 3));
    const { recording } = await h.call('recordings.rename', { id: 'r1', name: 'Login bug' });
    expect(recording).toMatchObject({ id: 'r1', name: 'Login bug', messagesIn: 3, url: 'ws://example.test/', start: t0, durationMs: 3 });
    expect((await h.call('recordings.pin', { id: 'r1', pinned: true })).recording).toMatchObject({ name: 'Login bug', pinned: true });
    const index = JSON.parse(await readFile(path.join(await h.recordingsDir(), 'index.json'), 'utf8'));
    expect(index.recordings.r1).toEqual({ name: 'Login bug', pinned: true });
    await h.call('recordings.delete', { id: 'r1' });
    expect((await h.call('recordings.list', {})).recordings).toEqual([]);
    await expect(h.call('recordings.open', { id: 'r1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(h.call('recordings.open', { id: '../x' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('retention deletes the oldest unpinned recordings only, never a pinned or a live one', async () => {
    const sizes: Record<string, number> = {};
    for (const [id, k] of [['oldest', 0], ['older', 1], ['newer', 2], ['newest', 3]] as const) {
      sizes[id] = (await stat(await h.writeRecording(id, rec(t0 + k * 1000, 10)))).size;
    }
    await h.call('recordings.pin', { id: 'oldest', pinned: true });
    const sessionId = await echoSession(['still here']);
    const { id: liveId } = await h.call('recordings.ofSession', { sessionId });
    expect((await h.call('recordings.list', {})).retention).toEqual({ maxTotalBytes: null });

    // room for the pinned one, the newest and the live one: 'older' and 'newer' go, oldest unpinned first
    const liveSize = (await h.call('recordings.list', {})).recordings.find((r) => r.id === liveId)!.size;
    await h.call('recordings.setRetention', { maxTotalBytes: sizes.oldest + sizes.newest + liveSize + 10 });
    expect((await h.call('recordings.list', {})).recordings.map((r) => r.id).sort()).toEqual([liveId, 'newest', 'oldest'].sort());

    // nothing fits now, but the pinned and the live recording stay
    await h.call('recordings.setRetention', { maxTotalBytes: 1 });
    const left = (await h.call('recordings.list', {})).recordings;
    expect(left.map((r) => [r.id, r.live, r.pinned]).sort()).toEqual([[liveId, true, false], ['oldest', false, true]].sort());
    await expect(h.call('recordings.delete', { id: liveId! })).rejects.toMatchObject({ code: 'COMMAND' });

    // once the connection ends, retention runs again and takes it
    await h.call('session.close', { sessionId, code: 1000 });
    await h.waitForGone(liveId!);
    const index = JSON.parse(await readFile(path.join(await h.recordingsDir(), 'index.json'), 'utf8'));
    expect(index.retention).toEqual({ maxTotalBytes: 1 });
  });

  it('reports a recording that cannot be written once; capture stops visibly, counting what is missing, and the connection goes on', async () => {
    // a file where the recordings folder should be: every write fails
    await writeFile(path.join(await h.workspace.root(), 'recordings'), 'not a folder');
    const { sessionId } = await h.call('session.open', { settings: { url } });
    await h.waitFor(() => h.problems.length > 0);
    const summary = () => h.pushes.of(sessionId).at(-1);
    await h.waitFor(() => summary()?.notable.length || summary()?.capture.state === 'stopped');
    for (const text of ['1', '2', '3']) await h.call('session.send', { sessionId, kind: 'text', text }).catch(() => undefined);
    // the summaries go on counting the connection, and say what the log lacks
    await until(() => summary()?.messages.in, 3);
    const last = summary()!;
    expect(last.capture).toMatchObject({ state: 'stopped', message: expect.stringMatching(/could not be written \(E[A-Z]+\); capture stopped after \d+ events, the connection goes on/) });
    expect(last.capture.missing).toBeGreaterThanOrEqual(12);
    expect(h.pushes.of(sessionId).flatMap((p) => p.notable)).toContainEqual(expect.objectContaining({ type: 'error', code: 'CAPTURE_WRITE_FAILED' }));
    expect(h.problems).toHaveLength(1);
    expect(h.problems[0]).toMatch(/could not be written \(E[A-Z]+\)/);
  });
});

/** Polls until get() reaches at least `want` (summaries arrive on their own; this waits for the one that says so). */
async function until(get: () => number | undefined, want: number): Promise<void> {
  await h.waitFor(() => (get() ?? 0) >= want || undefined);
}
