// A session's log made into a scenario (Save as scenario): sent messages
// become send steps, received ones expect steps, exact or by JSON keys; the
// text is YAML that the command line's loader accepts, and whose matchers
// hold for the very messages they were made from.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { LogEvent } from '../../shared/log-events.js';
import type { Matcher } from '../../shared/scenario.js';
import { scenarioFromLog, MAX_MESSAGES } from '../../electron/scenarios/scenario-from-log.js';
import { checkScenario } from '../../electron/scenarios/load-scenario.js';
import { compileMatcher } from '../../electron/scenarios/matcher.js';

let seq = 0;
const at = <T extends object>(e: T) => ({ seq: seq++, t: 1_700_000_000_000 + seq, ...e }) as unknown as LogEvent;
const out = (text: string) => at({ type: 'message', dir: 'out', opcode: 1, length: text.length, text });
const inText = (text: string) => at({ type: 'message', dir: 'in', opcode: 1, length: text.length, text });

function session(...messages: LogEvent[]): LogEvent[] {
  seq = 0;
  return [
    at({
      type: 'handshake-request',
      method: 'GET',
      url: 'ws://127.0.0.1:9001/chat',
      headers: [
        ['Host', '127.0.0.1:9001'],
        ['Upgrade', 'websocket'],
        ['Connection', 'Upgrade'],
        ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
        ['Sec-WebSocket-Version', '13'],
        ['Sec-WebSocket-Protocol', 'chat.v2, chat.v1'],
        ['Origin', 'http://example.com'],
        ['Authorization', 'Bearer s3cret'],
        ['X-Client', 'tests'],
      ],
    }),
    at({ type: 'handshake-response', status: 101, statusText: 'Switching Protocols', headers: [] }),
    at({ type: 'open', protocol: 'chat.v2', extensions: '' }),
    ...messages,
    at({ type: 'close', code: 1000, reason: '', initiator: 'client', wasClean: true, sentCode: 1000, sentReason: 'bye' }),
    at({ type: 'state', state: 'closed' }),
  ];
}

/** The scenario as the loader reads it; fails the test with its problems if it does not load. */
function load(text: string) {
  const r = checkScenario('made.yaml', text);
  if (Array.isArray(r)) throw new Error(`does not load:\n${r.map((p) => `${p.line}: ${p.field}: ${p.message}`).join('\n')}\n---\n${text}`);
  return r.scenario;
}

/** Whether an expect step's matcher holds for a text message. */
function holds(matcher: unknown, text: string): string | null {
  return compileMatcher(matcher as Matcher)({ seq: 0, opcode: 1, bytes: Buffer.from(text), text });
}

describe('scenarioFromLog', () => {
  const events = session(
    out('{"type":"join","room":"lobby"}'),
    inText('{"type":"joined","member":{"id":7},"odd key":1}'),
    out('hello  there'),
    inText('hello  there'),
    out('{ "spaced": true }'),
    at({ type: 'message', dir: 'out', opcode: 2, length: 3, data: '00ff10' }),
    at({ type: 'message', dir: 'in', opcode: 2, length: 3, data: '00ff10' }),
    inText('[1,2]'),
  );

  it('exact: each sent message a send step, each received one an expect of its whole text or bytes, then the close', () => {
    const text = scenarioFromLog(events, { name: 'chat session', expect: 'exact' });
    const s = load(text);
    expect(s.name).toBe('chat session');
    expect(s.connect).toEqual({
      url: 'ws://127.0.0.1:9001/chat',
      // handshake headers are the client's own: left out; a credential becomes a variable
      headers: { Authorization: '{{authorization}}', 'X-Client': 'tests' },
      subprotocols: ['chat.v2', 'chat.v1'],
      origin: 'http://example.com',
    });
    expect(text).not.toContain('s3cret');
    expect(text).toMatch(/^# .*\{\{authorization\}\}/m);
    expect(s.steps).toEqual([
      // compact JSON is sent as json (the same bytes); other text as written
      { send: { json: { type: 'join', room: 'lobby' } } },
      { expect: { equals: '{"type":"joined","member":{"id":7},"odd key":1}' } },
      { send: 'hello  there' },
      { expect: { equals: 'hello  there' } },
      { send: '{ "spaced": true }' },
      { send: { hex: '00ff10' } },
      { expect: { hex: '00ff10' } },
      { expect: { equals: '[1,2]' } },
      { close: { code: 1000, reason: 'bye' } },
    ]);
    // one line per step
    expect(text).toContain('  - send: { json: { type: join, room: lobby } }');
    // the matchers hold for the messages they were made from
    expect(holds(s.steps[1] && (s.steps[1] as { expect: unknown }).expect, '{"type":"joined","member":{"id":7},"odd key":1}')).toBeNull();
  });

  it('json-keys: a received JSON object is matched by its top-level keys, whatever their values; anything else exactly', () => {
    const s = load(scenarioFromLog(events, { name: 'chat session', expect: 'json-keys' }));
    const matcher = (s.steps[1] as { expect: unknown }).expect;
    expect(matcher).toEqual({
      json: [
        { path: '$.type', exists: true },
        { path: '$.member', exists: true },
        { path: '$["odd key"]', exists: true },
      ],
    });
    expect(holds(matcher, '{"type":"left","member":null,"odd key":"x"}')).toBeNull();
    expect(holds(matcher, '{"type":"joined","member":{"id":7}}')).toBe('$["odd key"] is not in it');
    // not an object: matched exactly
    expect(s.steps[7]).toEqual({ expect: { equals: '[1,2]' } });
    expect(s.steps[3]).toEqual({ expect: { equals: 'hello  there' } });
  });

  it('keeps to the first connection, says how a server closed, and marks a failed handshake', () => {
    seq = 0;
    const reconnected = [
      ...session(out('a'), inText('b')).slice(0, -2),
      at({ type: 'close', code: 4000, reason: 'go away', initiator: 'server', wasClean: true }),
      at({ type: 'state', state: 'closed' }),
      at({ type: 'reconnect', attempt: 1, reason: 'manual', url: 'ws://127.0.0.1:9001/chat' }),
      out('after'),
    ];
    const text = scenarioFromLog(reconnected, { name: 'twice', expect: 'exact' });
    expect(load(text).steps).toEqual([{ send: 'a' }, { expect: { equals: 'b' } }, { expect: { close: { code: 4000, initiator: 'server' } } }]);
    expect(text).toContain('Only the first connection');

    seq = 0;
    const refused = [
      at({ type: 'handshake-request', method: 'GET', url: 'ws://127.0.0.1:9001/', headers: [] }),
      at({ type: 'handshake-response', status: 403, statusText: 'Forbidden', headers: [] }),
      at({ type: 'close', code: null, reason: '', initiator: 'client', wasClean: false }),
    ];
    expect(load(scenarioFromLog(refused, { name: 'refused', expect: 'exact' })).steps).toEqual([{ expect: { handshake: { status: 403 } } }]);
  });

  it(`stops at ${MAX_MESSAGES} messages and says so`, () => {
    const many = Array.from({ length: MAX_MESSAGES + 5 }, (_, i) => out(`m${i}`));
    const text = scenarioFromLog(session(...many), { name: 'flood', expect: 'exact' });
    const steps = load(text).steps;
    expect(steps).toHaveLength(MAX_MESSAGES + 1);
    expect(steps.at(-2)).toEqual({ send: `m${MAX_MESSAGES - 1}` });
    expect(text).toContain(`The first ${MAX_MESSAGES} of its ${MAX_MESSAGES + 5} messages`);
  });

  it('keeps fragments, our pings and their pongs, a pong sent unasked and crafted frames; not the automatic pong', () => {
    const frame = (dir: 'in' | 'out', opcode: number, payload: string, more: object = {}) =>
      at({ type: 'frame', dir, fin: true, rsv1: false, rsv2: false, rsv3: false, masked: dir === 'out', opcode, maskKey: dir === 'out' ? '0a0b0c0d' : null, length: payload.length / 2, payload, ...more });
    const hex = (text: string) => Buffer.from(text).toString('hex');
    const events = session(
      frame('out', 1, hex('ab'), { fin: false }),
      frame('out', 0, hex('cd'), { fin: false }),
      frame('out', 0, hex('e')),
      out('abcde'),
      frame('out', 9, hex('hb-1')),
      frame('in', 10, hex('hb-1'), { rttMs: 3 }),
      frame('in', 9, hex('server')),
      frame('out', 10, hex('server')),
      frame('out', 10, hex('unasked')),
      frame('out', 9, 'ff'),
      frame('out', 1, hex('x'), { crafted: true, fin: false, rsv2: true }),
      frame('out', 0, hex('y'), { crafted: true }),
      // the message those crafted frames made: already their frame steps
      out('xy'),
      frame('out', 8, '03e8', { crafted: true, masked: false, maskKey: null }),
    );
    expect(load(scenarioFromLog(events, { name: 'control', expect: 'exact' })).steps).toEqual([
      { send: { text: 'abcde', fragments: 3 } },
      { ping: 'hb-1' },
      { expect: { pong: 'hb-1' } },
      { pong: 'unasked' },
      // bytes that are not text: the frame as it went out
      { frame: { opcode: 9, key: '0a0b0c0d', payload: 'ff' } },
      { frame: { opcode: 1, fin: false, rsv2: true, key: '0a0b0c0d', payload: hex('x') } },
      { frame: { opcode: 0, key: '0a0b0c0d', payload: hex('y') } },
      { frame: { opcode: 8, mask: false, payload: '03e8' } },
      { close: { code: 1000, reason: 'bye' } },
    ]);
  });

  it('writes text that YAML would misread as quoted strings', () => {
    const s = load(scenarioFromLog(session(out('42'), inText('true'), out('- item'), inText('a: b\nc')), { name: 'odd', expect: 'exact' }));
    expect(s.steps.slice(0, 4)).toEqual([{ send: '42' }, { expect: { equals: 'true' } }, { send: '- item' }, { expect: { equals: 'a: b\nc' } }]);
    expect(parse(scenarioFromLog(session(), { name: 'empty', expect: 'exact' }))).toMatchObject({ name: 'empty', steps: [{ close: { code: 1000 } }] });
  });
});
