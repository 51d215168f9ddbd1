// permessage-deflate (RFC 7692) in the engine, checked against Node's
// streaming zlib as an independent peer: a server that keeps one deflate
// stream for the whole connection (context takeover) the way ws does, and
// an inflate stream that reads what the client sends.
import { describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { acceptDeflateResponse, formatDeflateOffer, parseDeflateOffer, PerMessageDeflate, InflateLimitError } from '../../electron/protocol/permessage-deflate.js';
import { parseExtensions } from '../../electron/protocol/extension-header.js';
import { Harness, bytes, closeCodeOf, concat, frame, hex, orderProblems, prng, utf8 } from './helpers.js';

const TRAILER = bytes('0000ffff');

/** A server's compressor: one stream per connection, or a fresh one per message. */
function serverDeflater(opts: { windowBits?: number; noContextTakeover?: boolean } = {}) {
  let stream: zlib.DeflateRaw | null = null;
  return async (data: Uint8Array): Promise<Uint8Array> => {
    if (!stream || opts.noContextTakeover) stream = zlib.createDeflateRaw({ windowBits: opts.windowBits ?? 15 });
    const s = stream;
    const out: Buffer[] = [];
    const onData = (c: Buffer) => out.push(c);
    s.on('data', onData);
    s.write(data);
    await new Promise<void>((r) => s.flush(zlib.constants.Z_SYNC_FLUSH, () => r()));
    s.off('data', onData);
    const all = Buffer.concat(out);
    expect(hex(all.subarray(all.length - 4))).toBe('0000ffff');
    return new Uint8Array(all.subarray(0, all.length - 4));
  };
}

/** A server's decompressor for what the client sends. */
function serverInflater(opts: { windowBits?: number; noContextTakeover?: boolean } = {}) {
  let stream: zlib.InflateRaw | null = null;
  return async (data: Uint8Array): Promise<Buffer> => {
    if (!stream || opts.noContextTakeover) stream = zlib.createInflateRaw({ windowBits: opts.windowBits ?? 15 });
    const s = stream;
    const out: Buffer[] = [];
    let err: Error | null = null;
    const onData = (c: Buffer) => out.push(c);
    const onError = (e: Error) => (err = e);
    s.on('data', onData);
    s.on('error', onError);
    s.write(concat(data, TRAILER));
    await new Promise<void>((r) => s.flush(zlib.constants.Z_SYNC_FLUSH, () => r()));
    s.off('data', onData);
    s.off('error', onError);
    const failed = err as Error | null;
    if (failed) throw failed;
    return Buffer.concat(out);
  };
}

function openDeflate(ext: string, opts: ConstructorParameters<typeof Harness>[0] = {}): Harness {
  const h = new Harness({ deflate: true, ...opts });
  h.client.start();
  h.feed(h.response101([`Sec-WebSocket-Extensions: ${ext}`]));
  expect(h.client.state).toBe('open');
  h.clear();
  return h;
}

/** Messages where later ones repeat parts of earlier ones, some longer than the 32 KiB window. */
function corpus(seed: number): string[] {
  const r = prng(seed);
  const words = ['alpha', 'beta', 'gamma', 'delta', 'κόσμε', '😀', 'websocket', 'frame', 'deflate'];
  const msgs: string[] = [];
  for (let i = 0; i < 14; i++) {
    const n = i === 3 ? 40000 : i === 8 ? 70000 : Math.floor(r() * 3000);
    let s = '';
    while (s.length < n) {
      if (msgs.length && r() < 0.3) {
        const prev = msgs[Math.floor(r() * msgs.length)];
        const at = Math.floor(r() * prev.length);
        s += prev.slice(at, at + 200);
      } else s += words[Math.floor(r() * words.length)] + (r() < 0.5 ? ' ' : String(Math.floor(r() * 1e6)));
    }
    // Slicing can cut a surrogate pair; make each message a string that survives UTF-8.
    msgs.push(Buffer.from(s, 'utf8').toString('utf8'));
  }
  msgs.push('', 'hello', 'hello', 'hello');
  return msgs;
}

describe('acceptDeflateResponse', () => {
  const offer = { clientMaxWindowBits: true as const };
  const ext = (v: string) => parseExtensions(v)[0];

  it('fills in the defaults and takes the server\'s parameters', () => {
    expect(acceptDeflateResponse(offer, ext('permessage-deflate'))).toEqual({
      serverNoContextTakeover: false,
      clientNoContextTakeover: false,
      serverMaxWindowBits: 15,
      clientMaxWindowBits: 15,
    });
    expect(
      acceptDeflateResponse(offer, ext('permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9; client_max_window_bits=10')),
    ).toEqual({ serverNoContextTakeover: true, clientNoContextTakeover: true, serverMaxWindowBits: 9, clientMaxWindowBits: 10 });
    expect(acceptDeflateResponse(offer, ext('permessage-deflate; client_max_window_bits="12"'))).toMatchObject({ clientMaxWindowBits: 12 });
  });

  it('a client_no_context_takeover we offered holds even if the server does not repeat it', () => {
    expect(acceptDeflateResponse({ clientNoContextTakeover: true }, ext('permessage-deflate'))).toMatchObject({ clientNoContextTakeover: true });
  });

  it('formats offers', () => {
    expect(formatDeflateOffer({ clientMaxWindowBits: true })).toBe('permessage-deflate; client_max_window_bits');
    expect(formatDeflateOffer({ serverNoContextTakeover: true, clientNoContextTakeover: true, serverMaxWindowBits: 10, clientMaxWindowBits: 9 })).toBe(
      'permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=9',
    );
  });
});

describe('PerMessageDeflate', () => {
  const params = { serverNoContextTakeover: false, clientNoContextTakeover: false, serverMaxWindowBits: 15, clientMaxWindowBits: 15 };

  it('one side\'s deflate is the other side\'s inflate, message after message', () => {
    const a = new PerMessageDeflate(params);
    const b = new PerMessageDeflate(params);
    const sizes: number[] = [];
    for (const m of corpus(1)) {
      const c = a.deflate(utf8(m))!;
      sizes.push(c.length);
      expect(b.inflate(c, 1 << 20).toString()).toBe(m);
    }
    // 'hello' a second and third time is a back-reference of a few bytes.
    expect(sizes.at(-1)).toBeLessThan(sizes.at(-3)!);
  });

  it('inflate refuses output over the limit with InflateLimitError; exactly the limit is fine', () => {
    const c = new PerMessageDeflate(params).deflate(new Uint8Array(1000))!;
    expect(new PerMessageDeflate(params).inflate(c, 1000)).toHaveLength(1000);
    expect(() => new PerMessageDeflate(params).inflate(c, 999)).toThrow(InflateLimitError);
  });

  it('a compressed message that ends with a final block (BFINAL) still inflates', () => {
    const c = zlib.deflateRawSync(Buffer.from('final block'));
    expect(new PerMessageDeflate(params).inflate(c, 100).toString()).toBe('final block');
  });
});

describe('receiving compressed messages', () => {
  for (const [name, ext, server] of [
    ['context takeover', 'permessage-deflate', {}],
    ['server_no_context_takeover', 'permessage-deflate; server_no_context_takeover', { noContextTakeover: true }],
    ['server_max_window_bits=10', 'permessage-deflate; server_max_window_bits=10', { windowBits: 10 }],
  ] as const) {
    it(`${name}: every message of a run inflates to what the server sent`, async () => {
      const h = openDeflate(ext);
      const deflate = serverDeflater(server);
      const msgs = corpus(2);
      const compressed: Uint8Array[] = [];
      for (const m of msgs) {
        const c = await deflate(utf8(m));
        compressed.push(c);
        h.feed(frame({ opcode: 1, rsv1: true, payload: c }));
      }
      expect(h.errors()).toEqual([]);
      const got = h.of('message');
      expect(got.map((m) => Buffer.from(m.data).toString())).toEqual(msgs);
      expect(got.every((m) => m.compressed === true && m.dir === 'in')).toBe(true);
      expect(got.map((m) => m.length)).toEqual(msgs.map((m) => Buffer.byteLength(m)));
      // The frame event carries the compressed bytes, as RSV1 says.
      expect(hex(h.of('frame')[1].payload)).toBe(hex(compressed[1]));
      const [a, b] = [compressed.at(-3)!, compressed.at(-1)!]; // the first and the third "hello"
      if ('noContextTakeover' in server) expect(hex(b)).toBe(hex(a));
      else expect(b.length).toBeLessThan(a.length); // the second 'hello' refers back to the first
    });
  }

  it('a compressed message in fragments: RSV1 on the first frame only', async () => {
    const h = openDeflate('permessage-deflate');
    const deflate = serverDeflater();
    const msg = 'fragmented and compressed '.repeat(50);
    const c = await deflate(utf8(msg));
    const third = Math.ceil(c.length / 3);
    const wire = concat(
      frame({ opcode: 1, fin: false, rsv1: true, payload: c.subarray(0, third) }),
      frame({ opcode: 0, fin: false, payload: c.subarray(third, 2 * third) }),
      frame({ opcode: 0, payload: c.subarray(2 * third) }),
    );
    for (let i = 0; i < wire.length; i += 3) h.feed(wire.subarray(i, i + 3));
    expect(h.errors()).toEqual([]);
    expect(Buffer.from(h.of('message')[0].data).toString()).toBe(msg);
  });

  it('an uncompressed message (RSV1 clear) passes through as is', () => {
    const h = openDeflate('permessage-deflate');
    h.feed(frame({ opcode: 1, payload: utf8('plain') }));
    const m = h.of('message')[0];
    expect(Buffer.from(m.data).toString()).toBe('plain');
    expect(m.compressed).toBeUndefined();
  });

  it('RSV1 on a continuation frame => 1002 (lenient mode too)', async () => {
    for (const lenient of [false, true]) {
      const h = openDeflate('permessage-deflate', { lenient });
      const c = await serverDeflater()(utf8('abcabcabc'));
      h.feed(frame({ opcode: 1, fin: false, rsv1: true, payload: c.subarray(0, 2) }));
      h.feed(frame({ opcode: 0, rsv1: true, payload: c.subarray(2) }));
      expect(h.errors().filter((e) => e.fatal)).toEqual([expect.objectContaining({ code: 'WS_ERR_UNEXPECTED_RSV_1', closeCode: 1002 })]);
      expect(closeCodeOf(h.sent().at(-1)!)).toBe(1002);
    }
  });

  it('data that is not deflate => 1007', () => {
    const h = openDeflate('permessage-deflate');
    h.feed(frame({ opcode: 2, rsv1: true, payload: bytes('ffffffff') }));
    expect(h.errors()[0]).toMatchObject({ code: 'WS_ERR_INFLATE', closeCode: 1007, fatal: true });
    expect(closeCodeOf(h.sent()[0])).toBe(1007);
  });

  it('compressed text that inflates to invalid UTF-8 => 1007', () => {
    const h = openDeflate('permessage-deflate; server_no_context_takeover');
    h.feed(frame({ opcode: 1, rsv1: true, payload: zlib.deflateRawSync(Buffer.from('6869eda080', 'hex')) }));
    expect(h.errors()[0]).toMatchObject({ code: 'WS_ERR_INVALID_UTF8', closeCode: 1007 });
  });

  it('the limit applies after inflation: exactly maxPayload is fine, one more byte => 1009', () => {
    const h = openDeflate('permessage-deflate; server_no_context_takeover', { maxPayload: 1000 });
    h.feed(frame({ opcode: 2, rsv1: true, payload: zlib.deflateRawSync(Buffer.alloc(1000)) }));
    expect(h.of('message')[0].length).toBe(1000);
    h.feed(frame({ opcode: 2, rsv1: true, payload: zlib.deflateRawSync(Buffer.alloc(1001)) }));
    expect(h.errors()[0]).toMatchObject({ code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', closeCode: 1009 });
  });

  it('a deflate bomb (50 MB of zeros) with maxPayload 1 MiB fails with 1009 without inflating it all', () => {
    const bomb = zlib.deflateRawSync(Buffer.alloc(50 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(100 * 1024);
    for (const fragmented of [false, true]) {
      const h = openDeflate('permessage-deflate', { maxPayload: 1 << 20 });
      global.gc?.();
      const before = process.memoryUsage();
      const start = performance.now();
      if (fragmented) {
        const half = bomb.length >> 1;
        h.feed(frame({ opcode: 2, fin: false, rsv1: true, payload: bomb.subarray(0, half) }), frame({ opcode: 0, payload: bomb.subarray(half) }));
      } else h.feed(frame({ opcode: 2, rsv1: true, payload: bomb }));
      const ms = performance.now() - start;
      const after = process.memoryUsage();
      expect(h.errors()).toEqual([expect.objectContaining({ code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', closeCode: 1009, fatal: true })]);
      expect(h.of('message')).toHaveLength(0);
      expect(closeCodeOf(h.sent()[0])).toBe(1009);
      // Inflating all 50 MB would need 50 MB of buffer and far more time.
      expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(20 * 1024 * 1024);
      expect(ms).toBeLessThan(2000);
      expect(orderProblems(h.events)).toEqual([]);
    }
  });
});

describe('sending compressed messages', () => {
  it('context takeover: a server inflating with one stream reads every message, later ones shorter', async () => {
    const h = openDeflate('permessage-deflate');
    const inflate = serverInflater();
    const msgs = corpus(3);
    for (const m of msgs) h.client.sendText(m);
    const sent = h.sent();
    expect(sent).toHaveLength(msgs.length);
    for (let i = 0; i < msgs.length; i++) {
      const f = sent[i];
      expect(f).toMatchObject({ opcode: 1, fin: true, masked: true });
      // An empty message may go either way; everything else is compressed.
      if (f.rsv1) expect((await inflate(f.payload)).toString()).toBe(msgs[i]);
      else expect(Buffer.from(f.payload).toString()).toBe(msgs[i]);
    }
    expect(sent.filter((f) => f.rsv1).length).toBeGreaterThanOrEqual(msgs.length - 1);
    expect(sent.at(-1)!.payload.length).toBeLessThan(sent.at(-3)!.payload.length);
    const out = h.of('message');
    expect(out.map((m) => m.length)).toEqual(msgs.map((m) => Buffer.byteLength(m)));
    expect(out.filter((m) => m.compressed).length).toBe(sent.filter((f) => f.rsv1).length);
  });

  it('client_no_context_takeover: every message inflates on its own, the same message compresses the same', async () => {
    const h = openDeflate('permessage-deflate; client_no_context_takeover');
    const msgs = corpus(4);
    for (const m of msgs) h.client.sendText(m);
    const sent = h.sent();
    for (let i = 0; i < msgs.length; i++) {
      if (!sent[i].rsv1) continue;
      expect(zlib.inflateRawSync(concat(sent[i].payload, TRAILER), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString()).toBe(msgs[i]);
    }
    expect(hex(sent.at(-1)!.payload)).toBe(hex(sent.at(-2)!.payload));
  });

  it('client_max_window_bits=10: a server with a 1 KiB window can read every message', async () => {
    const h = openDeflate('permessage-deflate; client_max_window_bits=10');
    const inflate = serverInflater({ windowBits: 10 });
    const msgs = corpus(5);
    for (const m of msgs) h.client.sendText(m);
    const sent = h.sent();
    for (let i = 0; i < msgs.length; i++) {
      if (sent[i].rsv1) expect((await inflate(sent[i].payload)).toString()).toBe(msgs[i]);
    }
  });

  it('client_max_window_bits=8: zlib cannot honour it, so messages go uncompressed', () => {
    const h = openDeflate('permessage-deflate; client_max_window_bits=8');
    h.client.sendText('hello hello hello');
    const [f] = h.sent();
    expect(f.rsv1).toBe(false);
    expect(Buffer.from(f.payload).toString()).toBe('hello hello hello');
    expect(h.of('message')[0].compressed).toBeUndefined();
  });

  it('a compressed message in fragments has RSV1 on the first frame only', async () => {
    const h = openDeflate('permessage-deflate');
    const msg = 'abcdefghij'.repeat(100) + 'κόσμε';
    h.client.sendText(msg, 3);
    const sent = h.sent();
    expect(sent.map((f) => [f.opcode, f.fin, f.rsv1])).toEqual([
      [1, false, true],
      [0, false, false],
      [0, true, false],
    ]);
    expect((await serverInflater()(concat(...sent.map((f) => f.payload)))).toString()).toBe(msg);
    const fe = h.of('frame');
    expect(fe.map((f) => f.rsv1)).toEqual([true, false, false]);
  });

  it('round trip through the engine both ways on one connection', async () => {
    const h = openDeflate('permessage-deflate');
    const deflate = serverDeflater();
    const inflate = serverInflater();
    for (const m of corpus(6).slice(0, 8)) {
      h.feed(frame({ opcode: 1, rsv1: true, payload: await deflate(utf8(m)) }));
      h.client.sendText(m);
    }
    for (const f of h.sent()) if (f.rsv1) await inflate(f.payload);
    const inMsgs = h.of('message').filter((m) => m.dir === 'in');
    expect(inMsgs.map((m) => Buffer.from(m.data).toString())).toEqual(corpus(6).slice(0, 8));
    expect(h.errors()).toEqual([]);
  });
});

describe('parseDeflateOffer (the --deflate-params syntax)', () => {
  it('reads every RFC 7692 parameter', () => {
    const offer = parseDeflateOffer('server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits');
    expect(offer).toEqual({ serverNoContextTakeover: true, clientNoContextTakeover: true, serverMaxWindowBits: 10, clientMaxWindowBits: true });
    expect(formatDeflateOffer(offer)).toBe('permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits');
    expect(parseDeflateOffer('')).toEqual({});
    expect(parseDeflateOffer('client_max_window_bits=9')).toEqual({ clientMaxWindowBits: 9 });
  });

  it('names what is wrong', () => {
    expect(() => parseDeflateOffer('server_max_window_bits')).toThrow(/server_max_window_bits needs a value from 8 to 15/);
    expect(() => parseDeflateOffer('server_max_window_bits=16')).toThrow(/8 to 15/);
    expect(() => parseDeflateOffer('client_max_window_bits=07')).toThrow(/client_max_window_bits/);
    expect(() => parseDeflateOffer('server_no_context_takeover=1')).toThrow(/takes no value/);
    expect(() => parseDeflateOffer('x_param')).toThrow(/unknown permessage-deflate parameter x_param/);
  });
});
