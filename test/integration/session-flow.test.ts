/**
 * SessionService end to end against a real `ws` server on loopback: a flood
 * that must lose no frame and be pushed in batches, payload previews and the
 * whole events behind them, the frame log's filters, and the grouping of
 * fragmented messages. Every wait is on an event, never on time.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { SessionService } from '../../electron/services/session-service.js';
import { FLUSH_MS } from '../../electron/services/summary-batcher.js';
import { dispatch } from '../../electron/ipc/dispatch.js';
import { calls, type CallInput, type CallName, type CallOutput } from '../../shared/ipc/schemas.js';
import { PREVIEW_CHARS } from '../../shared/ipc/events.js';
import type { FrameLogEvent, LogEvent } from '../../shared/log-events.js';
import { PushCollector, readerOf } from '../support/push-collector.js';

const FLOOD = 20_000;
const BIG = 100 * 1024;

let wss: WebSocketServer;
let base: string;

/**
 * The server: /flood sends FLOOD messages as fast as it can, then closes;
 * elsewhere it echoes, except for a few commands.
 */
beforeAll(async () => {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', (ws: WebSocket, req) => {
    ws.on('error', () => undefined);
    if (req.url === '/flood') {
      for (let i = 0; i < FLOOD; i++) ws.send(`m${i}`);
      ws.close(1000, 'flood done');
      return;
    }
    if (req.url === '/bursts') {
      // the same flood in bursts of 100, one per turn of the event loop, so the client gets to run between them
      let i = 0;
      const burst = () => {
        for (const end = Math.min(i + 100, FLOOD); i < end; i++) ws.send(`m${i}`);
        if (i < FLOOD) setImmediate(burst);
        else ws.close(1000, 'flood done');
      };
      burst();
      return;
    }
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const text = isBinary ? '' : data.toString('utf8');
      if (text === 'send big') ws.send('x'.repeat(BIG - 7) + 'THE END');
      else if (text === 'send fragments') {
        // one text message in three frames, with a ping between its fragments
        ws.send('frag-one ', { fin: false });
        ws.ping(Buffer.from('between'));
        ws.send('frag-two ', { fin: false });
        ws.send('frag-three', { fin: true });
        ws.send('after fragments');
      } else ws.send(data, { binary: isBinary });
    });
  });
  base = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const c of wss.clients) c.terminate();
  await new Promise<void>((r) => wss.close(() => r()));
});

let service: SessionService;
let pushes: PushCollector;
afterEach(() => service?.disposeAll());

/** A typed call through the same validation the transports use; its output checked against the contract. */
async function call<C extends CallName>(name: C, input: CallInput<C>): Promise<CallOutput<C>> {
  const out = await dispatch(service.handlers, name, input);
  const r = calls[name].output.safeParse(out);
  expect(r.success, `${name} output: ${r.error?.message}`).toBe(true);
  return out as CallOutput<C>;
}

async function open(path = '/'): Promise<string> {
  pushes = new PushCollector();
  service = new SessionService({ push: pushes.push });
  pushes.readWith(readerOf(service.handlers));
  const { sessionId } = await call('session.open', { settings: { url: base + path } });
  await pushes.waitFor(sessionId, (e) => e.type === 'state' && e.state === 'open');
  return sessionId;
}

/** The whole log, paged through log.range (previews). */
async function wholeRange(sessionId: string): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  for (;;) {
    const { events, total } = await call('log.range', { sessionId, from: out.length, count: 5000 });
    out.push(...(events));
    if (out.length >= total || !events.length) return out;
  }
}

/** Every frame row matching the filter, paged through log.frames. */
async function allFrames(sessionId: string, filter: CallInput<'log.frames'>['filter'], page = 5000): Promise<{ rows: FrameLogEvent[]; total: number }> {
  const rows: FrameLogEvent[] = [];
  for (;;) {
    const r = await call('log.frames', { sessionId, filter, from: rows.length, count: page });
    rows.push(...(r.rows as FrameLogEvent[]));
    if (rows.length >= r.total || !r.rows.length) return { rows, total: r.total };
  }
}

const isIn = (type: LogEvent['type']) => (e: LogEvent) => e.type === type && 'dir' in e && e.dir === 'in';
const text = (hex: string) => Buffer.from(hex, 'hex').toString('utf8');

describe('a flood', () => {
  it.each(['/flood', '/bursts'])('%s loses no frame from the log and is pushed in few, spaced batches', async (path) => {
    const sessionId = await open(path);
    const close = await pushes.waitFor(sessionId, (e) => e.type === 'close');
    await pushes.waitFor(sessionId, (e) => e.type === 'state' && e.state === 'closed');
    expect(close).toMatchObject({ code: 1000, reason: 'flood done', initiator: 'server', wasClean: true });

    // The log: every event, seq without gaps, every frame the server sent, in order.
    const log = await wholeRange(sessionId);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i));
    const { rows: dataIn, total: dataInTotal } = await allFrames(sessionId, { dir: 'in', opcodes: [1] });
    expect(dataInTotal).toBe(FLOOD);
    expect(dataIn.length).toBe(FLOOD);
    dataIn.forEach((f, i) => {
      expect(f.fin).toBe(true);
      if (text(f.payload) !== `m${i}`) expect(text(f.payload), `frame ${i}`).toBe(`m${i}`);
    });
    const messagesIn = log.filter(isIn('message'));
    expect(messagesIn.length).toBe(FLOOD);
    expect(messagesIn.map((m) => (m as { text?: string }).text)).toEqual(Array.from({ length: FLOOD }, (_, i) => `m${i}`));
    // all frame rows (no filter) are exactly the frame events of the log
    const { rows: allRows, total: allTotal } = await allFrames(sessionId, {});
    expect(allRows.map((r) => r.seq)).toEqual(log.filter((e) => e.type === 'frame').map((e) => e.seq));
    expect(allTotal).toBe(allRows.length);

    // The pushes: summaries, never the frames themselves; their counts add up to the log, and the notable events come once each, in order.
    const summaries = pushes.of(sessionId);
    const last = summaries.at(-1)!;
    expect(last.total).toBe(log.length);
    expect(last.rows).toBe(allRows.length);
    expect(last.frames.in).toBe(log.filter(isIn('frame')).length);
    expect(last.messages.in).toBe(FLOOD);
    expect(last.bytes.in).toBe(log.filter(isIn('frame')).reduce((n, f) => n + (f as FrameLogEvent).length, 0));
    expect(last.capture).toMatchObject({ state: 'recording', missing: 0 });
    const notable = summaries.flatMap((p) => p.notable);
    expect(notable).toEqual(log.filter((e) => ['handshake-request', 'handshake-response', 'open', 'state', 'close', 'error', 'reconnect'].includes(e.type)));
    for (const p of summaries) expect(JSON.stringify(p).length).toBeLessThan(20_000);
    for (let i = 1; i < summaries.length; i++) expect(summaries[i].total).toBeGreaterThanOrEqual(summaries[i - 1].total);

    // Paced: far fewer pushes than events, and never two pushes close together.
    expect(summaries.length).toBeLessThan(log.length / 100);
    const gaps = summaries.slice(1).map((p, i) => p.at - summaries[i].at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(Math.min(10, FLUSH_MS) - 1);
  });
});

describe('previews', () => {
  it('cuts a 100 KiB message in the push and in pages, and log.event returns it whole', async () => {
    const sessionId = await open();
    const big = 'x'.repeat(BIG - 7) + 'THE END';
    await call('session.send', { sessionId, kind: 'text', text: 'send big' });
    const message = await pushes.waitFor(sessionId, (e) => e.type === 'message' && e.dir === 'in' && e.length === BIG);
    const frame = (await pushes.waitFor(sessionId, (e) => isIn('frame')(e) && (e as FrameLogEvent).length === BIG)) as FrameLogEvent;

    expect(frame.truncated).toBe(true);
    expect(frame.payload.length).toBeLessThanOrEqual(PREVIEW_CHARS);
    expect(frame.payload.length).toBeGreaterThan(0);
    expect(big.startsWith(text(frame.payload))).toBe(true);
    expect(message.truncated).toBe(true);
    expect(message.type === 'message' && message.text!.length).toBeLessThanOrEqual(PREVIEW_CHARS);
    // the push carried nothing near the whole payload
    const pushedChars = JSON.stringify(pushes.of(sessionId)).length;
    expect(pushedChars).toBeLessThan(BIG / 4);

    // pages are previews too
    const [paged] = await call('log.range', { sessionId, from: frame.seq, count: 1 }).then((r) => r.events);
    expect(paged).toMatchObject({ seq: frame.seq, truncated: true });
    const { rows } = await call('log.frames', { sessionId, filter: { dir: 'in' }, from: 0, count: 10 });
    expect((rows as FrameLogEvent[]).find((r) => r.seq === frame.seq)).toMatchObject({ truncated: true, length: BIG });

    // the whole events on demand
    const wholeFrame = (await call('log.event', { sessionId, seq: frame.seq })).event as FrameLogEvent;
    expect(wholeFrame.truncated).toBeUndefined();
    expect(wholeFrame.payload).toBe(Buffer.from(big).toString('hex'));
    const wholeMessage = (await call('log.event', { sessionId, seq: message.seq })).event;
    expect(wholeMessage).toMatchObject({ type: 'message', dir: 'in', length: BIG, text: big });
    expect(wholeMessage.truncated).toBeUndefined();

    // outgoing binary is cut the same way
    const data = Buffer.alloc(BIG, 0xab);
    await call('session.send', { sessionId, kind: 'binary', dataHex: data.toString('hex') });
    const outFrame = (await pushes.waitFor(sessionId, (e) => e.type === 'frame' && e.dir === 'out' && e.opcode === 2)) as FrameLogEvent;
    expect(outFrame.truncated).toBe(true);
    expect(outFrame.payload.length).toBeLessThanOrEqual(PREVIEW_CHARS);
    const echoed = await pushes.waitFor(sessionId, (e) => e.type === 'message' && e.dir === 'in' && e.opcode === 2);
    expect(echoed).toMatchObject({ truncated: true, length: BIG });
    expect(((await call('log.event', { sessionId, seq: echoed.seq })).event as { data: string }).data).toBe(data.toString('hex'));
    // short payloads are not cut
    await call('session.send', { sessionId, kind: 'text', text: 'short' });
    const short = await pushes.waitFor(sessionId, (e) => isIn('message')(e) && (e as { text?: string }).text === 'short');
    expect(short.truncated).toBeUndefined();
  });
});

/**
 * What a frame filter should match, written apart from the code under test:
 * a data frame's text is its whole message (its fragments' payloads joined;
 * nothing here is compressed), a control frame's its own payload; hex is the
 * frame's own wire bytes.
 */
function expected(frames: FrameLogEvent[], f: { text?: string; dir?: 'in' | 'out'; opcodes?: number[] }): number[] {
  const messageBytes = new Map<number, string>();
  for (const e of frames) if (e.messageSeq !== undefined) messageBytes.set(e.messageSeq, (messageBytes.get(e.messageSeq) ?? '') + e.payload);
  return frames
    .filter((e) => {
      if (f.dir && e.dir !== f.dir) return false;
      if (f.opcodes?.length && !f.opcodes.includes(e.opcode)) return false;
      if (!f.text) return true;
      const needle = f.text.toLowerCase();
      const delivered = e.messageSeq !== undefined ? messageBytes.get(e.messageSeq)! : e.payload;
      if (text(delivered).toLowerCase().includes(needle)) return true;
      // as hex: whole bytes only, spaces between them allowed
      const hex = needle.replace(/\s/g, '');
      if (!/^([0-9a-f]{2})+$/.test(hex)) return false;
      for (let i = e.payload.indexOf(hex); i >= 0; i = e.payload.indexOf(hex, i + 1)) if (i % 2 === 0) return true;
      return false;
    })
    .map((e) => e.seq);
}

describe('the frame filter', () => {
  it('returns exactly the matching frames, by text, hex, direction and opcode', async () => {
    const sessionId = await open();
    const sends: CallInput<'session.send'>[] = [
      { sessionId, kind: 'text', text: 'Hello World' },
      { sessionId, kind: 'text', text: 'hello again' },
      { sessionId, kind: 'text', text: 'goodbye' },
      { sessionId, kind: 'text', text: 'a' },
      { sessionId, kind: 'text', text: 'HELLO in two', fragments: 2 },
      { sessionId, kind: 'binary', dataHex: 'cafe0001' },
      { sessionId, kind: 'binary', dataHex: Buffer.from('hello as bytes').toString('hex') },
      { sessionId, kind: 'binary', dataHex: '0cafe0' },
    ];
    for (const s of sends) await call('session.send', s);
    await call('session.ping', { sessionId, payloadHex: Buffer.from('hello-ping').toString('hex') });
    // all echoed (the ping's pong comes before the last echo: the server answers in order)
    await pushes.waitFor(sessionId, (e) => isIn('frame')(e) && (e as FrameLogEvent).opcode === 10);
    await pushes.waitForCount(sessionId, isIn('message'), sends.length);

    const frames = (await allFrames(sessionId, {})).rows;
    expect(frames.length).toBeGreaterThan(2 * sends.length);
    const filters = [
      { text: 'hello' },
      { text: 'HELLO' },
      { text: 'hello', dir: 'in' as const },
      { text: 'hello', opcodes: [1] },
      { text: 'hello', opcodes: [1, 0] },
      { text: 'hello', dir: 'out' as const, opcodes: [9] },
      { text: 'cafe' },
      { text: 'CA FE' },
      { text: '6c6c' },
      // hex only matches whole bytes: '56c6' sits across byte boundaries of "hello" (68 65 6c 6c 6f)
      { text: '56c6' },
      { text: '1' },
      { text: 'afe0' },
      { text: 'no such payload' },
      { dir: 'in' as const },
      { dir: 'out' as const },
      { opcodes: [2] },
      { opcodes: [0] },
      { opcodes: [9, 10] },
      { opcodes: [] },
      {},
    ];
    for (const f of filters) {
      const want = expected(frames, f);
      const got = await allFrames(sessionId, f, 3);
      expect(got.rows.map((r) => r.seq), JSON.stringify(f)).toEqual(want);
      expect(got.total, JSON.stringify(f)).toBe(want.length);
    }
    // sanity of the oracle itself on this log
    expect(expected(frames, { text: 'hello' }).length).toBeGreaterThanOrEqual(8);
    // the out message in two fragments has one continuation frame; ws echoes it in one frame
    expect(expected(frames, { opcodes: [0] }).length).toBe(1);
    expect(expected(frames, { text: 'cafe' }).length).toBe(2);

    // a filter asked again after more frames came sees the new ones too
    const before = (await allFrames(sessionId, { text: 'hello', dir: 'in' })).total;
    await call('session.send', { sessionId, kind: 'text', text: 'one more hello' });
    await pushes.waitFor(sessionId, (e) => isIn('message')(e) && (e as { text?: string }).text === 'one more hello');
    const after = await allFrames(sessionId, { text: 'hello', dir: 'in' });
    expect(after.total).toBe(before + 1);
    expect(text(after.rows[after.rows.length - 1].payload)).toBe('one more hello');
  });
});

describe('messageSeq', () => {
  it('groups the frames of a fragmented message, in both directions, and leaves control frames out', async () => {
    const sessionId = await open();
    await call('session.send', { sessionId, kind: 'text', text: 'abcdefgh', fragments: 4 });
    await call('session.send', { sessionId, kind: 'text', text: 'send fragments' });
    await pushes.waitFor(sessionId, (e) => isIn('message')(e) && (e as { text?: string }).text === 'after fragments');

    const { rows } = await allFrames(sessionId, {});
    const out = rows.filter((r) => r.dir === 'out' && r.opcode <= 2);
    // the 4 fragments of 'abcdefgh', then 'send fragments' in one frame
    expect(out.map((r) => r.opcode)).toEqual([1, 0, 0, 0, 1]);
    expect(out.slice(0, 4).map((r) => text(r.payload)).join('')).toBe('abcdefgh');
    for (const r of out.slice(0, 4)) expect(r.messageSeq).toBe(out[0].seq);
    expect(out[4].messageSeq).toBe(out[4].seq);

    const inRows = rows.filter((r) => r.dir === 'in');
    const echo = inRows.filter((r) => text(r.payload) === 'abcdefgh');
    expect(echo.length).toBe(1);
    expect(echo[0].messageSeq).toBe(echo[0].seq);
    const first = inRows.find((r) => text(r.payload) === 'frag-one ')!;
    const ping = inRows.find((r) => r.opcode === 9)!;
    const cont = inRows.filter((r) => r.opcode === 0);
    const after = inRows.find((r) => text(r.payload) === 'after fragments')!;
    expect(first).toMatchObject({ opcode: 1, fin: false, messageSeq: first.seq });
    expect(cont.map((r) => text(r.payload))).toEqual(['frag-two ', 'frag-three']);
    for (const c of cont) expect(c.messageSeq).toBe(first.seq);
    // the ping came between the fragments and belongs to no message
    expect(ping.seq).toBeGreaterThan(first.seq);
    expect(ping.seq).toBeLessThan(cont[0].seq);
    expect(ping.messageSeq).toBeUndefined();
    expect(after.messageSeq).toBe(after.seq);
    // the pong we answered with belongs to no message either
    const pong = rows.find((r) => r.dir === 'out' && r.opcode === 10);
    expect(pong).toBeDefined();
    expect(pong!.messageSeq).toBeUndefined();
    // the assembled message is the three fragments
    const message = await pushes.waitFor(sessionId, (e) => isIn('message')(e) && (e as { text?: string }).text?.startsWith('frag-one') === true);
    expect(message).toMatchObject({ text: 'frag-one frag-two frag-three' });
    expect(message.seq).toBeGreaterThan(cont[1].seq);
  });
});
