// WebSocketClient driven through its ClientIO: bytes in, events and bytes
// out, with an injected clock and a seeded random. The server side is
// written by hand, byte by byte.
import { describe, expect, it } from 'vitest';
import { CommandError } from '../../electron/protocol/client.js';
import { encodeFrame } from '../../electron/protocol/frame-encoder.js';
import { Harness, acceptOf, bytes, closeCodeOf, concat, frame, hex, orderProblems, utf8, type ParsedFrame } from './helpers.js';

const MASK = bytes('37fa213d');
const text = (s: string, fin = true) => frame({ opcode: 1, fin, payload: utf8(s) });
const cont = (s: string | Uint8Array, fin = true) => frame({ opcode: 0, fin, payload: typeof s === 'string' ? utf8(s) : s });
const close = (code?: number, reason = '') =>
  frame({ opcode: 8, payload: code === undefined ? new Uint8Array(0) : concat(bytes(code.toString(16).padStart(4, '0')), utf8(reason)) });

function expectClean(h: Harness): void {
  expect(orderProblems(h.events)).toEqual([]);
}

/** The last thing the client wrote is one masked close frame with `code`. */
function expectCloseWritten(h: Harness, code: number | null): ParsedFrame {
  const sent = h.sent();
  const closes = sent.filter((f) => f.opcode === 8);
  expect(closes).toHaveLength(1);
  const f = closes[0];
  expect(f).toMatchObject({ fin: true, masked: true, rsv1: false, rsv2: false, rsv3: false });
  expect(f.maskKey).not.toBeNull();
  expect(closeCodeOf(f)).toBe(code);
  return f;
}

/** The client failed the connection with `closeCode` and error `code`, wrote the close, and ends unclean. */
function expectFailed(h: Harness, closeCode: number, code?: string): void {
  const fatal = h.errors().filter((e) => e.fatal);
  expect(fatal, JSON.stringify(h.errors())).toHaveLength(1);
  expect(fatal[0].closeCode).toBe(closeCode);
  if (code) expect(fatal[0].code).toBe(code);
  expect(h.of('message').filter((m) => m.dir === 'in')).toHaveLength(0);
  expect(h.client.state).toBe('closing');
  expectCloseWritten(h, closeCode);
  // Nothing the server sends now is read.
  const before = h.events.length;
  h.feed(text('ignored'), close(1000));
  expect(h.events.length).toBe(before);
  h.client.receiveEnd();
  const c = h.of('close');
  expect(c).toHaveLength(1);
  expect(c[0]).toMatchObject({ code: null, initiator: 'client', wasClean: false, sentCode: closeCode });
  expect(h.events.at(-1)).toMatchObject({ type: 'state', state: 'closed' });
  expect(h.events.indexOf(fatal[0])).toBeLessThan(h.events.indexOf(c[0]));
  expectClean(h);
}

describe('handshake', () => {
  it('writes the request with a key from the injected random, and logs exactly those headers', () => {
    const h = new Harness({ subprotocols: ['chat'], origin: 'http://o.test', headers: [['X-A', '1']] });
    h.client.start();
    expect(h.writes).toHaveLength(1);
    const req = h.request;
    expect(req.startsWith('GET /chat HTTP/1.1\r\nHost: example.test\r\n')).toBe(true);
    expect(req.endsWith('\r\n\r\n')).toBe(true);
    expect(Buffer.from(h.key, 'base64')).toHaveLength(16);
    // Same seed, same key: the engine has no randomness of its own.
    const h2 = new Harness({ subprotocols: ['chat'] });
    h2.client.start();
    expect(h2.key).toBe(h.key);
    expect(h.types()).toEqual(['state', 'handshake-request']);
    const reqEvent = h.of('handshake-request')[0];
    expect(reqEvent).toMatchObject({ method: 'GET', url: 'ws://example.test/chat' });
    const lines = req.split('\r\n').slice(1, -2);
    expect(reqEvent.headers.map(([n, v]) => `${n}: ${v}`)).toEqual(lines);
    expect(lines).toContain('Sec-WebSocket-Protocol: chat');
    expect(lines).toContain('X-A: 1');
  });

  it('a valid 101 opens the connection; the response may come a byte at a time', () => {
    const h = new Harness();
    h.client.start();
    const resp = h.response101();
    for (let i = 0; i < resp.length; i++) {
      expect(h.client.state).toBe('connecting');
      h.feed(resp.subarray(i, i + 1));
    }
    expect(h.client.state).toBe('open');
    expect(h.types()).toEqual(['state', 'handshake-request', 'handshake-response', 'open', 'state']);
    expect(h.of('open')[0]).toMatchObject({ protocol: '', extensions: '' });
    expect(h.of('handshake-response')[0]).toMatchObject({ status: 101, statusText: 'Switching Protocols' });
    expect(h.states()).toEqual(['connecting', 'open']);
    expect(h.writes).toHaveLength(1);
    expectClean(h);
  });

  it('frames in the same chunk as the 101 are read', () => {
    const h = new Harness();
    h.client.start();
    h.feed(concat(h.response101(), text('early'), text('bird')));
    expect(h.of('message').map((m) => Buffer.from(m.data).toString())).toEqual(['early', 'bird']);
  });

  it('an offered subprotocol chosen by the server is in the open event', () => {
    const h = new Harness({ subprotocols: ['mqtt', 'chat'] });
    h.client.start();
    h.feed(h.response101(['Sec-WebSocket-Protocol: chat']));
    expect(h.of('open')[0]).toMatchObject({ protocol: 'chat' });
  });

  it('permessage-deflate accepted: the header value is in the open event', () => {
    const h = new Harness({ deflate: true });
    h.client.start();
    expect(h.request).toContain('\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n');
    h.feed(h.response101(['Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover']));
    expect(h.of('open')[0]).toMatchObject({ extensions: 'permessage-deflate; server_no_context_takeover' });
  });

  type Failure = { name: string; resp: (h: Harness) => Uint8Array | string; opts?: ConstructorParameters<typeof Harness>[0]; code: string; status?: number };
  const failures: Failure[] = [
    {
      name: '403 with a Content-Length body',
      resp: () => 'HTTP/1.1 403 Forbidden\r\nContent-Length: 12\r\n\r\nGo away now!',
      code: 'WS_ERR_HANDSHAKE_STATUS',
      status: 403,
    },
    {
      name: '200 with a chunked body',
      resp: () => 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
      code: 'WS_ERR_HANDSHAKE_STATUS',
      status: 200,
    },
    {
      name: '302 without followRedirects',
      resp: () => 'HTTP/1.1 302 Found\r\nLocation: ws://elsewhere/\r\nContent-Length: 0\r\n\r\n',
      code: 'WS_ERR_HANDSHAKE_STATUS',
      status: 302,
    },
    { name: 'missing Upgrade', resp: (h) => h.response101([], { upgrade: null }), code: 'WS_ERR_HANDSHAKE_UPGRADE' },
    { name: 'wrong Upgrade', resp: (h) => h.response101([], { upgrade: 'h2c' }), code: 'WS_ERR_HANDSHAKE_UPGRADE' },
    { name: 'missing Connection', resp: (h) => h.response101([], { connection: null }), code: 'WS_ERR_HANDSHAKE_CONNECTION' },
    { name: 'wrong Connection', resp: (h) => h.response101([], { connection: 'keep-alive' }), code: 'WS_ERR_HANDSHAKE_CONNECTION' },
    { name: 'missing Sec-WebSocket-Accept', resp: (h) => h.response101([], { accept: null }), code: 'WS_ERR_HANDSHAKE_ACCEPT' },
    {
      name: 'Sec-WebSocket-Accept for another key',
      resp: (h) => h.response101([], { accept: acceptOf('dGhlIHNhbXBsZSBub25jZQ==') }),
      code: 'WS_ERR_HANDSHAKE_ACCEPT',
    },
    { name: 'Sec-WebSocket-Accept of the key itself', resp: (h) => h.response101([], { accept: h.key }), code: 'WS_ERR_HANDSHAKE_ACCEPT' },
    {
      name: 'unoffered subprotocol',
      opts: { subprotocols: ['chat'] },
      resp: (h) => h.response101(['Sec-WebSocket-Protocol: superchat']),
      code: 'WS_ERR_HANDSHAKE_PROTOCOL',
    },
    { name: 'subprotocol when none was offered', resp: (h) => h.response101(['Sec-WebSocket-Protocol: chat']), code: 'WS_ERR_HANDSHAKE_PROTOCOL' },
    {
      name: 'permessage-deflate not offered',
      resp: (h) => h.response101(['Sec-WebSocket-Extensions: permessage-deflate']),
      code: 'WS_ERR_HANDSHAKE_EXTENSION',
    },
    {
      name: 'an unknown extension',
      opts: { deflate: true },
      resp: (h) => h.response101(['Sec-WebSocket-Extensions: x-webkit-foo']),
      code: 'WS_ERR_HANDSHAKE_EXTENSION',
    },
    {
      name: 'malformed extension header',
      opts: { deflate: true },
      resp: (h) => h.response101(['Sec-WebSocket-Extensions: permessage-deflate; a="']),
      code: 'WS_ERR_HANDSHAKE_EXTENSION',
    },
    {
      name: 'permessage-deflate accepted twice',
      opts: { deflate: true },
      resp: (h) => h.response101(['Sec-WebSocket-Extensions: permessage-deflate, permessage-deflate']),
      code: 'WS_ERR_HANDSHAKE_EXTENSION',
    },
    ...[
      'server_max_window_bits=7',
      'server_max_window_bits=16',
      'server_max_window_bits=010',
      'server_max_window_bits',
      'client_max_window_bits=abc',
      'server_no_context_takeover=1',
      'client_no_context_takeover; client_no_context_takeover',
      'unknown_param',
    ].map(
      (p): Failure => ({
        name: `permessage-deflate; ${p}`,
        opts: { deflate: true },
        resp: (h) => h.response101([`Sec-WebSocket-Extensions: permessage-deflate; ${p}`]),
        code: 'WS_ERR_HANDSHAKE_EXTENSION',
      }),
    ),
    {
      name: 'client_max_window_bits when the client did not offer it',
      opts: { deflate: { serverNoContextTakeover: true } },
      resp: (h) => h.response101(['Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_max_window_bits=10']),
      code: 'WS_ERR_HANDSHAKE_EXTENSION',
    },
    {
      name: 'server_max_window_bits larger than offered',
      opts: { deflate: { serverMaxWindowBits: 10 } },
      resp: (h) => h.response101(['Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=12']),
      code: 'WS_ERR_HANDSHAKE_EXTENSION',
    },
    {
      name: 'server_max_window_bits offered but not answered',
      opts: { deflate: { serverMaxWindowBits: 10 } },
      resp: (h) => h.response101(['Sec-WebSocket-Extensions: permessage-deflate']),
      code: 'WS_ERR_HANDSHAKE_EXTENSION',
    },
    {
      name: 'client_max_window_bits larger than offered',
      opts: { deflate: { clientMaxWindowBits: 10 } },
      resp: (h) => h.response101(['Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=11']),
      code: 'WS_ERR_HANDSHAKE_EXTENSION',
    },
    { name: 'not HTTP at all', resp: () => 'SSH-2.0-OpenSSH_9.2\r\n\r\n', code: 'WS_ERR_HANDSHAKE_MALFORMED' },
  ];

  for (const f of failures) {
    it(`fails the handshake: ${f.name}`, () => {
      const h = new Harness(f.opts);
      h.client.start();
      const resp = f.resp(h);
      h.feed(typeof resp === 'string' ? utf8(resp) : resp);
      const errors = h.errors();
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ code: f.code, fatal: true });
      expect(errors[0].closeCode).toBeUndefined();
      const types = h.types();
      expect(types.slice(-3)).toEqual(['error', 'close', 'state']);
      expect(h.of('close')[0]).toMatchObject({ code: null, initiator: 'client', wasClean: false });
      // no close frame went out, so there is no sentCode at all
      expect(h.of('close')[0]).not.toHaveProperty('sentCode');
      expect(h.states()).toEqual(['connecting', 'closed']);
      expect(h.client.state).toBe('closed');
      // No frame at all: the only write is the request.
      expect(h.writes).toHaveLength(1);
      expect(h.of('frame')).toHaveLength(0);
      expect(h.destroyed).toBe(1);
      if (f.code !== 'WS_ERR_HANDSHAKE_MALFORMED') {
        const resp = h.of('handshake-response');
        expect(resp).toHaveLength(1);
        if (f.status) expect(resp[0].status).toBe(f.status);
      }
      expectClean(h);
      // Later bytes and commands do nothing.
      h.feed(text('late'));
      expect(h.types().slice(-1)).toEqual(['state']);
      expect(() => h.client.sendText('x')).toThrow(CommandError);
    });
  }

  it('a failed upgrade keeps its body in the response event and the error message', () => {
    const h = new Harness();
    h.client.start();
    h.feed(utf8('HTTP/1.1 401 Unauthorized\r\nContent-Length: 20\r\n\r\n{"error":'));
    expect(h.of('handshake-response')).toHaveLength(0); // waits for the whole body
    h.feed(utf8('"no token"}'));
    expect(h.of('handshake-response')[0]).toMatchObject({ status: 401, statusText: 'Unauthorized', body: '{"error":"no token"}' });
    expect(h.errors()[0].message).toContain('401');
    expect(h.errors()[0].message).toContain('no token');
  });

  it('a failed upgrade without a length ends at the end of the connection', () => {
    const h = new Harness();
    h.client.start();
    h.feed(utf8('HTTP/1.1 500 Internal Server Error\r\n\r\nboom'));
    expect(h.client.state).toBe('connecting');
    h.client.receiveEnd();
    expect(h.of('handshake-response')[0]).toMatchObject({ status: 500, body: 'boom' });
    expect(h.client.state).toBe('closed');
  });

  it('EOF before an answer, a connect timeout, and close() before open all fail without a frame', () => {
    for (const act of [
      (h: Harness) => h.client.receiveEnd(),
      (h: Harness) => h.client.connectTimedOut(10000),
      (h: Harness) => h.client.close(1000),
      (h: Harness) => h.client.transportError('ECONNRESET', 'reset'),
    ]) {
      const h = new Harness();
      h.client.start();
      act(h);
      expect(h.errors()).toHaveLength(1);
      expect(h.of('close')[0]).toMatchObject({ initiator: 'client', wasClean: false });
      expect(h.states()).toEqual(['connecting', 'closed']);
      expect(h.writes).toHaveLength(1);
      expectClean(h);
    }
  });
});

describe('receiving', () => {
  it('a text and a binary message', () => {
    const h = new Harness().open();
    h.feed(text('Hello'), frame({ opcode: 2, payload: bytes('00ff10') }));
    const [m1, m2] = h.of('message');
    expect(m1).toMatchObject({ dir: 'in', opcode: 1, length: 5 });
    expect(Buffer.from(m1.data).toString()).toBe('Hello');
    expect(m2).toMatchObject({ dir: 'in', opcode: 2, length: 3 });
    expect(hex(m2.data)).toBe('00ff10');
    const frames = h.of('frame');
    expect(frames[0]).toMatchObject({ dir: 'in', fin: true, opcode: 1, masked: false, maskKey: null, length: 5 });
    expect(h.types()).toEqual(['frame', 'message', 'frame', 'message']);
  });

  it('a fragmented message with a ping in the middle, fed whole, split at every offset and byte by byte', () => {
    const wire = concat(text('Hel', false), frame({ opcode: 9, payload: utf8('p') }), cont('lo ', false), cont('wörld'));
    const run = (chunks: Uint8Array[]) => {
      const h = new Harness().open();
      h.feed(...chunks);
      expect(h.types()).toEqual(['frame', 'frame', 'frame', 'frame', 'frame', 'message']);
      expect(h.of('frame').map((f) => `${f.dir}${f.opcode}`)).toEqual(['in1', 'in9', 'out10', 'in0', 'in0']);
      const m = h.of('message')[0];
      expect(Buffer.from(m.data).toString()).toBe('Hello wörld');
      expect(m.length).toBe(12);
      const pong = h.sent();
      expect(pong).toHaveLength(1);
      expect(pong[0]).toMatchObject({ opcode: 10, masked: true });
      expect(hex(pong[0].payload)).toBe(hex(utf8('p')));
    };
    run([wire]);
    for (let cut = 1; cut < wire.length; cut++) run([wire.subarray(0, cut), wire.subarray(cut)]);
    run([...wire].map((b) => new Uint8Array([b])));
  });

  it('a 70000-byte binary message with a 64-bit length, split across many chunks', () => {
    const data = new Uint8Array(70000).map((_, i) => (i * 31) & 0xff);
    const wire = frame({ opcode: 2, payload: data });
    const h = new Harness().open();
    for (let i = 0; i < wire.length; i += 999) h.feed(wire.subarray(i, i + 999));
    const m = h.of('message')[0];
    expect(m.length).toBe(70000);
    expect(Buffer.compare(m.data, data)).toBe(0);
    expect(h.of('frame')[0].length).toBe(70000);
  });

  it('empty text and binary messages, and an empty final continuation', () => {
    const h = new Harness().open();
    h.feed(text(''), frame({ opcode: 2 }), text('ab', false), cont(''));
    expect(h.of('message').map((m) => [m.opcode, m.length])).toEqual([
      [1, 0],
      [2, 0],
      [1, 2],
    ]);
  });
});

describe('protocol violations fail the connection (strict mode)', () => {
  type V = {
    name: string;
    wire: () => Uint8Array;
    closeCode: number;
    code: string;
    opts?: ConstructorParameters<typeof Harness>[0];
    /** extra 101 header lines */
    extra?: string[];
    before?: Uint8Array;
  };
  const violations: V[] = [
    { name: 'masked server frame', wire: () => frame({ opcode: 1, mask: MASK, payload: utf8('hi') }), closeCode: 1002, code: 'WS_ERR_UNEXPECTED_MASK' },
    { name: 'masked server ping', wire: () => frame({ opcode: 9, mask: MASK }), closeCode: 1002, code: 'WS_ERR_UNEXPECTED_MASK' },
    { name: 'RSV1 without an extension', wire: () => frame({ opcode: 1, rsv1: true, payload: utf8('x') }), closeCode: 1002, code: 'WS_ERR_UNEXPECTED_RSV_1' },
    { name: 'RSV2', wire: () => frame({ opcode: 2, rsv2: true }), closeCode: 1002, code: 'WS_ERR_UNEXPECTED_RSV_2' },
    { name: 'RSV3', wire: () => frame({ opcode: 9, rsv3: true }), closeCode: 1002, code: 'WS_ERR_UNEXPECTED_RSV_3' },
    {
      name: 'RSV1 on a control frame even with deflate',
      opts: { deflate: true },
      extra: ['Sec-WebSocket-Extensions: permessage-deflate'],
      wire: () => frame({ opcode: 9, rsv1: true }),
      closeCode: 1002,
      code: 'WS_ERR_UNEXPECTED_RSV_1',
    },
    ...[3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf].map(
      (op): V => ({ name: `reserved opcode 0x${op.toString(16)}`, wire: () => frame({ opcode: op, payload: bytes('00') }), closeCode: 1002, code: 'WS_ERR_INVALID_OPCODE' }),
    ),
    { name: 'fragmented ping', wire: () => frame({ opcode: 9, fin: false }), closeCode: 1002, code: 'WS_ERR_EXPECTED_FIN' },
    { name: 'fragmented close', wire: () => frame({ opcode: 8, fin: false, payload: bytes('03e8') }), closeCode: 1002, code: 'WS_ERR_EXPECTED_FIN' },
    {
      name: 'ping of 126 bytes',
      wire: () => frame({ opcode: 9, payload: new Uint8Array(126) }),
      closeCode: 1002,
      code: 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH',
    },
    {
      name: 'close of 126 bytes',
      wire: () => frame({ opcode: 8, payload: concat(bytes('03e8'), new Uint8Array(124).fill(0x61)) }),
      closeCode: 1002,
      code: 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH',
    },
    {
      name: 'pong with a 7-bit-fitting length written in 16 bits but over 125',
      wire: () => frame({ opcode: 10, payload: new Uint8Array(200), lengthBits: 16 }),
      closeCode: 1002,
      code: 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH',
    },
    { name: 'continuation without a start', wire: () => cont('x'), closeCode: 1002, code: 'WS_ERR_UNEXPECTED_CONTINUATION' },
    {
      name: 'new text frame inside a fragmented message',
      before: text('a', false),
      wire: () => text('b'),
      closeCode: 1002,
      code: 'WS_ERR_EXPECTED_CONTINUATION',
    },
    {
      name: 'new binary frame inside a fragmented message',
      before: frame({ opcode: 2, fin: false, payload: bytes('01') }),
      wire: () => frame({ opcode: 2, payload: bytes('02') }),
      closeCode: 1002,
      code: 'WS_ERR_EXPECTED_CONTINUATION',
    },
    { name: '64-bit length with the top bit set', wire: () => bytes('827f8000000000000001'), closeCode: 1002, code: 'WS_ERR_INVALID_PAYLOAD_LENGTH' },
    { name: 'invalid UTF-8 in a text frame', wire: () => frame({ opcode: 1, payload: bytes('48656c6c6fc0af') }), closeCode: 1007, code: 'WS_ERR_INVALID_UTF8' },
    { name: 'surrogate in a text frame', wire: () => frame({ opcode: 1, payload: bytes('eda080') }), closeCode: 1007, code: 'WS_ERR_INVALID_UTF8' },
    { name: 'code point above U+10FFFF', wire: () => frame({ opcode: 1, payload: bytes('f4908080') }), closeCode: 1007, code: 'WS_ERR_INVALID_UTF8' },
    { name: 'text ending inside a code point', wire: () => frame({ opcode: 1, payload: bytes('41e282') }), closeCode: 1007, code: 'WS_ERR_INVALID_UTF8' },
    {
      name: 'text message ending inside a code point across fragments',
      before: frame({ opcode: 1, fin: false, payload: bytes('41e2') }),
      wire: () => cont(bytes('82')),
      closeCode: 1007,
      code: 'WS_ERR_INVALID_UTF8',
    },
    {
      name: 'message over maxPayload in one frame',
      opts: { maxPayload: 10 },
      wire: () => frame({ opcode: 2, payload: new Uint8Array(11) }),
      closeCode: 1009,
      code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH',
    },
    {
      name: 'message over maxPayload across fragments',
      opts: { maxPayload: 10 },
      before: frame({ opcode: 2, fin: false, payload: new Uint8Array(6) }),
      wire: () => cont(new Uint8Array(5)),
      closeCode: 1009,
      code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH',
    },
    { name: 'close with a 1-byte payload', wire: () => frame({ opcode: 8, payload: bytes('03') }), closeCode: 1002, code: 'WS_ERR_INVALID_CLOSE_PAYLOAD' },
    { name: 'close reason not UTF-8', wire: () => frame({ opcode: 8, payload: bytes('03e8ff') }), closeCode: 1007, code: 'WS_ERR_INVALID_UTF8' },
    { name: 'close reason a surrogate', wire: () => frame({ opcode: 8, payload: bytes('03e8eda080') }), closeCode: 1007, code: 'WS_ERR_INVALID_UTF8' },
    ...[0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535].map(
      (c): V => ({ name: `close code ${c}`, wire: () => close(c), closeCode: 1002, code: 'WS_ERR_INVALID_CLOSE_CODE' }),
    ),
  ];

  for (const v of violations) {
    it(`${v.name} => ${v.closeCode}`, () => {
      const h = new Harness(v.opts).open(v.extra);
      if (v.before) h.feed(v.before);
      expect(h.errors()).toEqual([]);
      h.feed(v.wire());
      expectFailed(h, v.closeCode, v.code);
    });

    it(`${v.name} => ${v.closeCode}, fed one byte at a time`, () => {
      const h = new Harness(v.opts).open(v.extra);
      const wire = v.before ? concat(v.before, v.wire()) : v.wire();
      for (let i = 0; i < wire.length; i++) h.feed(wire.subarray(i, i + 1));
      expectFailed(h, v.closeCode, v.code);
    });
  }

  it('invalid UTF-8 fails on the first bad fragment, before the final one arrives', () => {
    // Each case: fragments that are fine, then a non-final fragment that cannot be fixed.
    const cases: [string[], string][] = [
      [['48656c6c6f'], 'c0'], // C0 never starts anything
      [['ce', 'ba'], 'ed'], // ED alone is fine ...
      [['ceba'], 'eda0'], // ... but ED A0 is a surrogate
      [['f4'], '90'], // above U+10FFFF from the second byte
      [['6f6b'], '80'], // stray continuation byte
      [['61'.repeat(40)], '61'.repeat(40) + 'eda080' + '61'.repeat(40)], // long fragment, native path
    ];
    for (const [good, bad] of cases) {
      const h = new Harness().open();
      h.feed(frame({ opcode: 1, fin: false, payload: bytes(good[0]) }));
      for (const g of good.slice(1)) h.feed(cont(bytes(g), false));
      const badFrame = cont(bytes(bad), false);
      if (bad === 'ed') {
        // ED then A0 in the next fragment: the fragment with ED passes, the next one fails.
        h.feed(badFrame);
        expect(h.errors()).toEqual([]);
        h.feed(cont(bytes('a0'), false));
      } else h.feed(badFrame);
      expect(h.errors().map((e) => [e.code, e.closeCode]), `${good.join(' ')} + ${bad}`).toEqual([['WS_ERR_INVALID_UTF8', 1007]]);
      // The final fragment never came; the failure is already on the wire.
      expectCloseWritten(h, 1007);
    }
  });

  it('a 64-bit length of 2^52 fails with 1009 from the header alone (maxPayload 1 MiB)', () => {
    const h = new Harness({ maxPayload: 1 << 20 }).open();
    h.feed(bytes('827f0010000000000000'));
    expect(h.errors()[0]).toMatchObject({ code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', closeCode: 1009 });
    expectCloseWritten(h, 1009);
  });

  it('a fragment that passes maxPayload fails from its header, before its payload is read', () => {
    const h = new Harness({ maxPayload: 100 }).open();
    h.feed(frame({ opcode: 2, fin: false, payload: new Uint8Array(60) }));
    h.feed(bytes('007e0100')); // continuation header claiming 256 bytes, no payload yet
    expect(h.errors()[0]).toMatchObject({ code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', closeCode: 1009 });
  });

  it('a message of exactly maxPayload, in fragments, is fine', () => {
    const h = new Harness({ maxPayload: 10 }).open();
    h.feed(frame({ opcode: 2, fin: false, payload: new Uint8Array(6) }), cont(new Uint8Array(4)));
    expect(h.errors()).toEqual([]);
    expect(h.of('message')[0].length).toBe(10);
    // The limit is per message: the next one starts from zero.
    h.feed(frame({ opcode: 2, payload: new Uint8Array(10) }));
    expect(h.of('message')).toHaveLength(2);
  });

  it('frames in the same chunk after the bad one are not read', () => {
    const h = new Harness().open();
    h.feed(concat(text('ok'), frame({ opcode: 2, rsv2: true }), text('after')));
    expect(h.of('message').map((m) => Buffer.from(m.data).toString())).toEqual(['ok']);
    expect(h.of('frame').filter((f) => f.dir === 'in')).toHaveLength(1);
  });
});

describe('close codes', () => {
  const accepted = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999];
  for (const code of accepted) {
    it(`server close ${code} is accepted and echoed`, () => {
      const h = new Harness().open();
      h.feed(close(code, 'bye'));
      expect(h.errors()).toEqual([]);
      const echo = expectCloseWritten(h, code);
      expect(echo.payload).toHaveLength(2); // the code, no reason
      expect(h.client.state).toBe('closing');
      expect(h.ended).toBe(1);
      h.client.receiveEnd();
      expect(h.of('close')[0]).toMatchObject({ code, reason: 'bye', initiator: 'server', wasClean: true, sentCode: code });
      expect(h.states()).toEqual(['closing', 'closed']);
      expectClean(h);
    });
  }

  it('an empty server close is echoed empty; the close event has code null', () => {
    const h = new Harness().open();
    h.feed(close());
    expect(expectCloseWritten(h, null).payload).toHaveLength(0);
    h.client.receiveEnd();
    expect(h.of('close')[0]).toMatchObject({ code: null, reason: '', initiator: 'server', wasClean: true, sentCode: null });
  });
});

describe('closing', () => {
  it('client-initiated: no data after our close, incoming data still arrives, then a clean close', () => {
    const h = new Harness().open();
    h.client.close(1000, 'done');
    const f = expectCloseWritten(h, 1000);
    expect(Buffer.from(f.payload.subarray(2)).toString()).toBe('done');
    expect(h.client.state).toBe('closing');
    expect(() => h.client.sendText('more')).toThrow(CommandError);
    expect(() => h.client.sendBinary(bytes('00'))).toThrow(CommandError);
    expect(() => h.client.ping()).toThrow(CommandError);
    expect(() => h.client.pong()).toThrow(CommandError);
    expect(() => h.client.close(1000)).toThrow(CommandError);
    expect(h.writes).toHaveLength(1);
    h.feed(text('still here'), frame({ opcode: 2, fin: false, payload: bytes('01') }), cont(bytes('02')));
    expect(h.of('message').map((m) => hex(m.data))).toEqual([hex(utf8('still here')), '0102']);
    expect(h.ended).toBe(0);
    h.feed(close(1001, 'going'));
    expect(h.writes).toHaveLength(1); // no second close
    expect(h.ended).toBe(1);
    h.client.receiveEnd();
    expect(h.of('close')[0]).toMatchObject({ code: 1001, reason: 'going', initiator: 'client', wasClean: true, sentCode: 1000, sentReason: 'done' });
    expect(h.states()).toEqual(['closing', 'closed']);
    expect(h.events.at(-1)).toMatchObject({ type: 'state', state: 'closed' });
    expectClean(h);
  });

  it('server-initiated with answerClose off: we answer later, with our own code', () => {
    const h = new Harness({ answerClose: false }).open();
    h.feed(close(1001, 'away'));
    expect(h.writes).toHaveLength(0);
    expect(h.client.state).toBe('closing');
    expect(() => h.client.sendText('x')).toThrow(CommandError);
    h.client.close(3000, 'ok');
    expectCloseWritten(h, 3000);
    expect(h.ended).toBe(1);
    h.client.receiveEnd();
    expect(h.of('close')[0]).toMatchObject({ code: 1001, reason: 'away', initiator: 'server', wasClean: true, sentCode: 3000, sentReason: 'ok' });
    expectClean(h);
  });

  it('frames after the server\'s close are logged and ignored', () => {
    const h = new Harness({ answerClose: false }).open();
    h.feed(close(1000), text('late'), frame({ opcode: 9, payload: bytes('01') }));
    expect(h.of('message')).toHaveLength(0);
    expect(h.writes).toHaveLength(0); // no pong after a close
    expect(h.of('frame').filter((f) => f.dir === 'in')).toHaveLength(3);
    expect(h.errors()).toEqual([expect.objectContaining({ code: 'WS_ERR_FRAME_AFTER_CLOSE', fatal: false })]);
  });

  it('the TCP connection ending without a close: code null, initiator none, unclean, closing skipped', () => {
    const h = new Harness().open();
    h.client.receiveEnd();
    expect(h.of('close')[0]).toMatchObject({ code: null, initiator: 'none', wasClean: false });
    expect(h.of('close')[0]).not.toHaveProperty('sentCode');
    expect(h.states()).toEqual(['closed']);
    expectClean(h);
  });

  it('the server closing TCP right after our close frame: initiator client, unclean', () => {
    const h = new Harness().open();
    h.client.close(1000);
    h.client.receiveEnd();
    expect(h.of('close')[0]).toMatchObject({ code: null, initiator: 'client', wasClean: false, sentCode: 1000 });
  });

  it('close timeout: an unfinished handshake fails, a finished one is only noted', () => {
    const h = new Harness().open();
    h.client.close(1000);
    h.client.closeTimedOut(5000);
    expect(h.errors()[0]).toMatchObject({ code: 'WS_ERR_CLOSE_TIMEOUT', fatal: true });
    expect(h.of('close')[0]).toMatchObject({ initiator: 'client', wasClean: false });
    expect(h.destroyed).toBe(1);

    const g = new Harness().open();
    g.client.close(1000);
    g.feed(close(1000));
    g.client.closeTimedOut(5000);
    expect(g.errors()[0]).toMatchObject({ code: 'WS_ERR_CLOSE_TIMEOUT', fatal: false });
    expect(g.of('close')[0]).toMatchObject({ code: 1000, initiator: 'client', wasClean: true });
    expectClean(g);
  });

  it('a transport error after open ends the connection once', () => {
    const h = new Harness().open();
    h.client.transportError('ECONNRESET', 'read ECONNRESET');
    h.client.transportError('EPIPE', 'again');
    h.client.receiveEnd();
    expect(h.errors()).toHaveLength(1);
    expect(h.of('close')).toHaveLength(1);
    expect(h.of('close')[0]).toMatchObject({ initiator: 'none', wasClean: false });
    expectClean(h);
  });

  it('close() refuses invalid codes and long reasons without sending anything', () => {
    const h = new Harness().open();
    for (const c of [999, 1004, 1005, 1006, 1015, 2999, 5000]) expect(() => h.client.close(c)).toThrow(CommandError);
    expect(() => h.client.close(1000, 'x'.repeat(124))).toThrow(CommandError);
    expect(() => h.client.close(null, 'reason without code')).toThrow(CommandError);
    expect(h.writes).toHaveLength(0);
    h.client.close(1000, 'é'.repeat(61)); // 122 bytes: fine
    expect(h.writes).toHaveLength(1);
  });

  it('failWith (such as a pong timeout) fails with its close code', () => {
    const h = new Harness().open();
    h.client.failWith('WS_ERR_PONG_TIMEOUT', 1011, 'no pong');
    expectFailed(h, 1011, 'WS_ERR_PONG_TIMEOUT');
  });
});

describe('ping and pong', () => {
  it('auto-pong echoes the ping payload, masked', () => {
    const h = new Harness().open();
    h.feed(frame({ opcode: 9, payload: utf8('are you there') }), frame({ opcode: 9 }), frame({ opcode: 9, payload: new Uint8Array(125).fill(9) }));
    const sent = h.sent();
    expect(sent.map((f) => [f.opcode, f.masked, hex(f.payload)])).toEqual([
      [10, true, hex(utf8('are you there'))],
      [10, true, ''],
      [10, true, '09'.repeat(125)],
    ]);
    expect(h.of('frame').filter((f) => f.dir === 'out').every((f) => f.opcode === 10 && f.masked && f.maskKey !== null)).toBe(true);
  });

  it('autoPong: false does not answer', () => {
    const h = new Harness({ autoPong: false }).open();
    h.feed(frame({ opcode: 9, payload: utf8('x') }));
    expect(h.writes).toHaveLength(0);
    h.client.pong(utf8('x')); // by hand
    expect(h.sent().map((f) => [f.opcode, hex(f.payload)])).toEqual([[10, '78']]);
  });

  it('no auto-pong after our close frame', () => {
    const h = new Harness().open();
    h.client.close(1000);
    h.feed(frame({ opcode: 9, payload: utf8('x') }));
    expect(h.sent().map((f) => f.opcode)).toEqual([8]);
  });

  it('no auto-pong after the server\'s close frame', () => {
    const h = new Harness().open();
    h.feed(close(1000), frame({ opcode: 9, payload: utf8('x') }));
    expect(h.sent().map((f) => f.opcode)).toEqual([8]);
  });

  it('RTT on the pong frame event: matched by payload, oldest first, with the injected clock', () => {
    const h = new Harness().open();
    const t0 = h.now;
    const idA = h.client.ping(utf8('a'));
    h.now += 5;
    const idX1 = h.client.ping(utf8('x'));
    h.now += 5;
    const idX2 = h.client.ping(utf8('x'));
    h.now += 10;
    expect(h.sent().map((f) => [f.opcode, hex(f.payload)])).toEqual([
      [9, '61'],
      [9, '78'],
      [9, '78'],
    ]);
    h.feed(frame({ opcode: 10, payload: utf8('x') })); // answers the first 'x', sent at t0+5
    expect(h.client.pingAnswered(idX1)).toBe(true);
    expect(h.client.pingAnswered(idX2)).toBe(false);
    h.now += 3;
    h.feed(frame({ opcode: 10, payload: utf8('a') }), frame({ opcode: 10, payload: utf8('x') }), frame({ opcode: 10, payload: utf8('zzz') }));
    const pongs = h.of('frame').filter((f) => f.dir === 'in');
    expect(pongs.map((p) => p.rttMs)).toEqual([h.now - 3 - (t0 + 5), h.now - t0, h.now - (t0 + 10), undefined]);
    expect(pongs.map((p) => p.rttMs)).toEqual([15, 23, 13, undefined]);
    expect('rttMs' in pongs[3]).toBe(false); // unsolicited pong
    expect(h.client.pingAnswered(idA) && h.client.pingAnswered(idX2)).toBe(true);
  });

  it('a ping payload over 125 bytes is refused', () => {
    const h = new Harness().open();
    expect(() => h.client.ping(new Uint8Array(126))).toThrow(CommandError);
    expect(() => h.client.pong(new Uint8Array(126))).toThrow(CommandError);
    expect(h.writes).toHaveLength(0);
  });
});

describe('sending', () => {
  it('a text message: one masked frame, a frame event and a message event', () => {
    const h = new Harness().open();
    h.client.sendText('Hello');
    const [f] = h.sent();
    expect(f).toMatchObject({ fin: true, opcode: 1, masked: true, length: 5 });
    expect(Buffer.from(f.payload).toString()).toBe('Hello');
    const fe = h.of('frame')[0];
    expect(fe).toMatchObject({ dir: 'out', opcode: 1, masked: true, length: 5 });
    expect(hex(fe.maskKey!)).toBe(hex(f.maskKey!));
    expect(hex(fe.payload)).toBe(hex(utf8('Hello'))); // logged unmasked
    expect(h.of('message')[0]).toMatchObject({ dir: 'out', opcode: 1, length: 5 });
    // The wire really is masked with that key.
    const wireBytes = h.sentBytes();
    expect(hex(wireBytes.subarray(2, 6))).toBe(hex(f.maskKey!));
    expect(hex(wireBytes.subarray(6))).toBe(hex(utf8('Hello').map((b, i) => b ^ f.maskKey![i % 4])));
    expect(h.types()).toEqual(['frame', 'message']);
  });

  it('fragments: first frame has the opcode, the rest are continuations, the last has FIN', () => {
    const h = new Harness().open();
    h.client.sendText('abcdefghij', 4);
    const sent = h.sent();
    expect(sent.map((f) => [f.fin, f.opcode, Buffer.from(f.payload).toString()])).toEqual([
      [false, 1, 'abc'],
      [false, 0, 'def'],
      [false, 0, 'ghi'],
      [true, 0, 'j'],
    ]);
    expect(new Set(sent.map((f) => hex(f.maskKey!))).size).toBe(4); // a fresh key per frame
    expect(() => h.client.sendText('x', 0)).toThrow(CommandError);
  });

  it('a 70000-byte binary message goes out with a 64-bit length', () => {
    const h = new Harness().open();
    const data = new Uint8Array(70000).map((_, i) => i & 0xff);
    h.client.sendBinary(data);
    const bytesOut = h.sentBytes();
    expect(hex(bytesOut.subarray(0, 10))).toBe('82ff0000000000011170');
    const [f] = h.sent();
    expect(Buffer.compare(f.payload, data)).toBe(0);
  });

  it('nothing can be sent before open', () => {
    const h = new Harness();
    h.client.start();
    expect(() => h.client.sendText('x')).toThrow(CommandError);
    expect(() => h.client.ping()).toThrow(CommandError);
  });
});

describe('crafted frames', () => {
  it('sendFrame writes exactly that frame, marked crafted', () => {
    const h = new Harness().open();
    const spec = { opcode: 0xb, fin: false, rsv2: true, maskKey: MASK, payload: utf8('odd') };
    h.client.sendFrame(spec);
    expect(hex(h.sentBytes())).toBe(hex(concat(...encodeFrame(spec, () => MASK).chunks)));
    expect(hex(h.sentBytes())).toBe('2b8337fa213d' + hex(utf8('odd').map((b, i) => b ^ MASK[i % 4])));
    expect(h.of('frame')[0]).toMatchObject({ dir: 'out', crafted: true, opcode: 0xb, fin: false, rsv2: true, masked: true, length: 3 });
    h.client.sendFrame({ opcode: 1, mask: false, payload: utf8('plain') });
    expect(h.of('frame')[1]).toMatchObject({ crafted: true, masked: false, maskKey: null });
    // a reserved opcode makes no message; a whole text frame is a message sent, as the server reads it
    expect(h.of('message').map((m) => [m.dir, m.opcode, hex(m.data)])).toEqual([['out', 1, hex(utf8('plain'))]]);
  });

  it('the data messages crafted frames make are logged as sent, as the server will read them', () => {
    const h = new Harness().open();
    h.client.sendFrame({ opcode: 1, fin: false, payload: utf8('he') });
    h.client.sendFrame({ opcode: 9, payload: utf8('between') });
    h.client.sendFrame({ opcode: 0, fin: false, payload: utf8('ll') });
    h.client.sendFrame({ opcode: 0, payload: utf8('o') });
    // none of these makes a message: a continuation with none started, RSV1 we did not compress, a start before the last one ended (the server fails that)
    h.client.sendFrame({ opcode: 0, payload: utf8('stray') });
    h.client.sendFrame({ opcode: 1, rsv1: true, payload: utf8('x') });
    h.client.sendFrame({ opcode: 2, fin: false, payload: bytes('01') });
    h.client.sendFrame({ opcode: 2, payload: bytes('02') });
    h.client.sendFrame({ opcode: 1, payload: bytes('ff') });
    h.client.sendRaw(frame({ opcode: 2, mask: MASK, payload: bytes('0a0b') }));
    expect(h.of('message').map((m) => [m.opcode, hex(m.data), m.invalidUtf8 ?? false])).toEqual([
      [1, hex(utf8('hello')), false],
      [1, 'ff', true],
      [2, '0a0b', false],
    ]);
  });

  it('crafted frames go out in any state but closed: connecting, after our close, after the server\'s close', () => {
    const h = new Harness({ answerClose: false });
    h.client.start();
    h.client.sendFrame({ opcode: 1, payload: utf8('early') });
    h.feed(h.response101());
    h.client.close(1000);
    h.client.sendFrame({ opcode: 1, payload: utf8('after our close') });
    h.feed(close(1000));
    h.client.sendFrame({ opcode: 9, payload: new Uint8Array(200) }); // an oversized ping, deliberately
    h.client.sendRaw(bytes('8100'));
    const crafted = h.of('frame').filter((f) => f.crafted);
    expect(crafted).toHaveLength(4);
    expect(crafted.map((f) => f.opcode)).toEqual([1, 1, 9, 1]);
    h.client.receiveEnd();
    expect(() => h.client.sendFrame({ opcode: 1 })).toThrow(CommandError);
    expect(() => h.client.sendRaw(bytes('8100'))).toThrow(CommandError);
  });

  it('sendRaw writes the bytes as they are and logs the frames found in them, across calls', () => {
    const h = new Harness().open();
    const raw = concat(frame({ opcode: 2, payload: bytes('0102') }), frame({ opcode: 1, mask: MASK, payload: utf8('hi') }));
    h.client.sendRaw(raw.subarray(0, 5));
    expect(h.of('frame')).toHaveLength(1);
    h.client.sendRaw(raw.subarray(5));
    expect(hex(h.sentBytes())).toBe(hex(raw));
    const fr = h.of('frame');
    expect(fr.map((f) => [f.opcode, f.masked, hex(f.payload), f.crafted])).toEqual([
      [2, false, '0102', true],
      [1, true, hex(utf8('hi')), true],
    ]);
  });

  it('sendRaw with an impossible header logs a non-fatal error and keeps the connection', () => {
    const h = new Harness().open();
    h.client.sendRaw(bytes('827f8000000000000001'));
    expect(h.errors()).toEqual([expect.objectContaining({ code: 'WS_ERR_INVALID_PAYLOAD_LENGTH', fatal: false })]);
    expect(h.client.state).toBe('open');
    h.client.sendRaw(bytes('8100'));
    expect(h.of('frame')).toHaveLength(1);
  });
});

describe('lenient mode', () => {
  type L = { name: string; wire: Uint8Array; code: string; closeCode: number; message?: string };
  const cases: L[] = [
    { name: 'RSV1', wire: frame({ opcode: 1, rsv1: true, payload: utf8('r1') }), code: 'WS_ERR_UNEXPECTED_RSV_1', closeCode: 1002, message: 'r1' },
    { name: 'RSV2', wire: frame({ opcode: 1, rsv2: true, payload: utf8('r2') }), code: 'WS_ERR_UNEXPECTED_RSV_2', closeCode: 1002, message: 'r2' },
    { name: 'RSV3', wire: frame({ opcode: 1, rsv3: true, payload: utf8('r3') }), code: 'WS_ERR_UNEXPECTED_RSV_3', closeCode: 1002, message: 'r3' },
    { name: 'reserved opcode 0x3', wire: frame({ opcode: 3, payload: bytes('01') }), code: 'WS_ERR_INVALID_OPCODE', closeCode: 1002 },
    { name: 'reserved opcode 0xb', wire: frame({ opcode: 0xb, payload: bytes('01') }), code: 'WS_ERR_INVALID_OPCODE', closeCode: 1002 },
    { name: 'masked server frame', wire: frame({ opcode: 1, mask: MASK, payload: utf8('masked') }), code: 'WS_ERR_UNEXPECTED_MASK', closeCode: 1002, message: 'masked' },
    { name: 'oversized pong', wire: frame({ opcode: 10, payload: new Uint8Array(200) }), code: 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH', closeCode: 1002 },
    { name: 'invalid UTF-8', wire: frame({ opcode: 1, payload: bytes('61c0af62') }), code: 'WS_ERR_INVALID_UTF8', closeCode: 1007 },
  ];

  for (const c of cases) {
    it(`${c.name}: an error with fatal false, and the connection stays open`, () => {
      const h = new Harness({ lenient: true }).open();
      h.feed(c.wire);
      expect(h.errors()).toEqual([expect.objectContaining({ code: c.code, closeCode: c.closeCode, fatal: false })]);
      expect(h.client.state).toBe('open');
      expect(h.writes).toHaveLength(0);
      expect(h.of('frame').filter((f) => f.dir === 'in')).toHaveLength(1);
      if (c.message) expect(Buffer.from(h.of('message')[0].data).toString()).toBe(c.message);
      // It keeps working both ways.
      h.feed(text('next'));
      expect(Buffer.from(h.of('message').at(-1)!.data).toString()).toBe('next');
      h.client.sendText('still open');
      h.feed(close(1000));
      h.client.receiveEnd();
      expect(h.of('close')[0]).toMatchObject({ code: 1000, wasClean: true, initiator: 'server' });
      expectClean(h);
    });
  }

  it('invalid UTF-8 across fragments: one error, the message arrives marked invalidUtf8, the next one is checked afresh', () => {
    const h = new Harness({ lenient: true }).open();
    h.feed(frame({ opcode: 1, fin: false, payload: bytes('61e0') }), cont(bytes('80'), false), cont(bytes('ff')));
    expect(h.errors()).toHaveLength(1);
    const m = h.of('message')[0];
    expect(m).toMatchObject({ invalidUtf8: true, length: 4 });
    // Abandoned after E0: the next message's U+00C0 (C3 80) must not be judged by E0's rules.
    h.feed(frame({ opcode: 1, fin: false, payload: bytes('61e0') }), cont(bytes('a080')));
    h.feed(frame({ opcode: 1, payload: bytes('61ed') }));
    h.feed(frame({ opcode: 1, payload: bytes('c380') }));
    expect(h.errors()).toHaveLength(2); // only the message that ended on ED
    expect(h.of('message').at(-1)).not.toHaveProperty('invalidUtf8');
    expect(Buffer.from(h.of('message').at(-1)!.data).toString()).toBe('À');
  });

  it('a masked ping is still answered, with the unmasked payload', () => {
    const h = new Harness({ lenient: true }).open();
    h.feed(frame({ opcode: 9, mask: MASK, payload: utf8('pp') }));
    expect(h.sent().map((f) => [f.opcode, hex(f.payload)])).toEqual([[10, hex(utf8('pp'))]]);
  });

  it('an oversized ping is logged, not answered with a pong the RFC forbids', () => {
    const h = new Harness({ lenient: true }).open();
    h.feed(frame({ opcode: 9, payload: new Uint8Array(200).fill(1) }));
    expect(h.errors()[0]).toMatchObject({ code: 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH', fatal: false });
    expect(h.sent().filter((f) => f.opcode === 10 && f.payload.length > 125)).toEqual([]);
    expect(h.client.state).toBe('open');
  });

  it('what lenient mode may not let pass still fails: fragmented control, bad continuation, maxPayload, bad close', () => {
    const bad: [Uint8Array, number][] = [
      [frame({ opcode: 9, fin: false }), 1002],
      [cont('x'), 1002],
      [bytes('827f8000000000000001'), 1002],
      [close(1005), 1002],
      [frame({ opcode: 8, payload: bytes('03') }), 1002],
    ];
    for (const [wire, code] of bad) {
      const h = new Harness({ lenient: true }).open();
      h.feed(wire);
      expectFailed(h, code);
    }
    const h = new Harness({ lenient: true, maxPayload: 4 }).open();
    h.feed(frame({ opcode: 2, payload: new Uint8Array(5) }));
    expectFailed(h, 1009);
  });
});
