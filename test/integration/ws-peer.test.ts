/**
 * `Connection` against the `ws` package's server, an independent RFC 6455
 * implementation, on real loopback sockets. Every test waits on events or
 * promises, never on time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket, type ServerOptions } from 'ws';
import { RawWsServer, Recorder, orderProblems, within } from '../support/raw-ws-server.js';
import type { FrameLogEvent, LogEvent } from '../../shared/log-events.js';

interface Received {
  data: Buffer;
  isBinary: boolean;
}

/** One connection on the ws server, with what it received kept in order. */
class Peer {
  readonly messages: Received[] = [];
  readonly pongs: Buffer[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];

  constructor(
    readonly ws: WebSocket,
    readonly req: IncomingMessage,
  ) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      this.messages.push({ data: Buffer.from(data), isBinary });
      this.wake();
    });
    ws.on('pong', (data: Buffer) => {
      this.pongs.push(Buffer.from(data));
      this.wake();
    });
    ws.on('error', () => undefined);
    this.closed = new Promise((resolve) => ws.on('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString('utf8') })));
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** The n-th message received (0-based); waits for it. */
  message(n: number): Promise<Received> {
    return within(this.until(() => this.messages[n]), `message #${n} at the ws server`);
  }

  pong(n: number): Promise<Buffer> {
    return within(this.until(() => this.pongs[n]), `pong #${n} at the ws server`);
  }

  closedWithin(): Promise<{ code: number; reason: string }> {
    return within(this.closed, 'the ws server to see the connection close');
  }

  private async until<T>(get: () => T | undefined): Promise<T> {
    for (let v = get(); ; v = get()) {
      if (v !== undefined) return v;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  /** Sends and resolves once ws has handed the data to the socket. */
  send(data: string | Buffer, opts: { fin?: boolean; binary?: boolean; compress?: boolean } = {}): Promise<void> {
    return new Promise((resolve, reject) => this.ws.send(data, opts, (err) => (err ? reject(err) : resolve())));
  }
}

class WsServer {
  private queue: Peer[] = [];
  private waiting: ((p: Peer) => void)[] = [];

  private constructor(readonly wss: WebSocketServer) {
    wss.on('connection', (ws, req) => {
      const p = new Peer(ws, req);
      const w = this.waiting.shift();
      if (w) w(p);
      else this.queue.push(p);
    });
  }

  static async start(options: ServerOptions = {}): Promise<WsServer> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, ...options });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    return new WsServer(wss);
  }

  url(path = '/'): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}${path}`;
  }

  next(): Promise<Peer> {
    const p = this.queue.shift();
    return p ? Promise.resolve(p) : within(new Promise((r) => this.waiting.push(r)), 'a connection at the ws server');
  }

  close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    return new Promise((r) => this.wss.close(() => r()));
  }
}

const servers: { close(): Promise<void> }[] = [];
const recorders: Recorder[] = [];

async function wsServer(options: ServerOptions = {}): Promise<WsServer> {
  const s = await WsServer.start(options);
  servers.push(s);
  return s;
}

/** Connects, and waits for both sides to be open. */
async function connect(server: WsServer, options: Partial<Parameters<typeof Recorder.connect>[0]> = {}, path = '/') {
  const r = Recorder.connect({ url: server.url(path), ...options });
  recorders.push(r);
  const peer = await server.next();
  await r.open();
  return { r, peer, conn: r.conn };
}

afterEach(async () => {
  // Every connection must end with a log that keeps the order rules.
  const rs = recorders.splice(0);
  for (const r of rs) {
    if (r.conn.state === 'open') r.conn.close(1000);
    await r.closed();
  }
  for (const s of servers.splice(0)) await s.close();
  for (const r of rs) expect(orderProblems(r.events), r.dump()).toEqual([]);
});

const frames = (events: LogEvent[], dir: 'in' | 'out', opcodes?: number[]): FrameLogEvent[] =>
  events.filter((e): e is FrameLogEvent => e.type === 'frame' && e.dir === dir && (!opcodes || opcodes.includes(e.opcode)));

const hexOf = (s: string | Buffer) => (typeof s === 'string' ? Buffer.from(s, 'utf8') : s).toString('hex');

describe('data messages against ws', () => {
  it('sends and receives text, with frame and message events describing them', async () => {
    const server = await wsServer();
    const { r, peer, conn } = await connect(server);

    const text = 'héllo, wörld ✓';
    const before = r.events.length;
    conn.sendText(text);
    const got = await peer.message(0);
    expect(got.isBinary).toBe(false);
    expect(got.data.toString('utf8')).toBe(text);

    const [out] = frames(r.events.slice(before), 'out');
    expect(out).toMatchObject({ fin: true, rsv1: false, rsv2: false, rsv3: false, masked: true, opcode: 1, length: Buffer.byteLength(text), payload: hexOf(text) });
    expect(out.maskKey).toMatch(/^[0-9a-f]{8}$/);
    const outMsg = r.events.slice(before).find((e) => e.type === 'message' && e.dir === 'out');
    expect(outMsg).toMatchObject({ opcode: 1, length: Buffer.byteLength(text), text });

    const reply = 'ответ: 🙂';
    await peer.send(reply);
    const msg = await r.waitFor('message', (e) => e.dir === 'in');
    expect(msg).toMatchObject({ opcode: 1, length: Buffer.byteLength(reply), text: reply });
    const [inFrame] = frames(r.events, 'in', [1]);
    expect(inFrame).toMatchObject({ fin: true, rsv1: false, rsv2: false, rsv3: false, masked: false, maskKey: null, opcode: 1, length: Buffer.byteLength(reply), payload: hexOf(reply) });
    expect(inFrame.seq).toBeLessThan(msg.seq);
  });

  it('sends and receives binary with the exact bytes both ways', async () => {
    const server = await wsServer();
    const { r, peer, conn } = await connect(server);
    const data = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(300)]);

    conn.sendBinary(data);
    const got = await peer.message(0);
    expect(got.isBinary).toBe(true);
    expect(got.data.equals(data)).toBe(true);
    const [out] = frames(r.events, 'out', [2]);
    expect(out).toMatchObject({ fin: true, masked: true, opcode: 2, length: data.length, payload: data.toString('hex') });
    expect(out.maskKey).toMatch(/^[0-9a-f]{8}$/);

    const back = randomBytes(200);
    back[0] = 0x00;
    back[1] = 0xff;
    await peer.send(back, { binary: true });
    const msg = await r.waitFor('message', (e) => e.dir === 'in');
    expect(msg).toMatchObject({ opcode: 2, length: 200, data: back.toString('hex') });
    expect(msg.text).toBeUndefined();
    const [inFrame] = frames(r.events, 'in', [2]);
    expect(inFrame).toMatchObject({ fin: true, masked: false, maskKey: null, length: 200, payload: back.toString('hex') });
  });

  it('an empty text message and an empty binary message', async () => {
    const server = await wsServer();
    const { r, peer, conn } = await connect(server);
    conn.sendText('');
    conn.sendBinary(new Uint8Array(0));
    expect((await peer.message(0)).data.length).toBe(0);
    expect((await peer.message(1)).isBinary).toBe(true);
    await peer.send('');
    const m = await r.waitFor('message', (e) => e.dir === 'in');
    expect(m).toMatchObject({ opcode: 1, length: 0, text: '' });
  });

  it('receives a message the server sends in fragments', async () => {
    const server = await wsServer();
    const { r, peer } = await connect(server);
    await peer.send('abc', { fin: false });
    await peer.send('déf', { fin: false });
    await peer.send('ghi', { fin: true });
    const msg = await r.waitFor('message', (e) => e.dir === 'in');
    expect(msg).toMatchObject({ opcode: 1, text: 'abcdéfghi', length: Buffer.byteLength('abcdéfghi') });
    const fs = frames(r.events, 'in');
    expect(fs.map((f) => [f.opcode, f.fin])).toEqual([
      [1, false],
      [0, false],
      [0, true],
    ]);
    expect(fs.map((f) => f.payload)).toEqual([hexOf('abc'), hexOf('déf'), hexOf('ghi')]);
    expect(r.of('message').filter((m) => m.dir === 'in')).toHaveLength(1);

    // binary too, with a UTF-8 character split across two fragments of a text message after it
    await peer.send(Buffer.from([1, 2]), { fin: false, binary: true });
    await peer.send(Buffer.from([3]), { fin: true, binary: true });
    const euro = Buffer.from('€', 'utf8');
    await peer.send(euro.subarray(0, 1), { fin: false, binary: false });
    await peer.send(euro.subarray(1), { fin: true, binary: false });
    const bin = await r.waitFor('message', (e) => e.dir === 'in' && e.opcode === 2);
    expect(bin).toMatchObject({ length: 3, data: '010203' });
    const split = await r.waitFor('message', (e) => e.dir === 'in' && e.text === '€');
    expect(split.length).toBe(3);
  });

  it('sends a message in N fragments that the server receives whole', async () => {
    const server = await wsServer();
    const { r, peer, conn } = await connect(server);
    const text = 'fragmented message, '.repeat(50);
    const before = r.events.length;
    conn.sendText(text, 4);
    const got = await peer.message(0);
    expect(got.data.toString('utf8')).toBe(text);
    expect(peer.messages).toHaveLength(1);
    const fs = frames(r.events.slice(before), 'out');
    expect(fs.map((f) => [f.opcode, f.fin])).toEqual([
      [1, false],
      [0, false],
      [0, false],
      [0, true],
    ]);
    expect(fs.every((f) => f.masked && /^[0-9a-f]{8}$/.test(f.maskKey!))).toBe(true);
    expect(Buffer.from(fs.map((f) => f.payload).join(''), 'hex').toString('utf8')).toBe(text);
    expect(fs.reduce((n, f) => n + f.length, 0)).toBe(text.length);
    // one message event for the whole message
    expect(r.of('message').filter((m) => m.dir === 'out')).toEqual([expect.objectContaining({ opcode: 1, length: text.length, text })]);

    const bin = randomBytes(1000);
    conn.sendBinary(bin, 3);
    const gotBin = await peer.message(1);
    expect(gotBin.isBinary).toBe(true);
    expect(gotBin.data.equals(bin)).toBe(true);
  });
});

describe('ping and pong against ws', () => {
  it('answers a server ping automatically with the same payload', async () => {
    const server = await wsServer();
    const { r, peer } = await connect(server);
    peer.ws.ping(Buffer.from('are you there?'));
    const pong = await peer.pong(0);
    expect(pong.toString()).toBe('are you there?');
    const inPing = await r.waitFor('frame', (f) => f.dir === 'in' && f.opcode === 9);
    const outPong = await r.waitFor('frame', (f) => f.dir === 'out' && f.opcode === 10);
    expect(inPing.payload).toBe(hexOf('are you there?'));
    expect(outPong).toMatchObject({ payload: hexOf('are you there?'), masked: true, fin: true });
    expect(outPong.seq).toBeGreaterThan(inPing.seq);
  });

  it('with autoPong off sends no pong', async () => {
    const server = await wsServer();
    const { r, peer, conn } = await connect(server, { autoPong: false });
    peer.ws.ping(Buffer.from('hello?'));
    await r.waitFor('frame', (f) => f.dir === 'in' && f.opcode === 9);
    // A pong would have been written before this message: TCP keeps the order.
    conn.sendText('after the ping');
    await peer.message(0);
    expect(peer.pongs).toEqual([]);
    expect(frames(r.events, 'out', [10])).toEqual([]);
    // a pong sent by hand does arrive
    conn.pong(Buffer.from('manual'));
    expect((await peer.pong(0)).toString()).toBe('manual');
  });

  it('a ping of ours gets a pong frame event with rttMs', async () => {
    const server = await wsServer();
    const { r, conn } = await connect(server);
    conn.ping(Buffer.from('p-1'));
    const pong = await r.waitFor('frame', (f) => f.dir === 'in' && f.opcode === 10);
    expect(pong.payload).toBe(hexOf('p-1'));
    expect(typeof pong.rttMs).toBe('number');
    expect(pong.rttMs!).toBeGreaterThanOrEqual(0);
    expect(pong.rttMs!).toBeLessThan(10_000);
  });

  it('an unsolicited pong from the server has no rttMs', async () => {
    const server = await wsServer();
    const { r, peer } = await connect(server);
    peer.ws.pong(Buffer.from('unasked'));
    const pong = await r.waitFor('frame', (f) => f.dir === 'in' && f.opcode === 10);
    expect(pong.payload).toBe(hexOf('unasked'));
    expect(pong.rttMs).toBeUndefined();
  });
});

describe('closing handshake against ws', () => {
  it('client closes with 4001 "bye"', async () => {
    const server = await wsServer();
    const { r, peer, conn } = await connect(server);
    conn.close(4001, 'bye');
    const seen = await peer.closedWithin();
    expect(seen).toEqual({ code: 4001, reason: 'bye' });
    const close = await r.closed();
    expect(close).toMatchObject({ code: 4001, reason: 'bye', initiator: 'client', wasClean: true, sentCode: 4001, sentReason: 'bye' });
    const out = frames(r.events, 'out', [8]);
    expect(out).toHaveLength(1);
    expect(out[0].payload).toBe('0fa1' + hexOf('bye'));
    expect(r.of('error')).toEqual([]);
    // done settles with the engine's close event: the same close, without the log's seq
    expect({ ...(await r.conn.done), seq: close.seq }).toEqual(close);
  });

  it('server closes with 1001 "going"; the client echoes 1001', async () => {
    const server = await wsServer();
    const { r, peer } = await connect(server);
    peer.ws.close(1001, 'going');
    const close = await r.closed();
    expect(close).toMatchObject({ code: 1001, reason: 'going', initiator: 'server', wasClean: true, sentCode: 1001 });
    expect((await peer.closedWithin()).code).toBe(1001);
    const out = frames(r.events, 'out', [8]);
    expect(out).toHaveLength(1);
    expect(out[0].payload.slice(0, 4)).toBe('03e9');
    const inClose = frames(r.events, 'in', [8]);
    expect(inClose[0].payload).toBe('03e9' + hexOf('going'));
    expect(inClose[0].seq).toBeLessThan(out[0].seq);
    expect(r.of('error')).toEqual([]);
  });

  it('a close with no code: code null, and the server sees 1005', async () => {
    const server = await wsServer();
    const { r, peer, conn } = await connect(server);
    conn.close();
    expect((await peer.closedWithin()).code).toBe(1005);
    const close = await r.closed();
    expect(close).toMatchObject({ code: null, reason: '', initiator: 'client', wasClean: true });
  });
});

describe('permessage-deflate against ws', () => {
  const texts = [
    'the quick brown fox jumps over the lazy dog',
    'the quick brown fox jumps over the lazy dog',
    'the quick brown fox jumps over the lazy dog, again and again',
    '{"id":1,"items":[1,2,3],"name":"framescope"}',
    '{"id":2,"items":[1,2,3],"name":"framescope"}',
    'ünïcödé ✓ 🙂',
  ];

  for (const [label, deflateOptions] of [
    ['with context takeover', { threshold: 0 }],
    ['without context takeover', { threshold: 0, serverNoContextTakeover: true, clientNoContextTakeover: true }],
  ] as const) {
    it(`several messages in a row both ways, ${label}`, async () => {
      const server = await wsServer({ perMessageDeflate: deflateOptions });
      const { r, peer, conn } = await connect(server, { deflate: true });
      const open = r.of('open')[0];
      expect(open.extensions).toMatch(/^permessage-deflate/);
      if ('serverNoContextTakeover' in deflateOptions) {
        expect(open.extensions).toContain('server_no_context_takeover');
        expect(open.extensions).toContain('client_no_context_takeover');
      }

      for (const t of texts) await peer.send(t);
      for (let i = 0; i < texts.length; i++) conn.sendText(texts[i]);
      for (let i = 0; i < texts.length; i++) expect((await peer.message(i)).data.toString('utf8')).toBe(texts[i]);

      await r.waitFor('message', (m) => m.dir === 'in' && m.text === texts[texts.length - 1]);
      const inMsgs = r.of('message').filter((m) => m.dir === 'in');
      expect(inMsgs.map((m) => m.text)).toEqual(texts);
      expect(inMsgs.map((m) => m.length)).toEqual(texts.map((t) => Buffer.byteLength(t)));
      expect(inMsgs.every((m) => m.compressed)).toBe(true);
      const inFrames = frames(r.events, 'in', [1]);
      expect(inFrames.every((f) => f.rsv1 && f.fin)).toBe(true);
      // compressed data stays compressed in the frame event
      expect(inFrames[0].payload).not.toBe(hexOf(texts[0]));

      const outFrames = frames(r.events, 'out', [1]);
      expect(outFrames).toHaveLength(texts.length);
      expect(outFrames.every((f) => f.rsv1)).toBe(true);
      const outMsgs = r.of('message').filter((m) => m.dir === 'out');
      expect(outMsgs.map((m) => m.length)).toEqual(texts.map((t) => Buffer.byteLength(t)));
      if ('serverNoContextTakeover' in deflateOptions) {
        // each message stands alone: the same text compresses to the same bytes
        expect(inFrames[1].payload).toBe(inFrames[0].payload);
        expect(outFrames[1].payload).toBe(outFrames[0].payload);
      } else {
        // the repeat reuses the window: shorter than the first
        expect(inFrames[1].length).toBeLessThan(inFrames[0].length);
        expect(outFrames[1].length).toBeLessThan(outFrames[0].length);
      }
    });

    it(`large compressible messages and fragments, ${label}`, async () => {
      const server = await wsServer({ perMessageDeflate: deflateOptions });
      const { r, peer, conn } = await connect(server, { deflate: true });
      const big = 'Framescope shows every frame. '.repeat(40_000); // 1.2 MB
      await peer.send(big);
      const m = await r.waitFor('message', (e) => e.dir === 'in');
      expect(m.length).toBe(big.length);
      expect(m.text === big).toBe(true);
      const [f] = frames(r.events, 'in', [1]);
      expect(f.rsv1).toBe(true);
      expect(f.length).toBeLessThan(big.length / 20);

      // fragmented and compressed from the server: RSV1 on the first frame only
      const from = r.events.length;
      await peer.send(big.slice(0, 600_000), { fin: false });
      await peer.send(big.slice(600_000, 900_000), { fin: false });
      await peer.send(big.slice(900_000), { fin: true });
      const m2 = await r.waitFor('message', (e) => e.dir === 'in', { from });
      expect(m2.length).toBe(big.length);
      expect(m2.text === big).toBe(true);
      const fs = frames(r.events.slice(from), 'in');
      expect(fs.map((x) => [x.opcode, x.fin, x.rsv1])).toEqual([
        [1, false, true],
        [0, false, false],
        [0, true, false],
      ]);

      // and from the client, whole and in fragments
      const fromOut = r.events.length;
      conn.sendText(big);
      conn.sendText(big, 3);
      expect((await peer.message(0)).data.toString('utf8') === big).toBe(true);
      expect((await peer.message(1)).data.toString('utf8') === big).toBe(true);
      const outs = frames(r.events.slice(fromOut), 'out');
      expect(outs.map((x) => [x.opcode, x.fin, x.rsv1])).toEqual([
        [1, true, true],
        [1, false, true],
        [0, false, false],
        [0, true, false],
      ]);
      expect(outs[0].length).toBeLessThan(big.length / 20);
      const outMsgs = r.of('message').filter((e) => e.dir === 'out');
      expect(outMsgs.map((e) => e.length)).toEqual([big.length, big.length]);
    });
  }

  it('a message the server leaves uncompressed has RSV1 clear and is read as is', async () => {
    const server = await wsServer({ perMessageDeflate: { threshold: 0 } });
    const { r, peer } = await connect(server, { deflate: true });
    await peer.send('plain', { compress: false });
    const m = await r.waitFor('message', (e) => e.dir === 'in');
    expect(m).toMatchObject({ text: 'plain', length: 5 });
    expect(m.compressed).toBeUndefined();
    expect(frames(r.events, 'in', [1])[0]).toMatchObject({ rsv1: false, payload: hexOf('plain') });
  });

  it('deflate off: no extension offered, none negotiated, RSV1 never set', async () => {
    const server = await wsServer({ perMessageDeflate: { threshold: 0 } });
    const { r, peer, conn } = await connect(server, { deflate: false });
    expect(peer.req.headers['sec-websocket-extensions']).toBeUndefined();
    expect(r.of('open')[0].extensions).toBe('');
    const text = 'compress me '.repeat(100);
    conn.sendText(text);
    expect((await peer.message(0)).data.toString()).toBe(text);
    await peer.send(text);
    await r.waitFor('message', (e) => e.dir === 'in');
    const all = frames(r.events, 'in').concat(frames(r.events, 'out'));
    expect(all.every((f) => !f.rsv1)).toBe(true);
    expect(frames(r.events, 'in', [1])[0].payload).toBe(hexOf(text));
  });

  it('a server without deflate ignores the offer; messages go uncompressed', async () => {
    const server = await wsServer({ perMessageDeflate: false });
    const { r, peer, conn } = await connect(server, { deflate: true });
    expect(peer.req.headers['sec-websocket-extensions']).toMatch(/^permessage-deflate/);
    expect(r.of('open')[0].extensions).toBe('');
    conn.sendText('hello');
    expect((await peer.message(0)).data.toString()).toBe('hello');
    expect(frames(r.events, 'out', [1])[0]).toMatchObject({ rsv1: false, payload: hexOf('hello') });
  });
});

describe('sizes against ws', () => {
  it('1 MiB messages both ways, text and binary', async () => {
    const server = await wsServer({ maxPayload: 4 * 1024 * 1024 });
    const { r, peer, conn } = await connect(server);
    const bin = randomBytes(1024 * 1024);
    const text = 'x'.repeat(1024 * 1024 - 3) + '✓';
    conn.sendBinary(bin);
    conn.sendText(text);
    const got = await peer.message(0);
    expect(got.isBinary).toBe(true);
    expect(got.data.equals(bin)).toBe(true);
    expect((await peer.message(1)).data.toString('utf8') === text).toBe(true);

    await peer.send(bin, { binary: true });
    await peer.send(text);
    const m = await r.waitFor('message', (e) => e.dir === 'in' && e.opcode === 2);
    expect(m.length).toBe(bin.length);
    expect(m.data === bin.toString('hex')).toBe(true);
    const f = frames(r.events, 'in', [2])[0];
    expect(f.length).toBe(1024 * 1024);
    const t = await r.waitFor('message', (e) => e.dir === 'in' && e.opcode === 1);
    expect(t.length).toBe(1024 * 1024);
    expect(t.text === text).toBe(true);
  });

  it('a message over maxPayload fails the connection with 1009, seen by the server', async () => {
    const server = await wsServer();
    const { r, peer } = await connect(server, { maxPayload: 1000 });
    await peer.send(Buffer.alloc(1000, 7), { binary: true });
    const ok = await r.waitFor('message', (e) => e.dir === 'in');
    expect(ok.length).toBe(1000);
    await peer.send(Buffer.alloc(1001, 7), { binary: true });
    expect((await peer.closedWithin()).code).toBe(1009);
    const close = await r.closed();
    expect(close).toMatchObject({ initiator: 'client', wasClean: false, sentCode: 1009 });
    const err = r.of('error');
    expect(err).toEqual([expect.objectContaining({ code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', closeCode: 1009, fatal: true })]);
    expect(err[0].seq).toBeLessThan(close.seq);
    expect(r.of('message').filter((m) => m.dir === 'in')).toHaveLength(1);
  });

  it('maxPayload counts a fragmented message as a whole', async () => {
    const server = await wsServer();
    const { r, peer } = await connect(server, { maxPayload: 1000 });
    await peer.send(Buffer.alloc(600), { binary: true, fin: false });
    await peer.send(Buffer.alloc(600), { binary: true, fin: true });
    expect((await peer.closedWithin()).code).toBe(1009);
    expect(await r.closed()).toMatchObject({ initiator: 'client', wasClean: false });
  });

  it('maxPayload applies after inflation', async () => {
    const server = await wsServer({ perMessageDeflate: { threshold: 0 } });
    const { r, peer } = await connect(server, { maxPayload: 10_000, deflate: true });
    await peer.send('a'.repeat(20_000)); // a few dozen bytes on the wire
    expect((await peer.closedWithin()).code).toBe(1009);
    await r.closed();
    expect(frames(r.events, 'in', [1])[0].length).toBeLessThan(10_000);
    expect(r.of('error')[0]).toMatchObject({ code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', closeCode: 1009 });
  });
});

describe('the event log order against ws', () => {
  it('seq from 0 strictly increasing, states in order, one close followed only by the final state', async () => {
    const server = await wsServer();
    const { r, peer, conn } = await connect(server);
    conn.sendText('one');
    await peer.message(0);
    peer.ws.ping('x');
    await peer.pong(0);
    await peer.send('two');
    await r.waitFor('message', (e) => e.dir === 'in');
    peer.ws.close(1000, 'done');
    const close = await r.closed();
    expect(close.wasClean).toBe(true);

    const ev = r.events;
    expect(ev.map((e) => e.seq)).toEqual(ev.map((_, i) => i));
    expect(ev.every((e, i) => i === 0 || e.t >= ev[i - 1].t)).toBe(true);
    expect(ev.filter((e) => e.type === 'state').map((e) => (e as { state: string }).state)).toEqual(['connecting', 'open', 'closing', 'closed']);
    expect(ev[0]).toMatchObject({ type: 'state', state: 'connecting', seq: 0 });
    const types = ev.map((e) => e.type);
    expect(types.indexOf('handshake-request')).toBeLessThan(types.indexOf('handshake-response'));
    expect(types.indexOf('handshake-response')).toBeLessThan(types.indexOf('open'));
    expect(types.filter((t) => t === 'close')).toHaveLength(1);
    expect(ev.slice(-2).map((e) => e.type)).toEqual(['close', 'state']);
    expect(ev[ev.length - 1]).toMatchObject({ type: 'state', state: 'closed' });
    expect(orderProblems(ev)).toEqual([]);
    // every event carries a number t (milliseconds since the epoch)
    expect(ev.every((e) => Math.abs(e.t - Date.now()) < 60_000)).toBe(true);
  });

  it('a failed connection (nothing listening) goes connecting -> closed with one close event', async () => {
    const server = await wsServer();
    const url = server.url();
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    const r = Recorder.connect({ url });
    recorders.push(r);
    const close = await r.closed();
    expect(close).toMatchObject({ initiator: 'client', wasClean: false, code: null });
    expect(r.of('state').map((s) => s.state)).toEqual(['connecting', 'closed']);
    const err = r.of('error');
    expect(err).toHaveLength(1);
    expect(err[0].seq).toBeLessThan(close.seq);
    expect(orderProblems(r.events)).toEqual([]);
  });
});

describe('the handshake against ws', () => {
  it('the handshake-request headers are exactly what reached the server, in order', async () => {
    const server = await wsServer();
    const { r, peer } = await connect(
      server,
      {
        headers: [
          ['X-Api-Key', 'secret 123'],
          ['X-Trace', 'a, b'],
        ],
        subprotocols: ['chat.v1', 'chat.v2'],
        origin: 'https://app.example',
        deflate: true,
      },
      '/path/to?q=1&r=%20x',
    );
    const req = r.of('handshake-request')[0];
    expect(req.method).toBe('GET');
    expect(req.url).toBe(server.url('/path/to?q=1&r=%20x'));
    expect(peer.req.method).toBe('GET');
    expect(peer.req.url).toBe('/path/to?q=1&r=%20x');
    const raw = peer.req.rawHeaders;
    const pairs: [string, string][] = [];
    for (let i = 0; i < raw.length; i += 2) pairs.push([raw[i], raw[i + 1]]);
    expect(req.headers).toEqual(pairs);
    const names = req.headers.map(([n]) => n.toLowerCase());
    for (const n of ['host', 'upgrade', 'connection', 'sec-websocket-key', 'sec-websocket-version', 'origin', 'sec-websocket-protocol', 'sec-websocket-extensions', 'x-api-key', 'x-trace']) {
      expect(names).toContain(n);
    }
  });

  it('custom headers, subprotocols and Origin reach the server; the server chooses a subprotocol', async () => {
    const server = await wsServer({
      handleProtocols: (protocols: Set<string>) => (protocols.has('chat.v2') ? 'chat.v2' : false),
    });
    const { r, peer } = await connect(server, {
      headers: [
        ['X-Api-Key', 'secret 123'],
        ['Authorization', 'Bearer abc.def'],
      ],
      subprotocols: ['chat.v1', 'chat.v2'],
      origin: 'https://app.example',
    });
    expect(peer.req.headers['x-api-key']).toBe('secret 123');
    expect(peer.req.headers['authorization']).toBe('Bearer abc.def');
    expect(peer.req.headers['origin']).toBe('https://app.example');
    expect(peer.req.headers['sec-websocket-protocol']).toBe('chat.v1, chat.v2');
    expect(peer.req.headers['sec-websocket-version']).toBe('13');
    expect(peer.ws.protocol).toBe('chat.v2');
    const open = r.of('open')[0];
    expect(open.protocol).toBe('chat.v2');
    expect(open.remoteAddress).toBe('127.0.0.1');
    const resp = r.of('handshake-response')[0];
    expect(resp.status).toBe(101);
    expect(resp.headers.find(([n]) => n.toLowerCase() === 'sec-websocket-protocol')?.[1]).toBe('chat.v2');
  });

  it('no subprotocol chosen: protocol ""', async () => {
    const server = await wsServer({ handleProtocols: () => false });
    const { r, peer } = await connect(server, { subprotocols: ['chat.v1'] });
    expect(peer.ws.protocol).toBe('');
    expect(r.of('open')[0]).toMatchObject({ protocol: '', extensions: '' });
  });

  it('a rejected upgrade (ws verifyClient 401) gives the status, the body and an error', async () => {
    const server = await wsServer({ verifyClient: (_info, cb) => cb(false, 401, 'Unauthorized') });
    const r = Recorder.connect({ url: server.url() });
    recorders.push(r);
    const close = await r.closed();
    expect(close).toMatchObject({ initiator: 'client', wasClean: false });
    const resp = r.of('handshake-response')[0];
    expect(resp.status).toBe(401);
    expect(resp.body).toBe('Unauthorized');
    expect(r.of('error')[0]).toMatchObject({ code: 'WS_ERR_HANDSHAKE_STATUS', fatal: true });
    expect(r.of('state').map((s) => s.state)).toEqual(['connecting', 'closed']);
  });
});

describe('frame events describe the wire (raw server)', () => {
  it('maskKey and payload of an outgoing frame match the bytes the server received', async () => {
    const raw = await RawWsServer.start();
    servers.push(raw);
    const r = Recorder.connect({ url: raw.url() });
    recorders.push(r);
    const peer = await raw.nextPeer();
    await r.open();
    r.conn.sendText('mask me');
    r.conn.sendBinary(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00]));
    const f1 = await peer.nextFrame();
    const f2 = await peer.nextFrame();
    const [e1, e2] = frames(r.events, 'out');
    expect(f1.masked).toBe(true);
    expect(e1.maskKey).toBe(f1.maskKey!.toString('hex'));
    expect(e1.payload).toBe(f1.payload.toString('hex'));
    expect(f1.payload.toString()).toBe('mask me');
    expect(e2.maskKey).toBe(f2.maskKey!.toString('hex'));
    expect(f2.payload.toString('hex')).toBe('deadbeef00');
    expect(e1.maskKey).not.toBe(e2.maskKey);
    peer.sendFrame({ opcode: 8, payload: Buffer.from([0x03, 0xe8]) });
    await r.closed();
  });

  it('the request head on the wire is exactly the handshake-request event', async () => {
    const raw = await RawWsServer.start();
    servers.push(raw);
    const r = Recorder.connect({
      url: raw.url('/x?y=z'),
      headers: [['X-One', '1'], ['user-agent', 'framescope-test']],
      subprotocols: ['a', 'b'],
      origin: 'http://o.example',
    });
    recorders.push(r);
    const peer = await raw.nextPeer();
    await r.open();
    const req = r.of('handshake-request')[0];
    const expected = `GET /x?y=z HTTP/1.1\r\n${req.headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
    expect(peer.request.raw).toBe(expected);
    expect(req.headers.find(([n]) => n === 'Sec-WebSocket-Key')?.[1]).toBe(peer.request.key);
    expect(Buffer.from(peer.request.key, 'base64')).toHaveLength(16);
    expect(req.headers).toContainEqual(['user-agent', 'framescope-test']);
    r.conn.close(1000);
    await peer.nextClose();
    peer.sendFrame({ opcode: 8, payload: Buffer.from([0x03, 0xe8]) });
    peer.socket.end();
    expect(await r.closed()).toMatchObject({ wasClean: true, code: 1000 });
  });
});
