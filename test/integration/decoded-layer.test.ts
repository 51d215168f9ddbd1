/**
 * The decoded layer through the session service, against real servers
 * started here: a socket.io 4 server (the URL filled in, the layer of each
 * packet, events filtered by name, Engine.IO pings answered until switched
 * off, a binary event's attachment read by log.decode), a graphql-ws server
 * (operations by id, the JSON filter on the layer), RabbitMQ's Web-STOMP
 * (frames, destinations, heart-beats agreed), and a `ws` peer for the codecs
 * (MessagePack, CBOR and protobuf sent from JSON, decoded, detected, failing
 * with an offset, saved messages that keep their codec).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { decode as msgpackDecode, encode as msgpackEncode } from '@msgpack/msgpack';
import { decode as cborDecode, encode as cborEncode } from 'cbor2';
import protobuf from 'protobufjs';
import { Server as SocketIoServer } from 'socket.io';
import type { WebSocket } from 'ws';
import { startGraphqlServer } from '../support/graphql-server.js';
import { SessionService } from '../../electron/services/session-service.js';
import type { Push } from '../../electron/services/service-types.js';
import { WorkspaceService } from '../../electron/workspace/workspace-service.js';
import { RecordingsService } from '../../electron/recordings/recordings-service.js';
import { ProtoFiles } from '../../electron/workspace/proto-files.js';
import { CodecService } from '../../electron/codecs/codec-service.js';
import { dispatch } from '../../electron/ipc/dispatch.js';
import type { LogEvent, MessageLogEvent } from '../../shared/log-events.js';
import type { CallInput, CallName, CallOutput } from '../../shared/ipc/schemas.js';
import type { DecodingSettings } from '../../shared/decoding/decoding-settings.js';
import { encodeStomp } from '../../shared/subprotocols/stomp.js';
import { encodeEmit, encodeConnect } from '../../shared/subprotocols/socketio.js';
import { encodeSubscribe, GRAPHQL_WS_PROTOCOL } from '../../shared/subprotocols/graphql-ws.js';
import { wsServer } from '../support/processes.js';
import { startRabbitStomp, type RabbitStomp } from '../support/rabbitmq.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** One window's services, as browser mode joins them, with a way to wait for the log without waiting on time. */
async function window() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'framescope-decoded-'));
  const workspace = new WorkspaceService({ dataDir });
  const recordings = new RecordingsService(workspace);
  const protos = new ProtoFiles(() => workspace.root());
  let wake = () => {};
  const push: Push = () => wake();
  const sessions = new SessionService({ push, resolver: workspace, recorder: recordings.recorder, protos });
  const handlers = { ...sessions.handlers, ...workspace.handlers, ...recordings.handlersFor(sessions), ...new CodecService(protos).handlers };
  const call = <C extends CallName>(name: C, input: CallInput<C>) => dispatch(handlers, name, input) as Promise<CallOutput<C>>;
  /** resolves with test()'s answer once it is not undefined, asked again after every push */
  const until = async <T>(test: () => Promise<T | undefined>): Promise<T> => {
    for (;;) {
      const pushed = new Promise<void>((r) => (wake = r));
      const v = await test();
      if (v !== undefined) return v;
      await pushed;
    }
  };
  const rows = async (sessionId: string, decoding: Partial<DecodingSettings> = {}, filter: CallInput<'log.messages'>['filter'] = {}) =>
    (await call('log.messages', { sessionId, from: 0, count: 5000, filter, decoding: { codec: 'auto', helper: 'auto', ...decoding } })).rows;
  cleanups.push(async () => {
    await sessions.disposeAll();
    await workspace.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return { call, until, rows, workspace };
}

const messages = (rows: LogEvent[]) => rows.filter((r): r is MessageLogEvent => r.type === 'message');
const summaries = (rows: LogEvent[]) => messages(rows).map((m) => `${m.dir} ${m.decoded?.layer?.summary ?? m.decoded?.codec ?? '-'}`);

describe('Socket.IO against a socket.io 4 server', () => {
  let server: http.Server;
  let io: SocketIoServer;
  let base: string;
  beforeAll(async () => {
    server = http.createServer();
    io = new SocketIoServer(server, { transports: ['websocket'], pingInterval: 400, pingTimeout: 1500 });
    io.on('connection', (socket) => {
      socket.on('chat', (text: string, ack?: (r: unknown) => void) => {
        io.emit('chat', { text });
        ack?.({ ok: true, len: text.length });
      });
      socket.on('send bytes', () => socket.emit('bytes', Buffer.from([1, 2, 3])));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    // closes the HTTP server it is attached to as well
    await io.close();
  });

  it('fills in the URL, shows each packet decoded, filters events by name, answers pings until told not to', async () => {
    const w = await window();
    const { sessionId } = await w.call('session.open', { settings: { url: base, helper: 'socketio' } });
    const open = await w.until(async () => (await w.call('log.range', { sessionId, from: 0, count: 100 })).events.find((e) => e.type === 'handshake-request'));
    expect(open).toMatchObject({ url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/socket\.io\/\?EIO=4&transport=websocket$/) });
    await w.until(async () => summaries(await w.rows(sessionId)).find((s) => s.startsWith('in Engine.IO open')));

    await w.call('session.send', { sessionId, kind: 'text', text: encodeConnect() });
    // an event before the server has let us into the namespace is a protocol error it closes the connection for
    await w.until(async () => (summaries(await w.rows(sessionId)).includes('in CONNECT') ? true : undefined));
    await w.call('session.send', { sessionId, kind: 'text', text: encodeEmit('chat', ['hello'], { ackId: 1 }) });
    await w.until(async () => (summaries(await w.rows(sessionId)).includes('in ACK 1') ? true : undefined));
    const all = summaries(await w.rows(sessionId));
    expect(all).toEqual(expect.arrayContaining(['out CONNECT', 'in CONNECT', 'out EVENT chat · ack 1', 'in EVENT chat', 'in ACK 1']));
    const ack = messages(await w.rows(sessionId)).find((m) => m.decoded?.layer?.summary === 'ACK 1')!;
    expect(ack.decoded).toMatchObject({ codec: 'text', preview: '[{"ok":true,"len":5}]' });

    // the event name as the filter's subject: the two chat events only
    const chats = messages(await w.rows(sessionId, {}, { subject: 'chat' }));
    expect(chats.map((m) => `${m.dir} ${m.text}`)).toEqual(['out 421["chat","hello"]', 'in 42["chat",{"text":"hello"}]']);
    // the JSON filter reads the layer: an ack's arguments
    expect(messages(await w.rows(sessionId, {}, { json: '$.args[0].len = 5' })).map((m) => m.text)).toEqual(['431[{"ok":true,"len":5}]']);

    // a binary event's attachment, read whole by log.decode
    await w.call('session.send', { sessionId, kind: 'text', text: encodeEmit('send bytes', []) });
    const binaryEvent = await w.until(async () => messages(await w.rows(sessionId)).find((m) => m.decoded?.layer?.summary.startsWith('BINARY_EVENT bytes')));
    await w.until(async () => (messages(await w.rows(sessionId)).some((m) => m.opcode === 2) ? true : undefined));
    const decoded = await w.call('log.decode', { sessionId, seq: binaryEvent.seq, decoding: { codec: 'auto', helper: 'socketio' } });
    expect(decoded).toMatchObject({ attachments: 1, layer: { summary: 'BINARY_EVENT bytes', value: { event: 'bytes', args: [{ $bytes: '010203' }] } } });

    // pings answered, each ping followed by our pong
    await w.until(async () => (messages(await w.rows(sessionId)).some((m) => m.dir === 'out' && m.text === '3') ? true : undefined));
    const engine = messages(await w.rows(sessionId)).filter((m) => m.text === '2' || m.text === '3');
    expect(engine[0]).toMatchObject({ dir: 'in', text: '2', decoded: { layer: { summary: 'Engine.IO ping' } } });
    expect(engine[1]).toMatchObject({ dir: 'out', text: '3', decoded: { layer: { summary: 'Engine.IO pong' } } });
    // switched off, the next ping goes unanswered and the server gives up on us
    await w.call('session.setEngineIoAutoPong', { sessionId, enabled: false });
    const close = await w.until(async () => (await w.call('log.range', { sessionId, from: 0, count: 5000 })).events.find((e) => e.type === 'close'));
    expect(close).toMatchObject({ type: 'close' });
    const afterOff = messages(await w.rows(sessionId));
    const lastPing = afterOff.findLast((m) => m.text === '2')!;
    expect(afterOff.filter((m) => m.seq > lastPing.seq && m.text === '3')).toEqual([]);
  }, 60_000);
});

describe('graphql-transport-ws against a graphql-ws server', () => {
  let server: Awaited<ReturnType<typeof startGraphqlServer>>;
  let url: string;
  beforeAll(async () => {
    server = await startGraphqlServer();
    url = server.url;
  });
  afterAll(() => server.close());

  it('reads the lifecycle as operations by id, picked by the negotiated subprotocol', async () => {
    const w = await window();
    const { sessionId } = await w.call('session.open', { settings: { url, subprotocols: [GRAPHQL_WS_PROTOCOL] } });
    await w.until(async () => (await w.call('log.range', { sessionId, from: 0, count: 100 })).events.find((e) => e.type === 'open'));
    await w.call('session.send', { sessionId, kind: 'text', text: '{"type":"connection_init"}' });
    await w.until(async () => (summaries(await w.rows(sessionId)).includes('in connection_ack') ? true : undefined));
    await w.call('session.send', { sessionId, kind: 'text', text: encodeSubscribe('op-1', 'subscription Counting($to: Int!) { count(to: $to) }', { variables: { to: 3 }, operationName: 'Counting' }) });
    await w.call('session.send', { sessionId, kind: 'text', text: encodeSubscribe('op-2', '{ hello }') });
    await w.until(async () => (summaries(await w.rows(sessionId)).filter((s) => s.startsWith('in complete')).length === 2 ? true : undefined));
    const op1 = summaries(await w.rows(sessionId, {}, { subject: 'op-1' }));
    expect(op1).toEqual(['out subscribe op-1 · Counting', 'in next op-1', 'in next op-1', 'in next op-1', 'in complete op-1']);
    expect(messages(await w.rows(sessionId, {}, { json: '$.payload.data.count = 2' })).map((m) => m.decoded?.layer?.summary)).toEqual(['next op-1']);
    expect(messages(await w.rows(sessionId, {}, { json: '$.payload.data.hello = world' })).map((m) => m.decoded?.preview)).toEqual(['{"data":{"hello":"world"}}']);
  }, 60_000);
});

describe('STOMP against RabbitMQ Web-STOMP', () => {
  let broker: RabbitStomp;
  beforeAll(async () => {
    broker = await startRabbitStomp();
  }, 120_000);
  afterAll(() => broker?.stop());

  it('decodes the frames both ways, filters by destination, and shows the heart-beats agreed', async () => {
    const w = await window();
    const { sessionId } = await w.call('session.open', { settings: { url: broker.url, subprotocols: ['v12.stomp'] } });
    const open = await w.until(async () => (await w.call('log.range', { sessionId, from: 0, count: 100 })).events.find((e) => e.type === 'open'));
    expect(open).toMatchObject({ protocol: 'v12.stomp' });
    const send = (command: string, headers: [string, string][], body?: string) =>
      w.call('session.send', { sessionId, kind: 'text', text: new TextDecoder().decode(encodeStomp({ command, headers, body })) });
    await send('CONNECT', [['accept-version', '1.2'], ['host', '/'], ['login', 'guest'], ['passcode', 'guest'], ['heart-beat', '0,20000']]);
    const connected = await w.until(async () => messages(await w.rows(sessionId)).find((m) => m.decoded?.layer?.summary.startsWith('CONNECTED')));
    await send('SUBSCRIBE', [['id', 'sub-0'], ['destination', '/topic/prices'], ['ack', 'auto']]);
    await send('SEND', [['destination', '/topic/prices'], ['content-type', 'application/json']], '{"px":101.5}');
    await send('SEND', [['destination', '/topic/other']], 'ignored');
    const message = await w.until(async () => messages(await w.rows(sessionId)).find((m) => m.dir === 'in' && m.decoded?.layer?.summary.startsWith('MESSAGE')));
    expect(message.decoded).toMatchObject({ layer: { helper: 'stomp', subject: '/topic/prices' }, preview: '{"px":101.5}' });

    const prices = summaries(await w.rows(sessionId, {}, { subject: '/topic/prices' }));
    expect(prices).toEqual(['out SUBSCRIBE /topic/prices (id sub-0)', 'out SEND /topic/prices · 12 B', expect.stringMatching(/^in MESSAGE \/topic\/prices/)]);
    expect(messages(await w.rows(sessionId, {}, { json: '$.headers.destination = /topic/other' })).map((m) => m.dir)).toEqual(['out']);

    // CONNECTED, read whole: the heart-beats the broker agreed to with our CONNECT
    const whole = await w.call('log.decode', { sessionId, seq: connected.seq, decoding: { codec: 'auto', helper: 'auto' } });
    expect(whole.heartbeats).toEqual({ clientSendsMs: 0, serverSendsMs: expect.any(Number) });
    expect(whole.layer?.summary).toMatch(/agreed: client every - ms, server every \d+ ms/);
  }, 60_000);
});

describe('codecs against a ws peer', () => {
  it('sends JSON as MessagePack, CBOR and protobuf, decodes what comes back, detects, fails with an offset, and keeps the codec of a saved message', async () => {
    const got: Buffer[] = [];
    const peer = await wsServer({}, (ws: WebSocket) =>
      ws.on('message', (d: Buffer) => {
        got.push(d);
        // answers in CBOR what it got in MessagePack; a bad MessagePack message after that
        if (got.length === 1) ws.send(cborEncode({ type: 'quote', echo: msgpackDecode(d) as object }));
        if (got.length === 1) ws.send(Buffer.concat([Buffer.from(msgpackEncode({ a: 1 })), Buffer.from([0xc1])]));
        // later messages are answered, so the log moves once the server has them
        if (got.length > 1) ws.send(`got ${got.length}`);
      }),
    );
    cleanups.push(() => peer.close());
    const w = await window();
    const listing = await w.call('protos.save', { name: 'market.proto', content: 'syntax = "proto3";\npackage market;\nmessage Trade { int64 id = 1; string side = 2; bytes key = 3; }\n' });
    expect(listing).toEqual({ files: ['market.proto'], types: ['market.Trade'], problems: [] });
    await expect(w.call('protos.save', { name: 'bad.proto', content: 'message {' })).rejects.toThrow(/bad\.proto does not parse/);
    expect(await w.call('codec.encode', { codec: 'msgpack', json: '{"n":1}' })).toEqual({ hex: '81a16e01', length: 4 });
    await expect(w.call('codec.encode', { codec: 'protobuf', json: '{"id":"x"}', messageType: 'market.Trade' })).rejects.toThrow(/not a market\.Trade: id/);
    await expect(w.call('codec.encode', { codec: 'cbor', json: '{"n":' })).rejects.toThrow(/not JSON/);

    const { sessionId } = await w.call('session.open', { settings: { url: peer.url, protoOut: 'market.Trade' } });
    await w.until(async () => (await w.call('log.range', { sessionId, from: 0, count: 100 })).events.find((e) => e.type === 'open'));
    await w.call('session.sendEncoded', { sessionId, codec: 'msgpack', json: '{"type":"trade","big":{"$int":"9223372036854775807"}}' });
    const sent = await w.call('session.sendEncoded', { sessionId, codec: 'protobuf', json: '{"id":{"$int":"42"},"side":"BUY","key":{"$bytes":"00ff"}}', messageType: 'market.Trade' });
    await w.until(async () => (messages(await w.rows(sessionId)).some((m) => m.text === 'got 2') ? true : undefined));
    const Trade = protobuf.parse('syntax = "proto3"; package market; message Trade { int64 id = 1; string side = 2; bytes key = 3; }').root.lookupType('market.Trade');
    expect(Trade.toObject(Trade.decode(got[1]), { longs: String })).toEqual({ id: '42', side: 'BUY', key: Buffer.from([0, 255]) });
    expect(sent.hex).toBe(got[1].toString('hex'));

    // in the order they crossed: the answers may come before the second message goes
    const all = messages(await w.rows(sessionId, { protoOut: 'market.Trade' })).filter((m) => m.opcode === 2);
    expect(all.map((m) => [m.dir, m.decoded?.codec ?? null, m.decoded?.detected ?? false])).toEqual(
      expect.arrayContaining([
        ['out', 'msgpack', true],
        ['out', 'protobuf', false],
        ['in', 'cbor', true],
        ['in', null, false],
      ]),
    );
    expect(all).toHaveLength(4);
    const rows = [all.find((m) => m.decoded?.codec === 'msgpack')!, all.find((m) => m.decoded?.codec === 'protobuf')!, all.find((m) => m.decoded?.codec === 'cbor')!, all.find((m) => m.dir === 'in' && !m.decoded)!];
    expect(rows[0].decoded?.preview).toBe('{"type":"trade","big":{"$int":"9223372036854775807"}}');
    // the JSON filter reads decoded values, whatever the codec
    expect(messages(await w.rows(sessionId, {}, { json: '$.type = trade' })).map((m) => m.seq)).toEqual([rows[0].seq]);
    expect(messages(await w.rows(sessionId, {}, { json: '$.echo.type = trade' })).map((m) => m.seq)).toEqual([rows[2].seq]);
    // a codec chosen for one message: MessagePack over the bad bytes says why and where, and nothing throws
    expect(await w.call('log.decode', { sessionId, seq: rows[3].seq, decoding: { codec: 'msgpack', helper: 'none' } })).toMatchObject({ codec: null, error: expect.stringMatching(/^MessagePack: /), offset: 4 });
    expect(await w.call('log.decode', { sessionId, seq: rows[2].seq, decoding: { codec: 'cbor', helper: 'none' } })).toMatchObject({ codec: 'cbor', value: { type: 'quote' } });
    expect(await w.call('log.decode', { sessionId, seq: rows[1].seq, decoding: { codec: 'protobuf', helper: 'none', protoOut: 'market.Nope' } })).toMatchObject({ codec: null, error: expect.stringMatching(/no protobuf message type market\.Nope/) });
    expect(cborDecode(got.length ? Buffer.from(rows[2].data!, 'hex') : new Uint8Array())).toMatchObject({ type: 'quote' });

    // a saved message keeps its codec (and takes variables before it is encoded)
    const saved = await w.call('profiles.save', {
      profile: { name: 'Market', settings: { url: peer.url, codec: 'cbor', protoIn: 'market.Trade', helper: 'none', engineIoAutoPong: false }, messages: [{ name: 'order', kind: 'encoded', codec: 'cbor', json: '{"side":"{{side}}"}' }], variables: { side: 'SELL' } },
    });
    // the payload settings are the profile's, read back from its file
    expect((await w.call('profiles.get', { id: saved.profile.id })).profile.settings).toMatchObject({ codec: 'cbor', protoIn: 'market.Trade', helper: 'none', engineIoAutoPong: false });
    await w.call('session.sendSaved', { sessionId, profileId: saved.profile.id, message: 'order' });
    await w.until(async () => (messages(await w.rows(sessionId)).some((m) => m.text === 'got 3') ? true : undefined));
    expect(cborDecode(got[2])).toEqual({ side: 'SELL' });
  }, 60_000);
});
