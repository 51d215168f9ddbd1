// The frame log's filters over a real log file, against an oracle written
// apart from the scan: every row's conditions and content computed from the
// parsed events (a data frame's text is its whole message as delivered, a
// control frame's its payload, hex is the frame's own bytes). Seeded random
// logs with fragments, mixed-case text, binary, control frames and
// interleaved directions; the scan's raw-byte shortcuts must never change
// the answer. Also: progress while a large log is scanned, and cancel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EventLog } from '../../electron/capture/event-log.js';
import { rowContent } from '../../electron/capture/row-content.js';
import type { EngineEvent } from '../../electron/protocol/events.js';
import { compileFilter, type LogFilterSpec } from '../../shared/log-filter.js';
import type { FrameLogEvent, LogEvent, MessageLogEvent } from '../../shared/log-events.js';
import { prng } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'framescope-filter-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const WORDS = ['Trade', 'trade', 'TRADE', 'quote', 'Ping', 'hello', '000bde31', 'cafe', 'CAFE', '{"type":"trade","px":7}', '{"type":"quote"}', 'ünïcödé', 'a"b', 'x\\y'];

/** A connection's worth of engine events: messages in one or more frames, both ways, control frames between. */
function randomLog(seed: number, messages: number): EngineEvent[] {
  const r = prng(seed);
  const t0 = 1_764_640_000_000;
  const out: EngineEvent[] = [{ type: 'state', t: t0, state: 'open' }];
  const pick = () => WORDS[Math.floor(r() * WORDS.length)];
  for (let i = 0; i < messages; i++) {
    const t = t0 + i * 10;
    const dir = r() < 0.5 ? 'in' : 'out';
    const c = r();
    if (c < 0.1) {
      const payload = Buffer.from(pick());
      out.push({ type: 'frame', t, dir, fin: true, rsv1: false, rsv2: false, rsv3: false, masked: dir === 'out', opcode: r() < 0.5 ? 9 : 10, maskKey: dir === 'out' ? Buffer.from([1, 2, 3, 4]) : null, length: payload.length, payload });
      continue;
    }
    const text = c < 0.7;
    const data = text ? Buffer.from(`${pick()} ${i} ${pick()}`) : Buffer.concat([Buffer.from([i >> 8, i & 255]), Buffer.from(pick())]);
    const parts = r() < 0.3 ? 3 : 1;
    const step = Math.ceil(data.length / parts);
    for (let k = 0; k < parts; k++) {
      const payload = data.subarray(k * step, Math.min(data.length, (k + 1) * step));
      out.push({ type: 'frame', t, dir, fin: k === parts - 1, rsv1: false, rsv2: false, rsv3: false, masked: dir === 'out', opcode: k === 0 ? (text ? 1 : 2) : 0, maskKey: dir === 'out' ? Buffer.from([9, 8, 7, 6]) : null, length: payload.length, payload });
    }
    out.push({ type: 'message', t, dir, opcode: text ? 1 : 2, length: data.length, data });
  }
  const reason = Buffer.from('Bye TRADE');
  const close = Buffer.concat([Buffer.from([0x03, 0xe8]), reason]);
  out.push({ type: 'frame', t: t0 + messages * 10, dir: 'in', fin: true, rsv1: false, rsv2: false, rsv3: false, masked: false, opcode: 8, maskKey: null, length: close.length, payload: close });
  return out;
}

async function logOf(events: EngineEvent[], name: string, onProgress?: () => void): Promise<EventLog> {
  const log = EventLog.live({ file: path.join(dir, `${name}.ndjson`), hooks: { backpressure: () => {}, failed: (m) => expect.fail(m) } }, onProgress);
  for (const e of events) log.append(e);
  await log.end();
  return log;
}

/** What the filter must find, from the events themselves. */
function oracle(all: LogEvent[], f: LogFilterSpec): number[] {
  const compiled = compileFilter(f);
  const start = new Map<number, number>();
  const open: Record<string, number> = {};
  const messageOf = new Map<number, MessageLogEvent>();
  const waiting: Record<string, number[]> = { in: [], out: [] };
  for (const e of all) {
    if (e.type === 'frame' && e.opcode <= 2) {
      if (e.opcode !== 0) open[e.dir] = e.seq;
      start.set(e.seq, open[e.dir]);
      waiting[e.dir].push(e.seq);
    }
    if (e.type === 'message') {
      for (const s of waiting[e.dir]) messageOf.set(s, e);
      waiting[e.dir] = [];
    }
  }
  return all
    .filter((e): e is FrameLogEvent => e.type === 'frame')
    .filter((e) => compiled.row(e.dir, e.opcode, e.length, e.t) && (!compiled.content || compiled.content(rowContent(e, e.opcode <= 2 ? messageOf.get(e.seq) : undefined))))
    .map((e) => e.seq);
}

/** Every event of the log, read back in pages (the payloads here are short: previews are whole). */
async function allEvents(log: EventLog): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  while (out.length < log.size) out.push(...(await log.range(out.length, 5000)));
  expect(out.some((e) => e.truncated)).toBe(false);
  return out;
}

async function scanned(log: EventLog, f: LogFilterSpec): Promise<number[]> {
  const seqs: number[] = [];
  for (;;) {
    const r = await log.frameRows(f, 0, 1);
    if (r.scan && !r.scan.done) continue;
    for (let from = 0; from < r.total; from += 1000) seqs.push(...(await log.frameRows(f, from, 1000)).rows.map((e) => e.seq));
    return seqs;
  }
}

const FILTERS: LogFilterSpec[] = [
  { text: 'trade' },
  { text: 'TRADE', caseSensitive: true },
  { text: 'Trade 1' },
  { text: '000bde31' },
  { text: '000BDE31' },
  { text: 'cafe' },
  { text: '636166' },
  { text: '1 q' },
  { text: 'ünï' },
  { text: 'a"b' },
  { text: 'x\\y' },
  { text: '1000 bye' },
  { text: 'ping' },
  { text: '^(trade|quote) \\d+', regex: true },
  { text: 'TRADE$', regex: true, caseSensitive: true },
  { json: '$.type = "trade"' },
  { json: '$.px = 7', dir: 'in' },
  { json: '$.type != "trade"' },
  { json: '$.type' },
  { dir: 'out', opcodes: [0, 1] },
  { minLength: 5, maxLength: 12 },
  { text: 'trade', opcodes: [0] },
];

describe('filter scans', () => {
  it.each([1, 2, 3])('find exactly what the oracle finds, live and reopened (seed %i)', async (seed) => {
    const events = randomLog(seed, 400);
    const live = await logOf(events, `scan-${seed}`);
    const whole = await allEvents(live);
    const reopened = await EventLog.open(live.file);
    const t = whole.find((e) => e.type === 'frame' && e.seq > 200)!.t;
    for (const f of [...FILTERS, { fromTime: t }, { toTime: t, text: 'trade' }]) {
      const want = oracle(whole, f);
      expect(await scanned(live, f), `live ${JSON.stringify(f)}`).toEqual(want);
      expect(await scanned(reopened, f), `reopened ${JSON.stringify(f)}`).toEqual(want);
    }
    // the oracle is not trivially empty or full
    expect(oracle(whole, { text: 'trade' }).length).toBeGreaterThan(20);
    expect(oracle(whole, { text: 'trade' }).length).toBeLessThan(whole.filter((e) => e.type === 'frame').length);
    await live.close();
    await reopened.close();
  });

  it('names a bad regular expression or JSON condition', async () => {
    const log = await logOf(randomLog(9, 10), 'bad');
    await expect(log.frameRows({ text: '(', regex: true }, 0, 10)).rejects.toThrow(/not a regular expression/);
    await expect(log.frameRows({ json: 'type = 1' }, 0, 10)).rejects.toThrow(/JSON filter/);
    await log.close();
  });

  it('over a large log reports progress while it runs, pages what it found so far, and stops when cancelled', async () => {
    const events = randomLog(4, 200_000);
    const waiting: (() => void)[] = [];
    const found = () => (log.scanProgress()?.matches ?? 0) > 0;
    const log = await logOf(events, 'large', () => found() && waiting.splice(0).forEach((go) => go()));
    // a regular expression reads every message: the slowest kind of scan
    const r = await log.frameRows({ text: 'trade', regex: true }, 0, 10);
    expect(r.scan).toMatchObject({ done: false, of: log.rows });
    expect(r.scan!.scanned).toBeLessThan(log.rows);
    // a busy machine may answer before the first match: cancel once there is something to keep
    await new Promise<void>((go) => (found() ? go() : waiting.push(go)));
    log.cancelScan();
    const after = await log.frameRows({ text: 'trade', regex: true }, 0, 10);
    expect(after.scan).toMatchObject({ cancelled: true, done: false });
    const kept = after.total;
    expect(kept).toBeGreaterThan(0);
    // cancelled stays cancelled: asking again does not restart it
    expect((await log.frameRows({ text: 'trade', regex: true }, 0, 10)).total).toBe(kept);
    // another filter starts a scan of its own, which runs to the end
    expect(await scanned(log, { text: 'quote' })).toEqual(oracle(await allEvents(log), { text: 'quote' }));
    await log.close();
  }, 60_000);
});
