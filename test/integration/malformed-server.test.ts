/**
 * `Connection` against a misbehaving server of our own (test/support/raw-ws-server.ts):
 * a correct handshake done by hand, then exact bytes for each malformed case;
 * what the client sends back is read off the socket and decoded here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { constants, deflateRawSync } from 'node:zlib';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  RawWsServer,
  Recorder,
  acceptKey,
  closePayload,
  encodeFrame,
  orderProblems,
  switchingProtocols,
  within,
  type RawPeer,
  type Responder,
  type ServerFrame,
} from '../support/raw-ws-server.js';
import type { ConnectOptions } from '../../electron/net/connection.js';

const servers: { close(): Promise<void> }[] = [];
const recorders: Recorder[] = [];

afterEach(async () => {
  const rs = recorders.splice(0);
  // Nothing may stay open: a connection still going is a failed test, and its
  // socket is torn down with the server.
  for (const s of servers.splice(0)) await s.close();
  for (const r of rs) await r.closed();
  for (const r of rs) expect(orderProblems(r.events), r.dump()).toEqual([]);
});

async function rawServer(respond?: Responder): Promise<RawWsServer> {
  const s = await RawWsServer.start(respond);
  servers.push(s);
  return s;
}

async function open(options: Partial<ConnectOptions> = {}, respond?: Responder): Promise<{ r: Recorder; peer: RawPeer; server: RawWsServer }> {
  const server = await rawServer(respond);
  const r = Recorder.connect({ url: server.url(), closeTimeout: 10_000, ...options });
  recorders.push(r);
  const peer = await server.nextPeer();
  await r.open();
  return { r, peer, server };
}

/** Sends the bytes, reads the client's close frame, then ends the TCP connection as a server should. */
async function expectFailedWith(
  bytes: Buffer,
  closeCode: number,
  errorCode?: string,
  options: Partial<ConnectOptions> = {},
): Promise<Recorder> {
  const { r, peer } = await open(options);
  peer.send(bytes);
  const close = await peer.nextClose();
  expect(close.code, r.dump()).toBe(closeCode);
  expect(close.frame).toMatchObject({ fin: true, masked: true, rsv1: false });
  expect(close.before.filter((f) => f.opcode === 10)).toEqual([]);
  peer.sendFrame({ opcode: 8, payload: closePayload(closeCode) });
  peer.socket.end();
  const ev = await r.closed();
  expect(ev).toMatchObject({ initiator: 'client', wasClean: false, sentCode: closeCode });
  const errors = r.of('error').filter((e) => e.fatal);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({ closeCode, fatal: true });
  if (errorCode) expect(errors[0].code).toBe(errorCode);
  expect(errors[0].seq).toBeLessThan(ev.seq);
  await peer.waitEnd();
  return r;
}

const f = (spec: ServerFrame) => encodeFrame(spec);
const text126 = 'p'.repeat(126);

describe('protocol violations fail the connection with the right close code', () => {
  const cases: [string, Buffer, number, string][] = [
    ['a masked server frame', f({ opcode: 1, payload: 'hi', maskKey: Buffer.from([1, 2, 3, 4]) }), 1002, 'WS_ERR_UNEXPECTED_MASK'],
    ['RSV1 without an extension', f({ opcode: 1, payload: 'hi', rsv1: true }), 1002, 'WS_ERR_UNEXPECTED_RSV_1'],
    ['RSV2', f({ opcode: 1, payload: 'hi', rsv2: true }), 1002, 'WS_ERR_UNEXPECTED_RSV_2'],
    ['RSV3', f({ opcode: 2, payload: 'hi', rsv3: true }), 1002, 'WS_ERR_UNEXPECTED_RSV_3'],
    ['reserved data opcode 3', f({ opcode: 3, payload: 'hi' }), 1002, 'WS_ERR_INVALID_OPCODE'],
    ['reserved control opcode 0xB', f({ opcode: 0xb, payload: 'hi' }), 1002, 'WS_ERR_INVALID_OPCODE'],
    ['a fragmented ping', f({ opcode: 9, fin: false, payload: 'hi' }), 1002, 'WS_ERR_EXPECTED_FIN'],
    ['a ping with a 126-byte payload', f({ opcode: 9, payload: text126 }), 1002, 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH'],
    ['a continuation without a start', f({ opcode: 0, payload: 'x' }), 1002, 'WS_ERR_UNEXPECTED_CONTINUATION'],
    [
      'a new text frame inside a fragmented message',
      Buffer.concat([f({ opcode: 1, fin: false, payload: 'a' }), f({ opcode: 1, payload: 'b' })]),
      1002,
      'WS_ERR_EXPECTED_CONTINUATION',
    ],
    [
      'a binary frame inside a fragmented text message',
      Buffer.concat([f({ opcode: 1, fin: false, payload: 'a' }), f({ opcode: 2, payload: 'b' })]),
      1002,
      'WS_ERR_EXPECTED_CONTINUATION',
    ],
    ['a 64-bit length with the top bit set', f({ opcode: 2, claimedLength: 1n << 63n, lengthForm: 64 }), 1002, 'WS_ERR_INVALID_PAYLOAD_LENGTH'],
    ['invalid UTF-8 text (bad continuation byte)', f({ opcode: 1, payload: Buffer.from([0x61, 0xc3, 0x28]) }), 1007, 'WS_ERR_INVALID_UTF8'],
    ['invalid UTF-8 text (UTF-16 surrogate)', f({ opcode: 1, payload: Buffer.from([0xed, 0xa0, 0x80]) }), 1007, 'WS_ERR_INVALID_UTF8'],
    ['invalid UTF-8 text (overlong)', f({ opcode: 1, payload: Buffer.from([0xc0, 0xaf]) }), 1007, 'WS_ERR_INVALID_UTF8'],
    ['invalid UTF-8 text (above U+10FFFF)', f({ opcode: 1, payload: Buffer.from([0xf4, 0x90, 0x80, 0x80]) }), 1007, 'WS_ERR_INVALID_UTF8'],
    ['UTF-8 cut short at the end of a message', f({ opcode: 1, payload: Buffer.from([0x61, 0xe2, 0x82]) }), 1007, 'WS_ERR_INVALID_UTF8'],
    ['a 1-byte close payload', f({ opcode: 8, payload: Buffer.from([0x03]) }), 1002, 'WS_ERR_INVALID_CLOSE_PAYLOAD'],
    ['an invalid UTF-8 close reason', f({ opcode: 8, payload: Buffer.concat([closePayload(1000), Buffer.from([0xff, 0xfe])]) }), 1007, 'WS_ERR_INVALID_UTF8'],
  ];
  for (const [name, bytes, code, errorCode] of cases) {
    it(`${name} => ${code}`, async () => {
      const r = await expectFailedWith(bytes, code, errorCode);
      // a failed connection delivers no message from the bad frames
      expect(r.of('message').filter((m) => m.dir === 'in')).toEqual([]);
    });
  }

  it('a frame split across many TCP writes is still judged (RSV2 one byte at a time)', async () => {
    const { r, peer } = await open();
    const bytes = f({ opcode: 1, payload: 'split', rsv2: true });
    for (const b of bytes) peer.send(Buffer.from([b]));
    expect((await peer.nextClose()).code).toBe(1002);
    peer.socket.end();
    expect(await r.closed()).toMatchObject({ initiator: 'client', wasClean: false });
  });

  it('a fragmented text message whose first fragment is invalid UTF-8 fails before the final fragment is sent', async () => {
    const { r, peer } = await open();
    peer.sendFrame({ opcode: 1, fin: false, payload: Buffer.from([0x61, 0xff]) });
    // The close arrives although the message is not finished: fail-fast.
    const close = await peer.nextClose();
    expect(close.code).toBe(1007);
    expect(r.of('error')[0]).toMatchObject({ code: 'WS_ERR_INVALID_UTF8', closeCode: 1007, fatal: true });
    // Only now does the rest of the message go out; it changes nothing.
    peer.sendFrame({ opcode: 0, fin: true, payload: 'b' });
    peer.socket.end();
    const ev = await r.closed();
    expect(ev).toMatchObject({ initiator: 'client', wasClean: false, sentCode: 1007 });
    expect(r.of('message').filter((m) => m.dir === 'in')).toEqual([]);
  });

  it('a UTF-8 character split across fragments is fine', async () => {
    const { r, peer } = await open();
    const euro = Buffer.from('a€', 'utf8');
    peer.sendFrame({ opcode: 1, fin: false, payload: euro.subarray(0, 2) });
    peer.sendFrame({ opcode: 0, fin: false, payload: euro.subarray(2, 3) });
    peer.sendFrame({ opcode: 9, payload: 'interleaved ping' });
    peer.sendFrame({ opcode: 0, fin: true, payload: euro.subarray(3) });
    const m = await r.waitFor('message', (e) => e.dir === 'in');
    expect(m).toMatchObject({ text: 'a€', length: 4 });
    // the ping in the middle of the message was answered
    const pong = await peer.nextFrame();
    expect(pong).toMatchObject({ opcode: 10, masked: true });
    expect(pong.payload.toString()).toBe('interleaved ping');
    peer.sendFrame({ opcode: 8, payload: closePayload(1000) });
    expect((await peer.nextClose()).code).toBe(1000);
    peer.socket.end();
    expect(await r.closed()).toMatchObject({ wasClean: true, initiator: 'server' });
  });
});

describe('permessage-deflate negotiated by hand', () => {
  const withDeflate: Responder = (req) => switchingProtocols(req, ['Sec-WebSocket-Extensions: permessage-deflate']);
  /** One compressed message body as RFC 7692 sends it: deflate, sync flush, trailer removed. */
  const compress = (data: Buffer | string) => {
    const out = deflateRawSync(typeof data === 'string' ? Buffer.from(data) : data, { finishFlush: constants.Z_SYNC_FLUSH });
    expect(out.subarray(-4).toString('hex')).toBe('0000ffff');
    return out.subarray(0, -4);
  };

  async function failsWith(frame: Buffer, closeCode: number, errorCode: string) {
    const { r, peer } = await open({ deflate: true }, withDeflate);
    expect(r.of('open')[0].extensions).toBe('permessage-deflate');
    peer.send(frame);
    expect((await peer.nextClose()).code).toBe(closeCode);
    peer.socket.end();
    expect(await r.closed()).toMatchObject({ initiator: 'client', wasClean: false, sentCode: closeCode });
    expect(r.of('error').find((e) => e.fatal)).toMatchObject({ code: errorCode, closeCode });
  }

  it('a compressed message from the server is inflated; its length is after inflation', async () => {
    const { r, peer } = await open({ deflate: true }, withDeflate);
    const text = 'inflate me, '.repeat(100);
    const body = compress(text);
    peer.sendFrame({ opcode: 1, rsv1: true, payload: body });
    const m = await r.waitFor('message', (e) => e.dir === 'in');
    expect(m).toMatchObject({ text, length: text.length, compressed: true });
    expect(r.of('frame').find((e) => e.dir === 'in')).toMatchObject({ rsv1: true, length: body.length, payload: body.toString('hex') });
    peer.sendFrame({ opcode: 8, payload: closePayload(1000) });
    await peer.nextClose();
    peer.socket.end();
    await r.closed();
  });

  it('RSV1 on a control frame => 1002', () => failsWith(f({ opcode: 9, rsv1: true, payload: 'x' }), 1002, 'WS_ERR_UNEXPECTED_RSV_1'));

  it('RSV1 on a continuation frame => 1002', () =>
    failsWith(Buffer.concat([f({ opcode: 1, fin: false, rsv1: true, payload: compress('ab') }), f({ opcode: 0, rsv1: true, payload: Buffer.alloc(0) })]), 1002, 'WS_ERR_UNEXPECTED_RSV_1'));

  it('data that does not inflate => 1007', () => failsWith(f({ opcode: 2, rsv1: true, payload: Buffer.from([0xff, 0xff, 0xff, 0xff]) }), 1007, 'WS_ERR_INFLATE'));

  it('compressed text that inflates to invalid UTF-8 => 1007', () =>
    failsWith(f({ opcode: 1, rsv1: true, payload: compress(Buffer.from([0x61, 0xff])) }), 1007, 'WS_ERR_INVALID_UTF8'));

  it('compressed data inflating past maxPayload => 1009', async () => {
    const { r, peer } = await open({ deflate: true, maxPayload: 1000 }, withDeflate);
    peer.sendFrame({ opcode: 2, rsv1: true, payload: compress(Buffer.alloc(100_000)) });
    expect((await peer.nextClose()).code).toBe(1009);
    peer.socket.end();
    expect(await r.closed()).toMatchObject({ initiator: 'client', wasClean: false });
  });

  it('a server accepting deflate that was not offered fails the handshake', async () => {
    const server = await rawServer(withDeflate);
    const r = Recorder.connect({ url: server.url() });
    recorders.push(r);
    const peer = await server.nextPeer();
    expect(peer.request.headers.some(([n]) => n.toLowerCase() === 'sec-websocket-extensions')).toBe(false);
    await r.closed();
    expect(r.of('error')[0]).toMatchObject({ code: 'WS_ERR_HANDSHAKE_EXTENSION' });
  });
});

describe('handshake edge cases', () => {
  it('frames that arrive in the same packet as the 101 are read', async () => {
    const { r, peer } = await open({}, (req) => Buffer.concat([Buffer.from(switchingProtocols(req)), f({ opcode: 1, payload: 'early' }), f({ opcode: 9, payload: 'p' })]));
    const m = await r.waitFor('message', (e) => e.dir === 'in');
    expect(m.text).toBe('early');
    expect((await peer.nextFrame()).payload.toString()).toBe('p');
    peer.sendFrame({ opcode: 8, payload: closePayload(1000) });
    await peer.nextClose();
    peer.socket.end();
    await r.closed();
  });

  it('a 101 delivered one byte at a time', async () => {
    const { r, peer } = await open({}, (req, socket) => {
      const bytes = Buffer.concat([Buffer.from(switchingProtocols(req)), f({ opcode: 2, payload: Buffer.from([1, 2, 3]) })]);
      for (const b of bytes) socket.write(Buffer.from([b]));
      return '';
    });
    expect((await r.waitFor('message', (e) => e.dir === 'in')).data).toBe('010203');
    peer.socket.end();
    expect(await r.closed()).toMatchObject({ initiator: 'none' });
  });
});

describe('after our close', () => {
  it('no automatic pong and no data once our close frame is out; the close completes', async () => {
    const { r, peer } = await open();
    r.conn.close(1000, 'done');
    const ours = await peer.nextClose();
    expect(ours.code).toBe(1000);
    peer.sendFrame({ opcode: 9, payload: 'late ping' });
    peer.sendFrame({ opcode: 1, payload: 'late data' });
    peer.sendFrame({ opcode: 8, payload: closePayload(1000) });
    await peer.waitEnd();
    const ev = await r.closed();
    expect(ev).toMatchObject({ initiator: 'client', wasClean: true, code: 1000 });
    // nothing after our close frame
    expect(peer.unread.toString('hex')).toBe('');
    expect(() => r.conn.sendText('x')).toThrow();
    expect(r.of('frame').filter((e) => e.dir === 'out' && e.opcode === 10)).toEqual([]);
  });
});

describe('closing handshakes by hand', () => {
  it('our close answered with a different code: the close event has the code and reason received', async () => {
    const { r, peer } = await open();
    r.conn.close(4001, 'bye');
    expect(await peer.nextClose()).toMatchObject({ code: 4001, reason: 'bye' });
    peer.sendFrame({ opcode: 8, payload: closePayload(1000, 'ok then') });
    await peer.waitEnd();
    const ev = await r.closed();
    expect(ev).toMatchObject({ code: 1000, reason: 'ok then', initiator: 'client', wasClean: true, sentCode: 4001, sentReason: 'bye' });
    peer.socket.end();
  });

  it('both sides close at once: one close frame each, clean, initiator client', async () => {
    const { r, peer } = await open();
    peer.sendFrame({ opcode: 8, payload: closePayload(1001, 'server') });
    r.conn.close(4000, 'client'); // before the server's close is read
    const ours = await peer.nextClose();
    expect(ours).toMatchObject({ code: 4000, reason: 'client' });
    peer.socket.end();
    const ev = await r.closed();
    expect(ev).toMatchObject({ code: 1001, reason: 'server', initiator: 'client', wasClean: true, sentCode: 4000 });
    expect(r.of('frame').filter((e) => e.dir === 'out' && e.opcode === 8)).toHaveLength(1);
    expect(peer.unread.length).toBe(0);
  });
});

describe('close codes from the server', () => {
  for (const code of [999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535]) {
    it(`close code ${code} is invalid on the wire => 1002`, async () => {
      const r = await expectFailedWith(f({ opcode: 8, payload: closePayload(code, 'x') }), 1002, 'WS_ERR_INVALID_CLOSE_CODE');
      expect(r.of('close')[0].code).toBeNull();
    });
  }

  for (const code of [1000, 1001, 1002, 1003, 1007, 1011, 1014, 3000, 4999]) {
    it(`close code ${code} is accepted and echoed`, async () => {
      const { r, peer } = await open();
      peer.sendFrame({ opcode: 8, payload: closePayload(code, 'reason ✓') });
      const echo = await peer.nextClose();
      expect(echo.code).toBe(code);
      expect(echo.before).toEqual([]);
      peer.socket.end();
      const ev = await r.closed();
      expect(ev).toMatchObject({ code, reason: 'reason ✓', initiator: 'server', wasClean: true, sentCode: code });
      expect(r.of('error')).toEqual([]);
      expect(r.of('state').map((s) => s.state)).toEqual(['connecting', 'open', 'closing', 'closed']);
    });
  }

  it('an empty close payload is echoed empty, and the close event has code null', async () => {
    const { r, peer } = await open();
    peer.sendFrame({ opcode: 8 });
    const echo = await peer.nextClose();
    expect(echo.frame.payload.length).toBe(0);
    peer.socket.end();
    expect(await r.closed()).toMatchObject({ code: null, reason: '', initiator: 'server', wasClean: true });
  });
});

describe('maxPayload', () => {
  it('a message larger than maxPayload => 1009', async () => {
    await expectFailedWith(f({ opcode: 2, payload: Buffer.alloc(101) }), 1009, 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', { maxPayload: 100 });
  });

  it('exactly maxPayload is accepted', async () => {
    const { r, peer } = await open({ maxPayload: 100 });
    peer.sendFrame({ opcode: 2, payload: Buffer.alloc(100, 1) });
    const m = await r.waitFor('message', (e) => e.dir === 'in');
    expect(m.length).toBe(100);
    peer.sendFrame({ opcode: 8, payload: closePayload(1000) });
    await peer.nextClose();
    peer.socket.end();
    await r.closed();
  });

  it('fragments adding up past maxPayload => 1009 on the fragment that passes it', async () => {
    const r = await expectFailedWith(
      Buffer.concat([f({ opcode: 2, fin: false, payload: Buffer.alloc(60) }), f({ opcode: 0, fin: true, payload: Buffer.alloc(60) })]),
      1009,
      'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH',
      { maxPayload: 100 },
    );
    expect(r.of('frame').filter((e) => e.dir === 'in')).toHaveLength(1);
  });

  it('a 64-bit header claiming 2^40 bytes fails at once, from the header alone', async () => {
    const before = process.memoryUsage().arrayBuffers;
    // Only the 10 header bytes are ever sent: if the client waited for the
    // payload (or tried to allocate it) no close frame would come.
    const r = await expectFailedWith(f({ opcode: 2, claimedLength: 2n ** 40n, lengthForm: 64 }), 1009, 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH');
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
    expect(r.of('frame').filter((e) => e.dir === 'in')).toEqual([]);
  });

  it('a ping header claiming 2^40 bytes fails at once too', async () => {
    await expectFailedWith(f({ opcode: 9, claimedLength: 2n ** 40n, lengthForm: 64 }), 1002);
  });
});

describe('failed handshakes send no frame', () => {
  const bad101: [string, Responder, string, Partial<ConnectOptions>][] = [
    ['a wrong Sec-WebSocket-Accept', (req) => switchingProtocols({ ...req, key: 'dGhlIHNhbXBsZSBub25jZQ==' }), 'WS_ERR_HANDSHAKE_ACCEPT', {}],
    [
      'a missing Upgrade header',
      (req) => `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(req.key)}\r\n\r\n`,
      'WS_ERR_HANDSHAKE_UPGRADE',
      {},
    ],
    [
      'a missing Connection header',
      (req) => `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: ${acceptKey(req.key)}\r\n\r\n`,
      'WS_ERR_HANDSHAKE_CONNECTION',
      {},
    ],
    ['a subprotocol that was not offered (none offered)', (req) => switchingProtocols(req, ['Sec-WebSocket-Protocol: evil']), 'WS_ERR_HANDSHAKE_PROTOCOL', {}],
    [
      'a subprotocol that was not offered (others offered)',
      (req) => switchingProtocols(req, ['Sec-WebSocket-Protocol: evil']),
      'WS_ERR_HANDSHAKE_PROTOCOL',
      { subprotocols: ['good', 'better'] },
    ],
    ['an extension that was not offered (none offered)', (req) => switchingProtocols(req, ['Sec-WebSocket-Extensions: permessage-deflate']), 'WS_ERR_HANDSHAKE_EXTENSION', {}],
    [
      'an extension that was not offered (deflate offered)',
      (req) => switchingProtocols(req, ['Sec-WebSocket-Extensions: x-webkit-deflate-frame']),
      'WS_ERR_HANDSHAKE_EXTENSION',
      { deflate: true },
    ],
  ];

  for (const [name, respond, errorCode, options] of bad101) {
    it(`${name}: error, close by the client, not clean, and nothing after the request`, async () => {
      // Frames right behind the bad 101 (a ping, a close) must get no answer either.
      const server = await rawServer((req, socket) =>
        Buffer.concat([Buffer.from(respond(req, socket)), f({ opcode: 9, payload: 'ping?' }), f({ opcode: 8, payload: closePayload(1000) })]),
      );
      const r = Recorder.connect({ url: server.url(), ...options });
      recorders.push(r);
      const peer = await server.nextPeer();
      const ev = await r.closed();
      await peer.waitEnd();
      expect(peer.received.toString('hex')).toBe('');
      expect(ev).toMatchObject({ initiator: 'client', wasClean: false, code: null });
      const errors = r.of('error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ code: errorCode, fatal: true });
      expect(errors[0].closeCode).toBeUndefined();
      expect(r.of('handshake-response')[0].status).toBe(101);
      expect(r.of('state').map((s) => s.state)).toEqual(['connecting', 'closed']);
      expect(r.of('open')).toEqual([]);
      expect(r.of('frame').filter((e) => e.dir === 'out')).toEqual([]);
    });
  }

  it('a 403 with a body: handshake-response with status and body, then an error', async () => {
    const body = 'forbidden here';
    const server = await rawServer(() => `HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    const r = Recorder.connect({ url: server.url() });
    recorders.push(r);
    const peer = await server.nextPeer();
    const ev = await r.closed();
    await peer.waitEnd();
    expect(peer.received.length).toBe(0);
    const resp = r.of('handshake-response')[0];
    expect(resp).toMatchObject({ status: 403, statusText: 'Forbidden', body });
    expect(resp.headers).toContainEqual(['Content-Type', 'text/plain']);
    const err = r.of('error');
    expect(err).toHaveLength(1);
    expect(err[0]).toMatchObject({ code: 'WS_ERR_HANDSHAKE_STATUS', fatal: true });
    expect(err[0].message).toContain('403');
    expect(resp.seq).toBeLessThan(err[0].seq);
    expect(ev).toMatchObject({ initiator: 'client', wasClean: false, code: null });
    expect(r.of('state').map((s) => s.state)).toEqual(['connecting', 'closed']);
  });

  it('a 500 whose body ends with the connection (no Content-Length)', async () => {
    const server = await rawServer((_req, socket) => {
      socket.end('HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n\r\nsomething broke\n');
      return '';
    });
    const r = Recorder.connect({ url: server.url() });
    recorders.push(r);
    await server.nextPeer();
    await r.closed();
    expect(r.of('handshake-response')[0]).toMatchObject({ status: 500, body: 'something broke\n' });
    expect(r.of('error')[0]).toMatchObject({ code: 'WS_ERR_HANDSHAKE_STATUS' });
  });

  it('a 400 with a chunked body sent in pieces, on a connection the server keeps open', async () => {
    const server = await rawServer((_req, socket) => {
      socket.write('HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n');
      socket.write('b\r\nbad re');
      socket.write('quest\r\n');
      socket.write('5\r\n: no!\r\n0\r\n\r\n');
      return '';
    });
    const r = Recorder.connect({ url: server.url() });
    recorders.push(r);
    const peer = await server.nextPeer();
    await r.closed();
    expect(r.of('handshake-response')[0]).toMatchObject({ status: 400, statusText: 'Bad Request', body: 'bad request: no!' });
    expect(r.of('error')[0]).toMatchObject({ code: 'WS_ERR_HANDSHAKE_STATUS', fatal: true });
    await peer.waitEnd();
    expect(peer.received.length).toBe(0);
  });

  it('a server that never answers the upgrade: connect timeout, and the socket is dropped', async () => {
    const server = await rawServer(() => '');
    const r = Recorder.connect({ url: server.url(), connectTimeout: 300 });
    recorders.push(r);
    const peer = await server.nextPeer();
    const ev = await r.closed();
    expect(ev).toMatchObject({ initiator: 'client', wasClean: false, code: null });
    expect(r.of('error')).toEqual([expect.objectContaining({ code: 'WS_ERR_CONNECT_TIMEOUT', fatal: true })]);
    expect(r.of('state').map((s) => s.state)).toEqual(['connecting', 'closed']);
    await peer.waitEnd();
    expect(peer.received.length).toBe(0);
  });

  it('close() while the upgrade is unanswered abandons the connection without a frame', async () => {
    const server = await rawServer(() => '');
    const r = Recorder.connect({ url: server.url() });
    recorders.push(r);
    const peer = await server.nextPeer();
    r.conn.close(1000);
    const ev = await r.closed();
    expect(ev).toMatchObject({ initiator: 'client', wasClean: false });
    expect(r.of('error')[0]).toMatchObject({ code: 'WS_ERR_ABORTED', fatal: true });
    await peer.waitEnd();
    expect(peer.received.length).toBe(0);
  });

  it('a server that closes before answering the upgrade', async () => {
    const server = await rawServer((_req, socket) => {
      socket.end();
      return '';
    });
    const r = Recorder.connect({ url: server.url() });
    recorders.push(r);
    await server.nextPeer();
    const ev = await r.closed();
    expect(ev).toMatchObject({ initiator: 'client', wasClean: false });
    expect(r.of('error')[0]).toMatchObject({ code: 'WS_ERR_HANDSHAKE_EOF', fatal: true });
    expect(r.of('handshake-response')).toEqual([]);
  });
});

describe('lenient mode', () => {
  /** Sends the bytes; expects a non-fatal error, then checks the connection is still usable both ways and closes cleanly. */
  async function lenientCase(bytes: Buffer, errorCode: string) {
    const { r, peer } = await open({ lenient: true });
    peer.send(bytes);
    // A normal message behind the bad frame comes through.
    peer.sendFrame({ opcode: 1, payload: 'still fine' });
    await r.waitFor('message', (e) => e.dir === 'in' && e.text === 'still fine');
    const errors = r.of('error');
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors.every((e) => e.fatal === false)).toBe(true);
    expect(errors.map((e) => e.code)).toContain(errorCode);
    expect(r.conn.state).toBe('open');

    r.conn.sendText('client can still send');
    const frames = [];
    let fr = await peer.nextFrame();
    while (!(fr.opcode === 1 && fr.payload.toString() === 'client can still send')) {
      frames.push(fr);
      fr = await peer.nextFrame();
    }
    // Whatever the client answered before must itself be a valid frame.
    for (const x of frames) {
      expect(x.masked).toBe(true);
      if (x.opcode >= 8) expect(x.length).toBeLessThanOrEqual(125);
      expect(x.opcode).not.toBe(8);
    }
    peer.sendFrame({ opcode: 8, payload: closePayload(1000, 'bye') });
    expect((await peer.nextClose()).code).toBe(1000);
    peer.socket.end();
    const ev = await r.closed();
    expect(ev).toMatchObject({ code: 1000, reason: 'bye', initiator: 'server', wasClean: true });
    return { r, frames };
  }

  it('RSV1 without an extension is logged, not fatal', async () => {
    const { r } = await lenientCase(f({ opcode: 1, payload: 'rsv1', rsv1: true }), 'WS_ERR_UNEXPECTED_RSV_1');
    expect(r.of('frame').find((e) => e.dir === 'in' && e.rsv1)).toBeDefined();
  });

  it('RSV2 and RSV3 are logged, not fatal', async () => {
    const { r } = await lenientCase(
      Buffer.concat([f({ opcode: 2, payload: 'a', rsv2: true }), f({ opcode: 2, payload: 'b', rsv3: true })]),
      'WS_ERR_UNEXPECTED_RSV_2',
    );
    expect(r.of('error').map((e) => e.code)).toContain('WS_ERR_UNEXPECTED_RSV_3');
  });

  it('a reserved opcode is logged, not fatal', async () => {
    const { r } = await lenientCase(f({ opcode: 3, payload: 'what' }), 'WS_ERR_INVALID_OPCODE');
    expect(r.of('frame').find((e) => e.dir === 'in' && e.opcode === 3)).toMatchObject({ payload: Buffer.from('what').toString('hex') });
  });

  it('a masked frame is logged, not fatal, and read unmasked', async () => {
    const { r } = await lenientCase(f({ opcode: 1, payload: 'masked!', maskKey: Buffer.from([9, 8, 7, 6]) }), 'WS_ERR_UNEXPECTED_MASK');
    expect(r.of('frame').find((e) => e.dir === 'in' && e.masked)).toMatchObject({ maskKey: '09080706', payload: Buffer.from('masked!').toString('hex') });
    expect(r.of('message').find((m) => m.dir === 'in')).toMatchObject({ text: 'masked!' });
  });

  it('an oversized ping is logged, not fatal (and never answered with an oversized pong)', async () => {
    const { frames } = await lenientCase(f({ opcode: 9, payload: text126 }), 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH');
    expect(frames.filter((x) => x.opcode === 10 && x.length > 125)).toEqual([]);
  });

  it('invalid UTF-8 is logged, not fatal; the message is kept as bytes', async () => {
    const { r } = await lenientCase(f({ opcode: 1, payload: Buffer.from([0x61, 0xff, 0x62]) }), 'WS_ERR_INVALID_UTF8');
    expect(r.of('message').find((m) => m.dir === 'in')).toMatchObject({ opcode: 1, length: 3, data: '61ff62', invalidUtf8: true });
  });

  it('lenient mode still fails what it cannot let pass (a continuation without a start)', async () => {
    await expectFailedWith(f({ opcode: 0, payload: 'x' }), 1002, 'WS_ERR_UNEXPECTED_CONTINUATION', { lenient: true });
  });
});

describe('ends, timeouts and heartbeats', () => {
  it('the server ends the TCP connection without a close frame', async () => {
    const { r, peer } = await open();
    peer.socket.end();
    const ev = await r.closed();
    expect(ev).toMatchObject({ initiator: 'none', wasClean: false, code: null, reason: '' });
    expect(r.of('state').map((s) => s.state)).toEqual(['connecting', 'open', 'closed']);
    await peer.waitEnd();
    expect(peer.received.length).toBe(0);
  });

  it('the server destroys the socket (reset) mid-message', async () => {
    const { r, peer } = await open();
    peer.sendFrame({ opcode: 1, fin: false, payload: 'half' });
    await r.waitFor('frame', (e) => e.dir === 'in');
    peer.socket.resetAndDestroy();
    const ev = await r.closed();
    expect(ev).toMatchObject({ wasClean: false, code: null });
    expect(r.of('message')).toEqual([]);
  });

  it('a server that never answers our close: after closeTimeout, not clean, WS_ERR_CLOSE_TIMEOUT', async () => {
    const { r, peer } = await open({ closeTimeout: 300 });
    r.conn.close(1000, 'please');
    const close = await peer.nextClose();
    expect(close).toMatchObject({ code: 1000, reason: 'please' });
    const ev = await r.closed();
    expect(ev).toMatchObject({ initiator: 'client', wasClean: false, code: null, sentCode: 1000 });
    const err = r.of('error');
    expect(err).toHaveLength(1);
    expect(err[0]).toMatchObject({ code: 'WS_ERR_CLOSE_TIMEOUT', fatal: true });
    expect(err[0].seq).toBeLessThan(ev.seq);
    const closing = r.of('state').find((s) => s.state === 'closing')!;
    expect(ev.t - closing.t).toBeGreaterThanOrEqual(250);
    // the socket was torn down
    await peer.waitEnd();
  });

  it('a server that answers the close but keeps the TCP connection: clean, with a non-fatal timeout error', async () => {
    const server = await RawWsServer.start(undefined, { allowHalfOpen: true });
    servers.push(server);
    const r = Recorder.connect({ url: server.url(), closeTimeout: 300 });
    recorders.push(r);
    const peer = await server.nextPeer();
    await r.open();
    r.conn.close(4000);
    await peer.nextClose();
    peer.sendFrame({ opcode: 8, payload: closePayload(4000) });
    // the client ends its side once the handshake is done; this server does not
    await peer.waitEnd();
    const ev = await r.closed();
    expect(ev).toMatchObject({ code: 4000, initiator: 'client', wasClean: true });
    expect(r.of('error')[0]).toMatchObject({ code: 'WS_ERR_CLOSE_TIMEOUT', fatal: false });
    await peer.waitEnd();
  });

  it('a failed connection whose server never closes the TCP connection still ends (close timeout)', async () => {
    const { r, peer } = await open({ closeTimeout: 300 });
    peer.sendFrame({ opcode: 1, payload: 'x', rsv2: true });
    expect((await peer.nextClose()).code).toBe(1002);
    const ev = await r.closed();
    expect(ev).toMatchObject({ initiator: 'client', wasClean: false });
    expect(r.of('error').map((e) => e.code)).toContain('WS_ERR_UNEXPECTED_RSV_2');
  });

  describe('with a ws server', () => {
    let wss: WebSocketServer;
    const start = async (autoPong: boolean) => {
      wss = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong });
      await new Promise<void>((resolve) => wss.once('listening', resolve));
      const connected = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
      servers.push({
        close: () =>
          new Promise<void>((resolve) => {
            for (const c of wss.clients) c.terminate();
            wss.close(() => resolve());
          }),
      });
      return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`, connected };
    };

    it('pong timeout: a server that never pongs => WS_ERR_PONG_TIMEOUT and close 1011', async () => {
      const { url, connected } = await start(false);
      const r = Recorder.connect({ url, pingInterval: 100, closeTimeout: 5000, proxy: '' });
      recorders.push(r);
      const ws = await within(connected, 'a connection at the ws server');
      const pings: Buffer[] = [];
      ws.on('ping', (d: Buffer) => pings.push(Buffer.from(d)));
      const serverClosed = new Promise<number>((resolve) => ws.on('close', (code: number) => resolve(code)));
      const ev = await r.closed();
      expect(await within(serverClosed, 'the ws server to see the close')).toBe(1011);
      expect(pings.length).toBeGreaterThanOrEqual(1);
      const err = r.of('error').find((e) => e.code === 'WS_ERR_PONG_TIMEOUT');
      expect(err).toMatchObject({ fatal: true, closeCode: 1011 });
      expect(ev).toMatchObject({ initiator: 'client', wasClean: false, sentCode: 1011 });
      const outPing = r.of('frame').find((e) => e.dir === 'out' && e.opcode === 9)!;
      expect(Buffer.from(outPing.payload, 'hex').equals(pings[0])).toBe(true);
    });

    it('heartbeat pings answered by the server keep the connection open', async () => {
      const { url, connected } = await start(true);
      const r = Recorder.connect({ url, pingInterval: 100 });
      recorders.push(r);
      const ws = await within(connected, 'a connection at the ws server');
      const answered = () => r.of('frame').filter((e) => e.dir === 'in' && e.opcode === 10 && typeof e.rttMs === 'number').length;
      await r.waitFor('frame', () => answered() >= 4);
      expect(r.conn.state).toBe('open');
      expect(r.of('error')).toEqual([]);
      const serverClosed = new Promise<number>((resolve) => ws.on('close', (code: number) => resolve(code)));
      r.conn.close(1000);
      expect(await within(serverClosed, 'the ws server to see the close')).toBe(1000);
      expect(await r.closed()).toMatchObject({ wasClean: true, code: 1000 });
    });
  });
});
