// A bounded fuzz of the client after a valid handshake: random bytes and
// mutated valid frames, split at random points, in strict and lenient mode,
// with commands mixed in. Seeded, so a failure names the seed that
// reproduces it. What must hold every time: no exception escapes (other than
// CommandError from a command the state refuses), every run ends with
// exactly one close event followed by state closed, what the client writes
// is valid RFC 6455, and memory stays bounded whatever lengths headers claim.
import { describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { CommandError } from '../../electron/protocol/client.js';
import { isValidWireCloseCode } from '../../electron/protocol/close-frame.js';
import { isValidUtf8 } from '../../electron/protocol/utf8.js';
import { Harness, bytes, concat, frame, orderProblems, prng, randomBytes, recordingParser, utf8 } from './helpers.js';

const MiB = 1 << 20;

/** Headers that claim far more than any limit, for every kind of frame. */
const HUGE_LENGTHS = [2n ** 52n, 2n ** 63n - 1n, 2n ** 32n, 2n ** 31n, BigInt(MiB + 1), 2n ** 53n + 1n];

function validFrame(r: () => number, deflate: boolean): Uint8Array {
  const kind = Math.floor(r() * 10);
  const payload = (n: number) => randomBytes(r, n);
  const text = () => utf8(['hi', 'κόσμε', '😀 ok', 'x'.repeat(Math.floor(r() * 300))][Math.floor(r() * 4)]);
  switch (kind) {
    case 0:
      return frame({ opcode: 1, payload: text() });
    case 1:
      return frame({ opcode: 2, payload: payload(Math.floor(r() * (r() < 0.1 ? 70000 : 200))) });
    case 2:
      return concat(frame({ opcode: 1, fin: false, payload: text() }), frame({ opcode: 0, payload: text() }));
    case 3:
      return frame({ opcode: 9, payload: payload(Math.floor(r() * 126)) });
    case 4:
      return frame({ opcode: 10, payload: payload(Math.floor(r() * 126)) });
    case 5:
      return frame({ opcode: 8, payload: r() < 0.2 ? new Uint8Array(0) : concat(bytes(((1000 + Math.floor(r() * 15)) & 0xffff).toString(16).padStart(4, '0')), text().subarray(0, 50)) });
    case 6:
      return deflate
        ? frame({ opcode: 1, rsv1: true, payload: zlib.deflateRawSync(text(), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).subarray(0, -4) })
        : frame({ opcode: 2, payload: payload(3) });
    case 7: {
      // A header claiming a huge length, with a little data after it.
      const op = [0, 1, 2, 3, 8, 9, 0xb][Math.floor(r() * 7)];
      const len = HUGE_LENGTHS[Math.floor(r() * HUGE_LENGTHS.length)];
      return concat(frame({ opcode: op, claimedLength: len, lengthBits: 64 }).subarray(0, 10), payload(Math.floor(r() * 64)));
    }
    case 8:
      return frame({ opcode: 1, mask: payload(4), payload: text() });
    default:
      return frame({ opcode: Math.floor(r() * 16), fin: r() < 0.7, rsv1: r() < 0.2, payload: payload(Math.floor(r() * 130)) });
  }
}

function mutate(r: () => number, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b);
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n && out.length; i++) {
    const at = Math.floor(r() * Math.min(out.length, r() < 0.7 ? 14 : out.length)); // mostly the header
    const how = r();
    if (how < 0.5) out[at] ^= 1 << Math.floor(r() * 8);
    else if (how < 0.8) out[at] = Math.floor(r() * 256);
    else return out.subarray(0, at); // truncated
  }
  return out;
}

/** What the client wrote must be valid RFC 6455 from a client: masked, sane control frames, nothing after its close. */
function checkWritten(h: Harness): string[] {
  const problems: string[] = [];
  const { parser, frames, errors } = recordingParser();
  for (const c of h.writes.slice(1).flat()) parser.push(c); // writes[0] is the upgrade request
  if (errors.length) problems.push(`unparsable output: ${errors[0].message}`);
  if (parser.pendingBytes) problems.push('incomplete frame written');
  let closed = false;
  for (const f of frames) {
    if (closed) problems.push(`frame opcode ${f.opcode} written after our close`);
    if (!f.masked) problems.push('unmasked frame written');
    if (f.rsv2 || f.rsv3) problems.push('RSV2/3 written');
    if (f.opcode >= 8 && (f.length > 125 || !f.fin)) problems.push(`bad control frame written (opcode ${f.opcode}, ${f.length} bytes)`);
    if (f.opcode === 8) {
      closed = true;
      if (f.payload.length === 1) problems.push('1-byte close payload written');
      if (f.payload.length >= 2 && !isValidWireCloseCode((f.payload[0] << 8) | f.payload[1])) problems.push('invalid close code written');
    }
  }
  return problems;
}

function runOne(seed: number, lenient: boolean): { h: Harness; steps: number } {
  const r = prng(seed);
  const deflate = r() < 0.3;
  const h = new Harness({ seed, lenient, maxPayload: MiB, deflate, autoPong: r() < 0.8, answerClose: r() < 0.9 });
  h.client.start();
  h.feed(h.response101(deflate ? ['Sec-WebSocket-Extensions: permessage-deflate'] : []));
  if (h.client.state !== 'open') throw new Error(`seed ${seed}: handshake failed`);
  h.writes.splice(1); // keep only the request

  // The input stream: a few pieces, each random bytes, a valid frame, or a mutated one.
  const pieces: Uint8Array[] = [];
  const count = 1 + Math.floor(r() * 8);
  for (let i = 0; i < count; i++) {
    const p = r();
    if (p < 0.2) pieces.push(randomBytes(r, Math.floor(r() * 64)));
    else if (p < 0.6) pieces.push(validFrame(r, deflate));
    else pieces.push(mutate(r, validFrame(r, deflate)));
  }
  const input = concat(...pieces);
  let steps = 0;
  for (let at = 0; at < input.length; ) {
    const n = r() < 0.3 ? 1 : 1 + Math.floor(r() * 200);
    h.feed(input.subarray(at, at + n));
    at += n;
    steps++;
    if (r() < 0.1) command(h, r);
  }
  const end = r();
  if (end < 0.7) h.client.receiveEnd();
  else if (end < 0.85) h.client.closeTimedOut(5000);
  else h.client.transportError('ECONNRESET', 'reset');
  return { h, steps };
}

function command(h: Harness, r: () => number): void {
  try {
    const c = Math.floor(r() * 5);
    if (c === 0) h.client.sendText('fuzz');
    else if (c === 1) h.client.ping(bytes('01'));
    else if (c === 2) h.client.close(1000);
    else if (c === 3) h.client.sendBinary(new Uint8Array(10), 2);
    else h.client.pong();
  } catch (e) {
    if (!(e instanceof CommandError)) throw e;
  }
}

function checkRun(h: Harness, seed: number, lenient: boolean): void {
  const ctx = `seed ${seed} ${lenient ? 'lenient' : 'strict'}`;
  expect(orderProblems(h.events, { finished: true }), ctx).toEqual([]);
  expect(h.client.state, ctx).toBe('closed');
  expect(h.events.at(-1), ctx).toMatchObject({ type: 'state', state: 'closed' });
  expect(checkWritten(h), ctx).toEqual([]);
  const fatal = h.errors().filter((e) => e.fatal);
  const close = h.of('close')[0];
  if (close.wasClean) expect(fatal.filter((e) => e.code !== 'WS_ERR_CLOSE_TIMEOUT'), ctx).toEqual([]);
  if (!lenient) expect(h.errors().filter((e) => !e.fatal && e.code !== 'WS_ERR_FRAME_AFTER_CLOSE' && e.code !== 'WS_ERR_CLOSE_TIMEOUT'), ctx).toEqual([]);
  // Protocol failures go out as a close frame with their code, unless one had gone already.
  const protocolFailure = fatal.find((e) => e.closeCode !== undefined);
  if (protocolFailure && close.sentCode !== null) {
    expect([protocolFailure.closeCode, close.sentCode], ctx).toContain(close.sentCode);
  }
  for (const m of h.of('message')) {
    if (m.dir === 'in' && m.opcode === 1 && !m.invalidUtf8) expect(isValidUtf8(m.data), ctx).toBe(true);
    if (m.dir === 'in') expect(m.length, ctx).toBeLessThanOrEqual(MiB);
  }
}

describe('fuzz', () => {
  for (const lenient of [false, true]) {
    it(`random and mutated input after a valid handshake (${lenient ? 'lenient' : 'strict'}): 2500 seeded runs`, () => {
      const before = process.memoryUsage();
      let peakGrowth = 0;
      for (let i = 0; i < 2500; i++) {
        const seed = (lenient ? 1_000_000 : 0) + i;
        let h: Harness;
        try {
          ({ h } = runOne(seed, lenient));
        } catch (e) {
          throw new Error(`seed ${seed} ${lenient ? 'lenient' : 'strict'}: ${(e as Error).stack}`, { cause: e });
        }
        checkRun(h, seed, lenient);
        if (i % 250 === 0) {
          const m = process.memoryUsage();
          peakGrowth = Math.max(peakGrowth, m.heapUsed + m.arrayBuffers - before.heapUsed - before.arrayBuffers);
        }
      }
      // Each run holds at most a few hundred KiB of input; nothing may scale with claimed lengths.
      expect(peakGrowth).toBeLessThan(256 * MiB);
    });
  }

  it('headers claiming huge lengths allocate nothing, whatever the frame kind and mode', () => {
    const junk = new Uint8Array(64 * 1024);
    for (const lenient of [false, true]) {
      for (const op of [0, 1, 2, 3, 7, 8, 9, 10, 0xb, 0xf]) {
        for (const len of HUGE_LENGTHS) {
          const h = new Harness({ lenient, maxPayload: MiB }).open();
          if (op === 0) h.feed(frame({ opcode: 2, fin: false, payload: bytes('00') }));
          const before = process.memoryUsage().arrayBuffers;
          h.feed(frame({ opcode: op, claimedLength: len, lengthBits: 64 }).subarray(0, 10));
          for (let i = 0; i < 32; i++) h.feed(junk); // 2 MiB more than the limit allows
          const ctx = `op ${op} length ${len} ${lenient ? 'lenient' : 'strict'}`;
          const fatal = h.errors().filter((e) => e.fatal);
          expect(fatal, ctx).toHaveLength(1);
          expect([1002, 1009], ctx).toContain(fatal[0].closeCode);
          if (len >= 2n ** 63n) expect(fatal[0].closeCode, ctx).toBe(1002);
          expect(process.memoryUsage().arrayBuffers - before, ctx).toBeLessThan(16 * MiB);
        }
      }
    }
  });

  it('after the server\'s close, a frame claiming 2^52 bytes is not buffered either', () => {
    for (const answerClose of [true, false]) {
      const h = new Harness({ maxPayload: MiB, answerClose }).open();
      h.feed(frame({ opcode: 8, payload: bytes('03e8') }));
      h.feed(bytes('827f0010000000000000'));
      const fatal = h.errors().filter((e) => e.fatal);
      expect(fatal).toEqual([expect.objectContaining({ code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', closeCode: 1009 })]);
      // Only one close frame is ever written.
      expect(h.sent().filter((f) => f.opcode === 8)).toHaveLength(1);
      const before = h.events.length;
      h.feed(new Uint8Array(4096));
      expect(h.events.length).toBe(before);
      h.client.receiveEnd();
      expect(h.of('close')[0]).toMatchObject({ code: 1000, wasClean: false });
      expect(orderProblems(h.events, { finished: true })).toEqual([]);
    }
  });
});
