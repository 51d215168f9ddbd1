/**
 * The log's two views through the session service, against a real `ws`
 * server: log.frames puts the whole message (reassembled, inflated) on the
 * first frame of a fragmented or compressed one; log.messages lists the
 * messages as delivered with control frames between them, filters them
 * with the frame log's semantics, and a refused connection's error is a
 * row of both views. Recordings read back the same rows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SessionService } from '../../electron/services/session-service.js';
import type { Push } from '../../electron/services/service-types.js';
import { WorkspaceService } from '../../electron/workspace/workspace-service.js';
import { RecordingsService } from '../../electron/recordings/recordings-service.js';
import { dispatch } from '../../electron/ipc/dispatch.js';
import type { LogSummary } from '../../shared/ipc/events.js';
import type { LogEvent } from '../../shared/log-events.js';
import type { CallInput, CallName, CallOutput } from '../../shared/ipc/schemas.js';
import { wsServer } from '../support/processes.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function window() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'framescope-views-'));
  const workspace = new WorkspaceService({ dataDir });
  const recordings = new RecordingsService(workspace);
  let wake = () => {};
  const summaries: LogSummary[] = [];
  const push: Push = (name, payload) => {
    if (name === 'log.summary') summaries.push(payload as LogSummary);
    wake();
  };
  const sessions = new SessionService({ push, resolver: workspace, recorder: recordings.recorder });
  const handlers = { ...sessions.handlers, ...workspace.handlers, ...recordings.handlersFor(sessions) };
  const call = <C extends CallName>(name: C, input: CallInput<C>) => dispatch(handlers, name, input) as Promise<CallOutput<C>>;
  /** resolves once test() holds, asked again after every push; never waits on time */
  const until = async (test: () => boolean) => {
    for (;;) {
      const pushed = new Promise<void>((r) => (wake = r));
      if (test()) return;
      await pushed;
    }
  };
  cleanups.push(async () => {
    await sessions.disposeAll();
    await workspace.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return { call, until, summaries };
}

const text = (rows: LogEvent[]) =>
  rows.map((r) => (r.type === 'message' ? `${r.dir} message ${r.text ?? r.data}` : r.type === 'frame' ? `${r.dir} frame ${r.opcode}` : r.type === 'error' ? `error ${r.code}` : r.type));

describe('log views', () => {
  it('lists messages as delivered with control frames between them, and the whole message on a fragmented or compressed first frame', async () => {
    const server = await wsServer({ perMessageDeflate: { threshold: 0 } }, (ws) => {
      ws.on('message', (d: Buffer) => {
        if (String(d) !== 'go') return;
        ws.send('{"type":"trade","n":1}');
        ws.ping('hb');
        // three frames, sent uncompressed
        ws.send('alpha ', { fin: false, compress: false });
        ws.send('beta ', { fin: false, compress: false });
        ws.send('gamma', { fin: true, compress: false });
        ws.send(Buffer.from([0, 1, 0xff]), { binary: true });
      });
    });
    cleanups.push(() => server.close());
    const w = await window();
    const { sessionId } = await w.call('session.open', { settings: { url: server.url, deflate: true } });
    await w.until(() => w.summaries.some((s) => s.sessionId === sessionId && s.notable.some((e) => e.type === 'open')));
    await w.call('session.send', { sessionId, kind: 'text', text: 'go' });
    await w.until(() => w.summaries.at(-1)!.messages.in === 3);

    const messages = await w.call('log.messages', { sessionId, from: 0, count: 100 });
    expect(text(messages.rows)).toEqual(['out message go', 'in message {"type":"trade","n":1}', 'in frame 9', 'out frame 10', 'in message alpha beta gamma', 'in message 0001ff']);
    expect(messages.total).toBe(6);
    expect(w.summaries.at(-1)!.messageRows).toBe(6);
    expect(messages.rows[1]).toMatchObject({ compressed: true });

    const frames = (await w.call('log.frames', { sessionId, from: 0, count: 100 })).rows.filter((r) => r.type === 'frame' && r.dir === 'in');
    const compressed = frames.find((f) => f.type === 'frame' && f.rsv1);
    expect(compressed).toMatchObject({ message: { text: '{"type":"trade","n":1}', compressed: true } });
    const first = frames.find((f) => f.type === 'frame' && f.opcode === 1 && !f.fin);
    expect(first).toMatchObject({ message: { text: 'alpha beta gamma' } });
    // the later fragments carry no copy of it
    expect(frames.filter((f) => f.type === 'frame' && f.opcode === 0).every((f) => f.type === 'frame' && f.message === undefined)).toBe(true);

    // the frame log's filter semantics: the message as delivered, direction, opcode
    expect(text((await w.call('log.messages', { sessionId, filter: { text: 'beta' }, from: 0, count: 100 })).rows)).toEqual(['in message alpha beta gamma']);
    expect(text((await w.call('log.messages', { sessionId, filter: { text: 'TRADE' }, from: 0, count: 100 })).rows)).toEqual(['in message {"type":"trade","n":1}']);
    expect(text((await w.call('log.messages', { sessionId, filter: { opcodes: [9, 10] }, from: 0, count: 100 })).rows)).toEqual(['in frame 9', 'out frame 10']);
    expect(text((await w.call('log.messages', { sessionId, filter: { dir: 'out', opcodes: [1] }, from: 0, count: 100 })).rows)).toEqual(['out message go']);
    expect(text((await w.call('log.messages', { sessionId, filter: { json: '$.n = 1' }, from: 0, count: 100 })).rows)).toEqual(['in message {"type":"trade","n":1}']);

    // the recording reads back the same rows
    await w.call('session.close', { sessionId, code: 1000, reason: '' });
    await w.until(() => w.summaries.some((s) => s.notable.some((e) => e.type === 'state' && e.state === 'closed')));
    const { id } = await w.call('recordings.ofSession', { sessionId });
    const opened = await w.call('recordings.open', { id: id! });
    const reread = await w.call('log.messages', { sessionId: opened.sessionId, from: 0, count: 100 });
    expect(text(reread.rows).slice(0, 6)).toEqual(text(messages.rows));
    expect(text((await w.call('log.messages', { sessionId: opened.sessionId, filter: { text: 'gamma' }, from: 0, count: 100 })).rows)).toEqual(['in message alpha beta gamma']);
  });

  it('collapses a fragmented message’s group to its first frame, which counts its frames; other frames and other groups stay, filtered or not', async () => {
    const server = await wsServer({}, (ws) => {
      ws.on('message', (d: Buffer) => {
        if (String(d) !== 'go') return;
        ws.send('one ', { fin: false });
        // a ping may come between the fragments of a message, and stays a row of its own
        ws.ping('between');
        ws.send('two ', { fin: false });
        ws.send('three', { fin: true });
        ws.send('x ', { fin: false });
        ws.send('y', { fin: true });
        ws.send('whole');
      });
    });
    cleanups.push(() => server.close());
    const w = await window();
    const { sessionId } = await w.call('session.open', { settings: { url: server.url } });
    await w.until(() => w.summaries.some((s) => s.sessionId === sessionId && s.notable.some((e) => e.type === 'open')));
    await w.call('session.send', { sessionId, kind: 'text', text: 'go' });
    await w.until(() => w.summaries.at(-1)!.messages.in === 3);

    const shown = (rows: LogEvent[]) => rows.map((r) => (r.type === 'frame' ? `${r.dir} ${r.opcode}${r.fin ? '' : '…'}${r.payload ? ` ${Buffer.from(r.payload, 'hex').toString('utf8')}` : ''}` : r.type));
    const all = await w.call('log.frames', { sessionId, from: 0, count: 100 });
    const inRows = all.rows.filter((r) => r.type === 'frame' && r.dir === 'in');
    expect(shown(inRows)).toEqual(['in 1… one ', 'in 9 between', 'in 0… two ', 'in 0 three', 'in 1… x ', 'in 0 y', 'in 1 whole']);
    const [one, , , , x] = inRows;
    expect(one).toMatchObject({ groupFrames: 3, messageSeq: one.seq, message: { text: 'one two three' } });
    expect(x).toMatchObject({ groupFrames: 2, message: { text: 'x y' } });

    // the first group collapsed: its continuations go, its head, the ping between and the other group stay
    const folded = await w.call('log.frames', { sessionId, from: 0, count: 100, collapsed: [one.seq] });
    expect(folded.total).toBe(all.total - 2);
    expect(shown(folded.rows.filter((r) => r.type === 'frame' && r.dir === 'in'))).toEqual(['in 1… one ', 'in 9 between', 'in 1… x ', 'in 0 y', 'in 1 whole']);
    // paged one row at a time, the same rows in the same places
    const paged: LogEvent[] = [];
    for (let i = 0; i < folded.total; i++) paged.push(...(await w.call('log.frames', { sessionId, from: i, count: 1, collapsed: [one.seq] })).rows);
    expect(paged.map((r) => r.seq)).toEqual(folded.rows.map((r) => r.seq));

    // both collapsed, under a filter that matches a head and a continuation of each
    const both = await w.call('log.frames', { sessionId, filter: { dir: 'in', opcodes: [0, 1] }, from: 0, count: 100, collapsed: [one.seq, x.seq] });
    expect(shown(both.rows)).toEqual(['in 1… one ', 'in 1… x ', 'in 1 whole']);
    expect(both.total).toBe(3);
  });

  it('makes a refused connection’s error a row of both views', async () => {
    // a port nothing listens on: bound, then closed
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const w = await window();
    const { sessionId } = await w.call('session.open', { settings: { url: `ws://127.0.0.1:${port}/` } });
    await w.until(() => w.summaries.some((s) => s.notable.some((e) => e.type === 'state' && e.state === 'closed')));
    expect(text((await w.call('log.frames', { sessionId, from: 0, count: 10 })).rows)).toEqual(['error WS_ERR_CONNECTION_REFUSED']);
    expect(text((await w.call('log.messages', { sessionId, from: 0, count: 10 })).rows)).toEqual(['error WS_ERR_CONNECTION_REFUSED']);
    // a filter lists frames and messages, not errors
    expect((await w.call('log.frames', { sessionId, filter: { dir: 'out' }, from: 0, count: 10 })).total).toBe(0);
  });
});
