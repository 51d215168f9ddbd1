// A message's decoded layer, as the log shows it: the codec that read it
// (chosen, or detected only where unambiguous), why one failed and where,
// the subprotocol layers (Socket.IO, STOMP, graphql-ws) with their summaries
// and subjects, and the log filter's JSON and subject conditions on them.
import { describe, expect, it } from 'vitest';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { encode as cborEncode } from 'cbor2';
import protobuf from 'protobufjs';
import { decodeMessage, rowDecoder, type DecodeContext } from '../../shared/decoding/message-decoding.js';
import { compileFilter } from '../../shared/log-filter.js';
import { encodeStomp } from '../../shared/subprotocols/stomp.js';
import { encodeEmit, encodeAck, SocketIoDecoder } from '../../shared/subprotocols/socketio.js';
import { encodeSubscribe } from '../../shared/subprotocols/graphql-ws.js';
import { chooseHelper } from '../../shared/subprotocols/helpers.js';
import { layerOf } from '../../shared/subprotocols/layer.js';

const text = (s: string) => new TextEncoder().encode(s);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const auto: DecodeContext = { codec: 'auto', helper: null };
const Point = protobuf.parse('syntax = "proto3"; package geo; message Point { int64 id = 1; string name = 2; }', { keepCase: true }).root.lookupType('geo.Point');

describe('codecs per message', () => {
  it('auto: JSON text as JSON, other text as text, MessagePack and CBOR detected, anything else as hex', () => {
    expect(decodeMessage(text('{"a":1}'), 1, 'in', auto)).toEqual({ codec: 'json', value: { a: 1 } });
    expect(decodeMessage(text('42["x"]'), 1, 'in', auto)).toEqual({ codec: 'text', value: '42["x"]' });
    expect(decodeMessage(msgpackEncode({ px: 1.5 }), 2, 'in', auto)).toEqual({ codec: 'msgpack', detected: true, value: { px: 1.5 } });
    expect(decodeMessage(cborEncode({ px: 1.5 }), 2, 'in', auto)).toEqual({ codec: 'cbor', detected: true, value: { px: 1.5 } });
    expect(decodeMessage(new Uint8Array([1]), 2, 'in', auto)).toEqual({ codec: null });
  });

  it('a chosen codec that fails says why and where, and the message falls back to hex', () => {
    const whole = msgpackEncode({ a: 1 });
    const d = decodeMessage(new Uint8Array([...whole, 7]), 2, 'in', { codec: 'msgpack', helper: null });
    expect(d).toEqual({ codec: null, error: expect.stringMatching(/^MessagePack: /), offset: whole.length });
    expect(decodeMessage(text('x'), 1, 'in', { codec: 'protobuf', helper: null })).toEqual({ codec: null, error: expect.stringMatching(/no message type set/) });
    expect(decodeMessage(text('x'), 1, 'in', { codec: 'protobuf', helper: null, problems: { in: 'no protobuf message type geo.Nope' } }).error).toBe('Protobuf: no protobuf message type geo.Nope');
  });

  it('protobuf by the type of each direction; with auto, a type set is tried before detection', () => {
    const bytes = Point.encode(Point.fromObject({ id: '9007199254740993', name: 'p' })).finish();
    const ctx: DecodeContext = { codec: 'auto', helper: null, protobuf: { in: Point } };
    expect(decodeMessage(bytes, 2, 'in', ctx)).toEqual({ codec: 'protobuf', value: { id: { $int: '9007199254740993' }, name: 'p' } });
    expect(decodeMessage(bytes, 2, 'out', ctx).codec).not.toBe('protobuf');
  });
});

describe('subprotocol layers', () => {
  it('picks the helper from the negotiated subprotocol or a Socket.IO URL, unless set', () => {
    expect(chooseHelper('auto', 'graphql-transport-ws', 'ws://h/graphql')).toBe('graphql-ws');
    expect(chooseHelper(undefined, 'v12.stomp', 'ws://h/ws')).toBe('stomp');
    expect(chooseHelper('auto', '', 'ws://h/socket.io/?EIO=4&transport=websocket')).toBe('socketio');
    expect(chooseHelper('auto', 'graphql-ws', 'ws://h/')).toBeNull();
    expect(chooseHelper('none', 'v12.stomp', '')).toBeNull();
    expect(chooseHelper('stomp', '', '')).toBe('stomp');
  });

  it('Socket.IO: engine packets, events with acks, namespaces; a binary packet completed by its attachment', () => {
    expect(layerOf('socketio', text('2'), 1)).toMatchObject({ summary: 'Engine.IO ping', value: { engine: 'ping' } });
    expect(layerOf('socketio', text(encodeEmit('chat', [{ m: 'hi' }], { ackId: 7, nsp: '/room' })), 1)).toEqual({
      helper: 'socketio',
      summary: 'EVENT chat on /room · ack 7',
      subject: 'chat',
      value: { type: 'EVENT', nsp: '/room', id: 7, event: 'chat', args: [{ m: 'hi' }] },
      body: [{ m: 'hi' }],
    });
    expect(layerOf('socketio', text(encodeAck(7, [{ ok: true }])), 1)).toMatchObject({ summary: 'ACK 7', value: { type: 'ACK', id: 7, args: [{ ok: true }] } });
    const d = new SocketIoDecoder();
    expect(layerOf('socketio', text('451-["file",{"_placeholder":true,"num":0}]'), 1, d).summary).toBe('BINARY_EVENT file · 1 attachment to come');
    expect(layerOf('socketio', new Uint8Array([1, 2]), 2, d)).toMatchObject({ summary: 'BINARY_EVENT file', value: { args: [{ $bytes: '0102' }] } });
    expect(layerOf('socketio', text('4{'), 1)).toMatchObject({ summary: 'not a Socket.IO packet', error: expect.stringMatching(/not a Socket.IO packet/) });
  });

  it('STOMP: frames with their destination as subject, JSON bodies read, several frames and heart-beats in one message', () => {
    const send = encodeStomp({ command: 'SEND', headers: [['destination', '/queue/a:b'], ['content-type', 'application/json']], body: '{"n":1}' });
    expect(layerOf('stomp', send, 1)).toEqual({
      helper: 'stomp',
      summary: 'SEND /queue/a:b · 7 B',
      subject: '/queue/a:b',
      value: { command: 'SEND', headers: { destination: '/queue/a:b', 'content-type': 'application/json', 'content-length': '7' }, body: { n: 1 } },
      body: { n: 1 },
    });
    const two = new Uint8Array([...text('\n'), ...encodeStomp({ command: 'MESSAGE', headers: [['destination', '/topic/t'], ['subscription', '0']], body: 'x' })]);
    expect(layerOf('stomp', two, 2)).toMatchObject({ summary: 'heart-beat + MESSAGE /topic/t · 1 B', subject: '/topic/t', value: [{ heartbeat: true }, { command: 'MESSAGE' }] });
    expect(layerOf('stomp', text('HELLO\n\n\0'), 1).error).toMatch(/unknown STOMP command/);
  });

  it('graphql-ws: operations by id, a subscribe by its operation name or query', () => {
    expect(layerOf('graphql-ws', text(encodeSubscribe('op-1', 'subscription { ticks }')), 1)).toMatchObject({ summary: 'subscribe op-1 · subscription { ticks }', subject: 'op-1' });
    expect(layerOf('graphql-ws', text('{"type":"next","id":"op-1","payload":{"data":{"ticks":1}}}'), 1)).toMatchObject({ summary: 'next op-1', subject: 'op-1', body: { data: { ticks: 1 } } });
    expect(layerOf('graphql-ws', text('{"type":"connection_ack"}'), 1)).toMatchObject({ summary: 'connection_ack' });
    expect(layerOf('graphql-ws', new Uint8Array([1]), 2).error).toMatch(/text/);
  });
});

describe('filters on the decoded layer', () => {
  const binary = (b: Uint8Array, dir: 'in' | 'out' = 'in') => ({ hex: hex(b), text: Buffer.from(b).toString('utf8'), message: { dir, opcode: 2, hex: hex(b) } });
  const textRow = (s: string) => ({ hex: '', text: s, message: { dir: 'in' as const, opcode: 1, hex: '' } });

  it('the JSON condition reads MessagePack and CBOR values, and without a decoder only JSON text', () => {
    const f = compileFilter({ json: '$.type = trade' }, rowDecoder(auto));
    expect(f.decodes).toBe(true);
    expect(f.content!(binary(msgpackEncode({ type: 'trade' })))).toBe(true);
    expect(f.content!(binary(cborEncode({ type: 'quote' })))).toBe(false);
    expect(f.content!(textRow('{"type":"trade"}'))).toBe(true);
    expect(compileFilter({ json: '$.type = trade' }).content!(binary(msgpackEncode({ type: 'trade' })))).toBe(false);
  });

  it('subject matches a Socket.IO event, a STOMP destination, a GraphQL operation id; JSON reads the layer', () => {
    const io = rowDecoder({ codec: 'auto', helper: 'socketio' });
    expect(compileFilter({ subject: 'chat' }, io).content!(textRow(encodeEmit('chat', ['x'])))).toBe(true);
    expect(compileFilter({ subject: 'chat' }, io).content!(textRow(encodeEmit('other', ['x'])))).toBe(false);
    expect(compileFilter({ json: '$.args[0].m = hi' }, io).content!(textRow(encodeEmit('chat', [{ m: 'hi' }])))).toBe(true);
    const stomp = rowDecoder({ codec: 'auto', helper: 'stomp' });
    expect(compileFilter({ subject: '/topic/t' }, stomp).content!(textRow(new TextDecoder().decode(encodeStomp({ command: 'SUBSCRIBE', headers: [['id', '0'], ['destination', '/topic/t']] }))))).toBe(true);
    const gql = rowDecoder({ codec: 'auto', helper: 'graphql-ws' });
    expect(compileFilter({ subject: 'op-1' }, gql).content!(textRow('{"type":"complete","id":"op-1"}'))).toBe(true);
    // a control frame has no message to decode: no subject
    expect(compileFilter({ subject: 'op-1' }, gql).content!({ hex: '', text: 'op-1' })).toBe(false);
  });
});
