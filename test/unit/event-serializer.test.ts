// The one event serializer against the contract's own definition of a line:
// JSON.stringify(toLogEvent(e, seq, extra)) + "\n", byte for byte. Seeded
// random events (every frame flag, text with controls, quotes, backslashes,
// U+2028/9, astral characters and lone surrogates, binary and large payloads
// that take the deferred path), drained in slices of random sizes.
import { describe, expect, it } from 'vitest';
import { EventSerializer } from '../../electron/log/event-serializer.js';
import { OutputQueue } from '../../electron/log/output-queue.js';
import { toLogEvent } from '../../electron/log/to-log-event.js';
import type { EngineEvent } from '../../electron/protocol/events.js';
import { prng, randomBytes } from './helpers.js';

const ODD = ['"', '\\', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u0001', '\u001f', '\u007f', '\u2028', '\u2029', 'é', '€', '😀', '\ud800', '\udfff', '\ud83d', 'a', ' ', '/', '<', '>'];

function oddString(r: () => number, max: number): string {
  let s = '';
  const n = Math.floor(r() * max);
  for (let i = 0; i < n; i++) s += r() < 0.5 ? ODD[Math.floor(r() * ODD.length)] : String.fromCharCode(32 + Math.floor(r() * 95));
  return s;
}

function size(r: () => number): number {
  const p = r();
  return p < 0.6 ? Math.floor(r() * 130) : p < 0.9 ? Math.floor(r() * 5000) : 60_000 + Math.floor(r() * 150_000);
}

function randomEvent(r: () => number): EngineEvent {
  const t = r() < 0.5 ? 1_764_640_000_000 + Math.floor(r() * 1e6) : 1_764_640_000_000 + r() * 1e6;
  const dir = r() < 0.5 ? 'in' : 'out';
  const pick = r();
  if (pick < 0.4) {
    const payload = randomBytes(r, size(r));
    const e: EngineEvent = {
      type: 'frame',
      t,
      dir,
      fin: r() < 0.8,
      rsv1: r() < 0.2,
      rsv2: r() < 0.1,
      rsv3: r() < 0.1,
      masked: dir === 'out',
      opcode: Math.floor(r() * 16),
      maskKey: dir === 'out' ? randomBytes(r, 4) : null,
      length: payload.length,
      payload,
    };
    if (r() < 0.2) e.crafted = true;
    if (r() < 0.2) e.rttMs = r() < 0.5 ? Math.floor(r() * 100) : r() * 100;
    return e;
  }
  if (pick < 0.8) {
    const text = r() < 0.6;
    const big = r() < 0.15;
    const data = text ? Buffer.from(big ? oddString(r, 20).repeat(4000) : oddString(r, 300), 'utf8') : randomBytes(r, size(r));
    const e: EngineEvent = { type: 'message', t, dir, opcode: text ? 1 : 2, length: data.length, data };
    if (r() < 0.2) e.compressed = true;
    if (text && r() < 0.1) e.invalidUtf8 = true;
    return e;
  }
  const kinds: EngineEvent[] = [
    { type: 'state', t, state: 'open' },
    { type: 'close', t, code: r() < 0.3 ? null : 1000 + Math.floor(r() * 4000), reason: oddString(r, 40), initiator: 'server', wasClean: r() < 0.5, sentCode: 1000, sentReason: oddString(r, 10) },
    { type: 'error', t, code: 'WS_ERR_INVALID_OPCODE', message: oddString(r, 80), fatal: r() < 0.5, ...(r() < 0.5 ? { closeCode: 1002 } : {}) },
    { type: 'handshake-request', t, method: 'GET', url: 'ws://h/p?q=' + oddString(r, 10), headers: [['X-Odd', oddString(r, 30)]] },
    { type: 'handshake-response', t, status: 400, statusText: 'Bad', headers: [['X', 'y']], body: oddString(r, 200) },
    { type: 'open', t, protocol: '', extensions: 'permessage-deflate' },
  ];
  return kinds[Math.floor(r() * kinds.length)];
}

describe('the event serializer', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('writes what JSON.stringify(toLogEvent(...)) writes, seed %i', (seed) => {
    const r = prng(seed);
    const q = new OutputQueue();
    const s = new EventSerializer(q);
    const expected: Buffer[] = [];
    const got: Buffer[] = [];
    let last = null as EngineEvent | null;
    for (let seq = 0; seq < 400; seq++) {
      // now and then a one-frame message right after its frame, carrying the very same bytes (as the engine hands them over)
      const e: EngineEvent =
        last?.type === 'frame' && last.opcode === 2 && r() < 0.5 ? { type: 'message', t: last.t, dir: last.dir, opcode: 2, length: last.payload.length, data: last.payload } : randomEvent(r);
      last = e;
      const extra = e.type === 'open' && r() < 0.5 ? { remoteAddress: '127.0.0.1', remotePort: 1 } : undefined;
      const at = q.position;
      s.write(e, seq * 7919, extra);
      const line = Buffer.from(JSON.stringify(toLogEvent(e, seq * 7919, extra)) + '\n', 'utf8');
      expected.push(line);
      // the queue knows each line's length before a byte of it is made
      expect(q.position - at, `line ${seq}`).toBe(line.length);
      // drained now and then, in slices of odd sizes
      if (r() < 0.3) for (let b = q.take(1 + Math.floor(r() * 70_000)); b; b = q.take(1 + Math.floor(r() * 70_000))) got.push(Buffer.from(b));
    }
    for (let b = q.take(); b; b = q.take()) got.push(Buffer.from(b));
    expect(q.queued).toBe(0);
    const want = Buffer.concat(expected);
    const have = Buffer.concat(got);
    if (!have.equals(want)) {
      const at = [...have].findIndex((b, i) => b !== want[i]);
      expect(have.subarray(Math.max(0, at - 80), at + 80).toString(), `first difference at byte ${at}`).toBe(want.subarray(Math.max(0, at - 80), at + 80).toString());
    }
    expect(have.length).toBe(want.length);
  });

  it('keeps a large payload as bytes: the queue holds no copy of its hex', () => {
    const q = new OutputQueue();
    const payload = Buffer.alloc(50 * 1024 * 1024, 7);
    new EventSerializer(q).write({ type: 'message', t: 1, dir: 'in', opcode: 2, length: payload.length, data: payload }, 0);
    expect(q.queued).toBeGreaterThan(payload.length * 2);
    // nothing of the hex is made until it is taken, a slice at a time
    const first = q.take(1 << 20)!;
    expect(first.length).toBeLessThanOrEqual(1 << 20);
    let total = first.length;
    for (let b = q.take(1 << 20); b; b = q.take(1 << 20)) {
      expect(b.length).toBeLessThanOrEqual(1 << 20);
      total += b.length;
    }
    expect(total).toBe(Buffer.byteLength(JSON.stringify(toLogEvent({ type: 'message', t: 1, dir: 'in', opcode: 2, length: payload.length, data: payload }, 0))) + 1);
  });
});
