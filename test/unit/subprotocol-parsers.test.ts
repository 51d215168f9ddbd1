// The subprotocol decoders on their own, byte for byte: STOMP 1.2 frames as
// @stomp/stompjs (a maintained client) writes and parses them, header
// escaping, content-length bodies holding NUL, several frames and
// heart-beats in one message, heart-beat negotiation; Socket.IO and
// graphql-ws messages that break their protocol named, never thrown raw.
import { describe, expect, it } from 'vitest';
import { FrameImpl, Parser } from '@stomp/stompjs';
import { encodeStomp, header, negotiatedHeartbeat, parseStomp, StompError } from '../../shared/subprotocols/stomp.js';
import { SocketIoDecoder, SocketIoError } from '../../shared/subprotocols/socketio.js';
import { GraphqlWsError, parseGraphqlWs } from '../../shared/subprotocols/graphql-ws.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('STOMP 1.2', () => {
  it('reads what stompjs writes, escaped headers and a binary body with NUL in it included', () => {
    const written = new FrameImpl({ command: 'SEND', headers: { destination: '/queue/a:b', 'x-multi': 'line1\nline2\\end' }, binaryBody: new Uint8Array([1, 0, 2]), escapeHeaderValues: true }).serialize();
    const [piece] = parseStomp(typeof written === 'string' ? bytes(written) : new Uint8Array(written));
    expect(piece).toEqual({ frame: { command: 'SEND', headers: expect.arrayContaining([['destination', '/queue/a:b'], ['x-multi', 'line1\nline2\\end'], ['content-length', '3']]), body: new Uint8Array([1, 0, 2]) } });
  });

  it('writes what stompjs reads back: command, headers (escaped, but in CONNECT), body', () => {
    const frames: { command: string; headers: Record<string, string>; body: string }[] = [];
    // as the stompjs client does with what its parser reads: 1.2 header escaping undone (not in CONNECT)
    const parser = new Parser(
      (raw) => {
        const f = FrameImpl.fromRawFrame(raw, raw.command !== 'CONNECT');
        frames.push({ command: f.command, headers: f.headers, body: f.body });
      },
      () => frames.push({ command: 'heartbeat', headers: {}, body: '' }),
    );
    parser.parseChunk(arrayBuffer(encodeStomp({ command: 'SUBSCRIBE', headers: [['id', 'sub:0'], ['destination', '/topic/x\ny']] })));
    parser.parseChunk(arrayBuffer(encodeStomp({ command: 'CONNECT', headers: [['accept-version', '1.2'], ['host', 'h:1']] })));
    parser.parseChunk(arrayBuffer(encodeStomp({ command: 'SEND', headers: [['destination', '/q']], body: 'héllo' })));
    expect(frames).toEqual([
      { command: 'SUBSCRIBE', headers: { id: 'sub:0', destination: '/topic/x\ny' }, body: '' },
      { command: 'CONNECT', headers: { 'accept-version': '1.2', host: 'h:1' }, body: '' },
      { command: 'SEND', headers: { destination: '/q', 'content-length': '6' }, body: 'héllo' },
    ]);
  });

  it('finds several frames and heart-beats in one message, and names what is malformed', () => {
    const msg = new Uint8Array([...bytes('\n'), ...encodeStomp({ command: 'MESSAGE', headers: [['subscription', '0']], body: 'a' }), ...bytes('\r\n'), ...encodeStomp({ command: 'RECEIPT', headers: [['receipt-id', '7']] })]);
    const pieces = parseStomp(msg);
    expect(pieces.map((p) => ('heartbeat' in p ? 'heartbeat' : p.frame.command))).toEqual(['heartbeat', 'MESSAGE', 'heartbeat', 'RECEIPT']);
    expect(header((pieces[3] as { frame: never }).frame, 'receipt-id')).toBe('7');
    expect(() => parseStomp(bytes('HELLO\n\n\0'))).toThrow(/unknown STOMP command "HELLO"/);
    expect(() => parseStomp(bytes('SEND\ndestination:/q\n\nno end'))).toThrow(/not ended by NUL/);
    expect(() => parseStomp(bytes('SEND\nbad\\t:1\n\n\0'))).toThrow(/undefined escape "\\\\t"/);
    expect(() => parseStomp(bytes('SEND\ncontent-length:5\n\nab\0'))).toThrow(StompError);
  });

  it('negotiates heart-beats as the spec says: the larger of what one side can send and the other wants', () => {
    expect(negotiatedHeartbeat('10000,10000', '0,5000')).toEqual({ clientSendsMs: 10000, serverSendsMs: 0 });
    expect(negotiatedHeartbeat('4000,20000', '5000,3000')).toEqual({ clientSendsMs: 4000, serverSendsMs: 20000 });
    expect(negotiatedHeartbeat(undefined, '1000,1000')).toEqual({ clientSendsMs: 0, serverSendsMs: 0 });
  });
});

describe('protocol errors are named', () => {
  it('Socket.IO', () => {
    const d = new SocketIoDecoder();
    expect(() => d.text('x')).toThrow(SocketIoError);
    expect(() => d.text('42{"not":"an array"}')).toThrow(/carries an array/);
    expect(() => d.text('42[7]')).toThrow(/first element is its name/);
    expect(() => d.text('0{bad')).toThrow(/open packet is not JSON/);
    expect(d.binary(new Uint8Array([1]))).toEqual({ engine: 'message', binary: '01' });
  });

  it('graphql-ws', () => {
    expect(() => parseGraphqlWs('nope')).toThrow(GraphqlWsError);
    expect(() => parseGraphqlWs('{"type":"next"}')).toThrow(/needs an id/);
    expect(() => parseGraphqlWs('{"type":"subscribe","id":"1","payload":{}}')).toThrow(/payload with a query/);
    expect(() => parseGraphqlWs('{"type":"boom"}')).toThrow(/unknown message type "boom"/);
    expect(parseGraphqlWs('{"type":"ping","payload":{"a":1}}')).toEqual({ type: 'ping', payload: { a: 1 } });
  });
});

// stompjs reads an ArrayBuffer (a WebSocket's binaryType), not a view
function arrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}
