// The subprotocol decoders against real servers started here, never mocks:
// a socket.io 4 server (the open packet, namespaces, events with acks both
// ways, binary attachments, its pings answered), and a graphql-ws server
// (connection_init/ack, a subscription's next and complete, ping/pong, a
// close code named). Our own Connection carries the bytes; the decoders read
// what it logged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SocketIoServer } from 'socket.io';
import { WebSocketServer } from 'ws';
import { createRequire } from 'node:module';
import { useServer } from 'graphql-ws/use/ws';
import { asLogEvents, Connection } from '../../electron/net/connection.js';

// graphql as graphql-ws loads it (its CommonJS build): one copy, or its schema checks fail across the two
const { buildSchema } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
import type { LogEvent, MessageLogEvent } from '../../shared/log-events.js';
import { encodeAck, encodeConnect, encodeEmit, socketIoUrl, SocketIoDecoder, type EnginePacket } from '../../shared/subprotocols/socketio.js';
import { encodeSubscribe, GRAPHQL_WS_CLOSE_CODES, GRAPHQL_WS_PROTOCOL, GraphqlWsOperations, parseGraphqlWs, type GraphqlWsMessage } from '../../shared/subprotocols/graphql-ws.js';

/** A connection whose incoming messages can be awaited in order. */
class Client {
  readonly events: LogEvent[] = [];
  readonly conn: Connection;
  private taken = 0;
  private waiters: (() => void)[] = [];

  constructor(url: string, subprotocols: string[] = []) {
    this.conn = new Connection({ url, subprotocols, proxy: '' }, asLogEvents((e) => {
      this.events.push(e);
      for (const w of this.waiters.splice(0)) w();
    }));
    this.conn.connect();
  }

  async next(): Promise<MessageLogEvent> {
    for (;;) {
      const messages = this.events.filter((e): e is MessageLogEvent => e.type === 'message' && e.dir === 'in');
      if (messages.length > this.taken) return messages[this.taken++];
      if (this.conn.state === 'closed') throw new Error(`closed while waiting: ${JSON.stringify(this.events.filter((e) => e.type === 'close' || e.type === 'error'))}`);
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  async opened(): Promise<void> {
    while (!this.events.some((e) => e.type === 'open')) await new Promise<void>((r) => this.waiters.push(r));
  }

  async closed(): Promise<Extract<LogEvent, { type: 'close' }>> {
    for (;;) {
      const c = this.events.find((e): e is Extract<LogEvent, { type: 'close' }> => e.type === 'close');
      if (c) return c;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }
}

describe('Socket.IO v4 against a socket.io server', () => {
  let server: http.Server;
  let io: SocketIoServer;
  let base: string;
  beforeAll(async () => {
    server = http.createServer();
    io = new SocketIoServer(server, { transports: ['websocket'], pingInterval: 300, pingTimeout: 2000 });
    io.on('connection', (socket) => {
      socket.on('chat', (text: string, ack?: (r: unknown) => void) => {
        io.emit('chat', { from: socket.id, text });
        ack?.({ ok: true, len: text.length });
      });
      socket.on('ask me', () => socket.emit('question', 'ready?', (answer: unknown) => socket.emit('answered', answer)));
      socket.on('send bytes', () => socket.emit('bytes', Buffer.from([1, 2, 3]), { inner: Buffer.from([0xff]) }));
    });
    io.of('/admin').on('connection', (socket) => socket.emit('welcome', 'admin'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    // closes the HTTP server under it too
    await io.close();
  });

  it('decodes the open packet, a namespace join, events with acks both ways, binary attachments, and answers pings', async () => {
    const url = socketIoUrl(base);
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/socket\.io\/\?EIO=4&transport=websocket$/);
    const c = new Client(url);
    const d = new SocketIoDecoder();
    const read = async (): Promise<EnginePacket> => {
      for (;;) {
        const m = await c.next();
        const p = m.text !== undefined ? d.text(m.text) : d.binary(Buffer.from(m.data!, 'hex'));
        // Engine.IO pings are answered as the protocol asks; the test reads past them
        if (p.engine === 'ping') {
          c.conn.sendText('3');
          continue;
        }
        if (p.engine === 'message' && 'socket' in p && p.socket.pending) continue;
        return p;
      }
    };
    const open = await read();
    expect(open).toMatchObject({ engine: 'open', data: { sid: expect.any(String), pingInterval: 300, upgrades: [] } });
    c.conn.sendText(encodeConnect());
    expect(await read()).toMatchObject({ engine: 'message', socket: { type: 'CONNECT', nsp: '/', data: { sid: expect.any(String) } } });
    c.conn.sendText(encodeEmit('chat', ['hello'], { ackId: 7 }));
    const got = [await read(), await read()];
    expect(got).toContainEqual({ engine: 'message', socket: { type: 'EVENT', nsp: '/', event: 'chat', args: [{ from: expect.any(String), text: 'hello' }] } });
    expect(got).toContainEqual({ engine: 'message', socket: { type: 'ACK', nsp: '/', id: 7, args: [{ ok: true, len: 5 }] } });

    // the server asks for an ack: we answer it, and the server says what it got
    c.conn.sendText(encodeEmit('ask me', []));
    const question = await read();
    expect(question).toMatchObject({ engine: 'message', socket: { type: 'EVENT', event: 'question', args: ['ready?'], id: expect.any(Number) } });
    c.conn.sendText(encodeAck((question as { socket: { id: number } }).socket.id, ['yes']));
    expect(await read()).toMatchObject({ socket: { type: 'EVENT', event: 'answered', args: ['yes'] } });

    // binary arguments come as attachments after the packet that announces them
    c.conn.sendText(encodeEmit('send bytes', []));
    expect(await read()).toEqual({ engine: 'message', socket: { type: 'BINARY_EVENT', nsp: '/', event: 'bytes', args: [{ $bytes: '010203' }, { inner: { $bytes: 'ff' } }] } });

    // another namespace
    c.conn.sendText(encodeConnect('/admin'));
    const joined = [await read(), await read()];
    expect(joined).toContainEqual({ engine: 'message', socket: { type: 'CONNECT', nsp: '/admin', data: { sid: expect.any(String) } } });
    expect(joined).toContainEqual({ engine: 'message', socket: { type: 'EVENT', nsp: '/admin', event: 'welcome', args: ['admin'] } });
    c.conn.close(1000, '');
    await c.closed();
  }, 30_000);
});

describe('graphql-transport-ws against a graphql-ws server', () => {
  let wss: WebSocketServer;
  let url: string;
  beforeAll(async () => {
    const schema = buildSchema(`type Query { hello: String } type Subscription { count(to: Int!): Int }`);
    const roots = {
      query: { hello: () => 'world' },
      subscription: {
        count: async function* ({ to }: { to: number }) {
          for (let i = 1; i <= to; i++) yield { count: i };
        },
      },
    };
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    useServer({ schema, roots, onConnect: (ctx) => (ctx.connectionParams?.token === 'nope' ? false : true) }, wss);
    await new Promise<void>((r) => wss.once('listening', () => r()));
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((r) => wss.close(() => r())));

  it('follows one subscription from init to complete, as one operation, and names the close codes', async () => {
    const c = new Client(url, [GRAPHQL_WS_PROTOCOL]);
    await c.opened();
    expect(c.events.find((e) => e.type === 'open')).toMatchObject({ protocol: GRAPHQL_WS_PROTOCOL });
    const ops = new GraphqlWsOperations();
    const read = async (): Promise<GraphqlWsMessage> => {
      const m = parseGraphqlWs((await c.next()).text!);
      ops.note(m, 'in');
      return m;
    };
    c.conn.sendText(JSON.stringify({ type: 'connection_init', payload: { token: 'ok' } }));
    expect(await read()).toEqual({ type: 'connection_ack' });
    c.conn.sendText(JSON.stringify({ type: 'ping' }));
    expect(await read()).toEqual({ type: 'pong' });
    const sub = encodeSubscribe('op-1', 'subscription ($to: Int!) { count(to: $to) }', { variables: { to: 3 } });
    ops.note(parseGraphqlWs(sub), 'out');
    c.conn.sendText(sub);
    const results = [await read(), await read(), await read(), await read()];
    expect(results).toEqual([
      { type: 'next', id: 'op-1', payload: { data: { count: 1 } } },
      { type: 'next', id: 'op-1', payload: { data: { count: 2 } } },
      { type: 'next', id: 'op-1', payload: { data: { count: 3 } } },
      { type: 'complete', id: 'op-1' },
    ]);
    expect(ops.byId.get('op-1')).toEqual({ query: expect.stringContaining('count(to: $to)'), next: 3, errors: [], state: 'complete' });
    // a second subscribe with the same id while it runs is what 4409 is for; a finished id can be reused
    c.conn.close(1000, '');
    await c.closed();

    const refused = new Client(url, [GRAPHQL_WS_PROTOCOL]);
    await refused.opened();
    refused.conn.sendText(JSON.stringify({ type: 'connection_init', payload: { token: 'nope' } }));
    const close = await refused.closed();
    expect(close.code).toBe(4403);
    expect(GRAPHQL_WS_CLOSE_CODES[close.code!]).toBe('Forbidden');
  }, 30_000);
});
