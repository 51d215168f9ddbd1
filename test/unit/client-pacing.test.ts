// The engine decodes received frames only when its host asks (decodeFrame),
// one at a time: a host whose log is behind pauses between two frames, and
// the end of the TCP connection waits behind the frames received before it.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { WebSocketClient } from '../../electron/protocol/client.js';
import type { EngineEvent } from '../../electron/protocol/events.js';
import { bytes, concat, frame, prng, randomBytes, utf8 } from './helpers.js';

function openEngine() {
  const events: EngineEvent[] = [];
  const written: Uint8Array[] = [];
  const rand = prng(7);
  const engine = new WebSocketClient(
    { url: new URL('ws://example.test/'), clock: () => 1_700_000_000_000, random: (n) => randomBytes(rand, n) },
    { event: (e) => events.push(e), write: (chunks) => written.push(...chunks) },
  );
  engine.start();
  const key = /Sec-WebSocket-Key: (.+)\r/.exec(Buffer.from(written[0]).toString('latin1'))![1];
  const accept = createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
  engine.receiveData(utf8(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`));
  expect(engine.state).toBe('open');
  events.length = 0;
  const messages = () => events.filter((e) => e.type === 'message').length;
  return { engine, events, messages };
}

const binary = (n: number) => frame({ opcode: 2, payload: new Uint8Array(n) });

describe('decoding at the host\'s pace', () => {
  it('received bytes wait until the host asks, then come a frame at a time', () => {
    const { engine, messages } = openEngine();
    engine.receiveData(concat(binary(100), binary(200_000), binary(10)));
    expect(messages()).toBe(0);
    for (const n of [1, 2, 3]) {
      expect(engine.decodeFrame()).toBe(true);
      expect(messages()).toBe(n);
    }
    expect(engine.decodeFrame()).toBe(false);
  });

  it('a host that pauses after one frame gets the next only once it resumes', () => {
    const { engine, messages } = openEngine();
    engine.receiveData(concat(...Array.from({ length: 5 }, () => binary(10))));
    expect(engine.decodeFrame()).toBe(true);
    engine.pauseParsing();
    expect(engine.decodeFrame()).toBe(false);
    expect(messages()).toBe(1);
    engine.resumeParsing();
    while (engine.decodeFrame());
    expect(messages()).toBe(5);
  });

  it('paused, nothing is decoded, and the end of the connection waits behind the frames before it', () => {
    const { engine, events, messages } = openEngine();
    engine.pauseParsing();
    engine.receiveData(concat(binary(10), binary(10)));
    engine.receiveEof();
    expect(engine.decodeFrame()).toBe(false);
    expect(events).toEqual([]);
    engine.resumeParsing();
    while (engine.decodeFrame());
    expect(messages()).toBe(2);
    expect(events.slice(-2).map((e) => e.type)).toEqual(['close', 'state']);
    expect(events.at(-2)).toMatchObject({ initiator: 'none', wasClean: false });
  });

  it('the end in the middle of a frame is WS_ERR_TRUNCATED_FRAME, after the whole frames', () => {
    const { engine, events, messages } = openEngine();
    engine.receiveData(concat(binary(10), binary(300).subarray(0, 50)));
    engine.receiveEof();
    while (engine.decodeFrame());
    expect(messages()).toBe(1);
    const error = events.find((e) => e.type === 'error');
    expect(error).toMatchObject({ code: 'WS_ERR_TRUNCATED_FRAME', fatal: true });
    expect(events.slice(-2).map((e) => e.type)).toEqual(['close', 'state']);
  });

  it('the transport is kept, ended once the closing handshake is done, and left to close by itself after its end', () => {
    const { engine } = openEngine();
    expect(engine.transport).toBe('keep');
    engine.close(1000);
    expect(engine.transport).toBe('keep');
    engine.receiveData(frame({ opcode: 8, payload: bytes('03e8') }));
    while (engine.decodeFrame());
    expect(engine.transport).toBe('end');
    engine.receiveEof();
    while (engine.decodeFrame());
    expect(engine.state).toBe('closed');
    expect(engine.transport).toBe('keep');
  });

  it('an engine that ends while its transport is up wants it destroyed', () => {
    const { engine } = openEngine();
    engine.transportError('WS_ERR_CONNECTION_RESET', 'reset');
    expect(engine.transport).toBe('destroy');
  });
});
