// `framescope connect` end to end, as a user runs it: `node bin/framescope.js
// connect ...` in a child process against real servers on 127.0.0.1.
import { createServer as createHttpServer } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { LogEvent } from '../../shared/log-events.js';
import { acceptUpgrade, Cli, closedPort, ensureBuilt, killChildren, ofType, rawServer, runCli, wsServer, type CliResult, type WsServer } from '../support/processes.js';

const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');
const HEX = /^([0-9a-f]{2})*$/;

beforeAll(() => ensureBuilt(), 120_000);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  killChildren();
  while (cleanups.length) await cleanups.pop()!();
});
afterAll(() => killChildren());

async function server(...args: Parameters<typeof wsServer>): Promise<WsServer> {
  const s = await wsServer(...args);
  cleanups.push(() => s.close());
  return s;
}

/** An echo server that records what it received. */
async function echoServer() {
  const got: { messages: (string | Buffer)[]; pings: string[]; pongs: string[]; closes: [number, string][] } = { messages: [], pings: [], pongs: [], closes: [] };
  const s = await server({}, (ws) => {
    ws.on('message', (data: Buffer, isBinary) => {
      got.messages.push(isBinary ? Buffer.from(data) : data.toString('utf8'));
      ws.send(data, { binary: isBinary });
    });
    ws.on('ping', (d) => got.pings.push(d.toString('utf8')));
    ws.on('pong', (d) => got.pongs.push(d.toString('utf8')));
    ws.on('close', (code, reason) => got.closes.push([code, reason.toString('utf8')]));
  });
  return { ...s, got };
}

/** Checks one event against contracts section 1. */
function checkEventShape(e: LogEvent): void {
  expect(typeof e.type).toBe('string');
  expect(Number.isInteger(e.seq)).toBe(true);
  expect(typeof e.t).toBe('number');
  expect(e.t).toBeGreaterThan(1.5e12);
  const headersOk = (h: unknown) => Array.isArray(h) && h.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string');
  switch (e.type) {
    case 'handshake-request':
      expect(e.method).toBe('GET');
      expect(typeof e.url).toBe('string');
      expect(headersOk(e.headers)).toBe(true);
      expect(e.headers.some(([n]) => n.toLowerCase() === 'sec-websocket-key')).toBe(true);
      break;
    case 'handshake-response':
      expect(typeof e.status).toBe('number');
      expect(typeof e.statusText).toBe('string');
      expect(headersOk(e.headers)).toBe(true);
      break;
    case 'open':
      expect(typeof e.protocol).toBe('string');
      expect(typeof e.extensions).toBe('string');
      break;
    case 'frame':
      expect(['in', 'out']).toContain(e.dir);
      for (const b of [e.fin, e.rsv1, e.rsv2, e.rsv3, e.masked]) expect(typeof b).toBe('boolean');
      expect(Number.isInteger(e.opcode) && e.opcode >= 0 && e.opcode <= 15).toBe(true);
      if (e.masked) expect(e.maskKey).toMatch(/^[0-9a-f]{8}$/);
      else expect(e.maskKey).toBeNull();
      expect(Number.isInteger(e.length)).toBe(true);
      expect(e.payload).toMatch(HEX);
      expect(e.payload.length / 2).toBe(e.length);
      break;
    case 'message':
      expect(['in', 'out']).toContain(e.dir);
      expect([1, 2]).toContain(e.opcode);
      expect(Number.isInteger(e.length)).toBe(true);
      if (e.opcode === 1) expect(typeof e.text).toBe('string');
      else expect(e.data).toMatch(HEX);
      break;
    case 'state':
      expect(['connecting', 'open', 'closing', 'closed']).toContain(e.state);
      break;
    case 'close':
      expect(e.code === null || Number.isInteger(e.code)).toBe(true);
      expect(typeof e.reason).toBe('string');
      expect(['client', 'server', 'none']).toContain(e.initiator);
      expect(typeof e.wasClean).toBe('boolean');
      break;
    case 'error':
      expect(e.code).toMatch(/^WS_ERR_[A-Z0-9_]+$/);
      expect(typeof e.message).toBe('string');
      expect(typeof e.fatal).toBe('boolean');
      break;
    default:
      throw new Error(`unknown event type ${(e as { type: string }).type}`);
  }
}

/** Parses --ndjson output strictly: every line one JSON event, seq 0, 1, 2, ... and the section 1 ordering rules. */
function parseLog(r: CliResult): LogEvent[] {
  expect(r.stdout.endsWith('\n')).toBe(true);
  const lines = r.stdout.slice(0, -1).split('\n');
  const events = lines.map((l, i) => {
    try {
      return JSON.parse(l) as LogEvent;
    } catch {
      throw new Error(`stdout line ${i + 1} is not JSON: ${l}`);
    }
  });
  events.forEach((e, i) => {
    checkEventShape(e);
    expect(e.seq, `seq of line ${i + 1}`).toBe(i === 0 ? 0 : events[i - 1].seq + 1);
    if (i > 0) expect(e.t).toBeGreaterThanOrEqual(events[i - 1].t);
  });
  const states = ofType(events, 'state').map((e) => e.state);
  expect(states[0]).toBe('connecting');
  expect(states.at(-1)).toBe('closed');
  const order = ['connecting', 'open', 'closing', 'closed'];
  for (let i = 1; i < states.length; i++) expect(order.indexOf(states[i])).toBeGreaterThan(order.indexOf(states[i - 1]));
  const closes = events.filter((e) => e.type === 'close');
  expect(closes).toHaveLength(1);
  const closeAt = events.indexOf(closes[0]);
  expect(events.slice(closeAt + 1)).toEqual([expect.objectContaining({ type: 'state', state: 'closed' })]);
  return events;
}

const frames = (events: LogEvent[], dir: 'in' | 'out') => ofType(events, 'frame').filter((f) => f.dir === dir);
const closeOf = (events: LogEvent[]) => ofType(events, 'close')[0];

function expectUsageError(r: CliResult, names: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^framescope: /);
  expect(lines[0]).toMatch(names);
  expect(r.stderr).not.toMatch(/\n\s+at |Error:|internal error/);
  expect(r.stdout).toBe('');
}

describe('framescope connect --ndjson with -x lines', () => {
  it('runs every -x line in order once open and prints one valid event per line', async () => {
    const s = await echoServer();
    // /raw: a masked text frame "hi" with key 01020304, written by hand
    const r = await runCli([
      'connect', s.url, '--ndjson',
      '-x', 'hello',
      '-x', '/binary 0102ff',
      '-x', '/ping hi',
      '-x', '/pong',
      '-x', '/frame opcode=1 fin=1 payload=6869',
      '-x', '/raw 818201020304696b',
      '-x', '/sleep 50',
      '-x', '/close 4001 bye',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const events = parseLog(r);

    const types = events.map((e) => e.type);
    expect(types.slice(0, 4)).toEqual(['state', 'handshake-request', 'handshake-response', 'open']);
    const req = ofType(events, 'handshake-request')[0];
    expect(req.url).toBe(s.url);
    expect(ofType(events, 'handshake-response')[0].status).toBe(101);
    expect(ofType(events, 'open')[0]).toMatchObject({ protocol: '', extensions: '' });

    const out = frames(events, 'out');
    expect(out.map((f) => [f.opcode, f.payload, f.fin, f.masked, f.crafted ?? false])).toEqual([
      [1, hex('hello'), true, true, false],
      [2, '0102ff', true, true, false],
      [9, hex('hi'), true, true, false],
      [10, '', true, true, false],
      [1, hex('hi'), true, true, true],
      [1, hex('hi'), true, true, true],
      [8, '0fa1' + hex('bye'), true, true, false],
    ]);
    expect(out[5].maskKey).toBe('01020304');
    for (const f of out) expect([f.rsv1, f.rsv2, f.rsv3]).toEqual([false, false, false]);
    // the /sleep 50 came between the /raw frame and the close
    expect(out[6].t - out[5].t).toBeGreaterThanOrEqual(45);

    const outMessages = ofType(events, 'message').filter((m) => m.dir === 'out');
    expect(outMessages[0]).toMatchObject({ opcode: 1, length: 5, text: 'hello' });
    expect(outMessages[1]).toMatchObject({ opcode: 2, length: 3, data: '0102ff' });

    const inbound = frames(events, 'in');
    expect(inbound.map((f) => [f.opcode, f.payload, f.masked])).toEqual([
      [1, hex('hello'), false],
      [2, '0102ff', false],
      [10, hex('hi'), false],
      [1, hex('hi'), false],
      [1, hex('hi'), false],
      [8, '0fa1' + hex('bye'), false],
    ]);
    expect(typeof inbound[2].rttMs).toBe('number');

    expect(closeOf(events)).toMatchObject({ code: 4001, reason: 'bye', initiator: 'client', wasClean: true });
    // what the server saw, in order
    expect(s.got.messages).toEqual(['hello', Buffer.from([1, 2, 0xff]), 'hi', 'hi']);
    expect(s.got.pings).toEqual(['hi']);
    expect(s.got.pongs).toEqual(['']);
    expect(s.got.closes).toEqual([[4001, 'bye']]);
  });

  it('-w 0.2 stays that long once the input is used up, then closes with 1000', async () => {
    const s = await echoServer();
    const r = await runCli(['connect', s.url, '--ndjson', '-x', 'hello', '-w', '0.2']);
    expect(r.code, r.stderr).toBe(0);
    const events = parseLog(r);
    const out = frames(events, 'out');
    expect(out.map((f) => f.opcode)).toEqual([1, 8]);
    expect(out[1].payload).toBe('03e8');
    expect(out[1].t - out[0].t).toBeGreaterThanOrEqual(190);
    expect(closeOf(events)).toMatchObject({ code: 1000, initiator: 'client', wasClean: true });
    expect(s.got.closes).toEqual([[1000, '']]);
  });

  it('without -w waits for the server to close, and exits 0 after its clean close with 4000', async () => {
    const s = await server({}, (ws) => {
      ws.on('message', () => setTimeout(() => ws.close(4000, 'server done'), 300));
    });
    const r = await runCli(['connect', s.url, '--ndjson', '-x', 'done']);
    expect(r.code, r.stderr).toBe(0);
    const events = parseLog(r);
    const out = frames(events, 'out');
    const inbound = frames(events, 'in');
    expect(out.map((f) => f.opcode)).toEqual([1, 8]);
    expect(inbound.map((f) => f.opcode)).toEqual([8]);
    // our close only answers theirs, which came after the server's delay
    expect(inbound[0].seq).toBeLessThan(out[1].seq);
    expect(inbound[0].t - out[0].t).toBeGreaterThanOrEqual(250);
    expect(out[1].payload).toBe('0fa0');
    expect(closeOf(events)).toMatchObject({ code: 4000, reason: 'server done', initiator: 'server', wasClean: true });
  });
});

describe('framescope connect reading standard input', () => {
  it('sends the lines of standard input when there is no -x, until its end', async () => {
    const s = await echoServer();
    const r = await runCli(['connect', s.url, '--ndjson'], 'one\n/binary ab\n//slash\n/close 1000 bye\n');
    expect(r.code, r.stderr).toBe(0);
    const events = parseLog(r);
    expect(frames(events, 'out').map((f) => [f.opcode, f.payload])).toEqual([
      [1, hex('one')],
      [2, 'ab'],
      [1, hex('/slash')],
      [8, '03e8' + hex('bye')],
    ]);
    expect(s.got.messages).toEqual(['one', Buffer.from([0xab]), '/slash']);
    expect(s.got.closes).toEqual([[1000, 'bye']]);
  });

  it('ignores standard input when -x is given', async () => {
    const s = await echoServer();
    const r = await runCli(['connect', s.url, '--ndjson', '-x', 'from -x', '-w', '0.05'], 'from stdin\n');
    expect(r.code, r.stderr).toBe(0);
    expect(s.got.messages).toEqual(['from -x']);
  });

  it('with -w, closes with 1000 that long after standard input ends', async () => {
    const s = await echoServer();
    const r = await runCli(['connect', s.url, '--ndjson', '-w', '0.1'], 'piped\n');
    expect(r.code, r.stderr).toBe(0);
    const events = parseLog(r);
    expect(frames(events, 'out').map((f) => [f.opcode, f.payload])).toEqual([
      [1, hex('piped')],
      [8, '03e8'],
    ]);
  });

  it('reports a bad typed line on stderr and goes on with the session', async () => {
    const s = await echoServer();
    const cli = new Cli(['connect', s.url, '--ndjson']);
    await cli.waitForEvent((e) => e.type === 'open', 'the connection opened');
    cli.writeLine('/bogus 1');
    await cli.waitFor(() => cli.stderr.includes('\n'), 'an error on stderr');
    expect(cli.stderr).toMatch(/bogus/);
    cli.writeLine('/close 999');
    await cli.waitFor(() => cli.stderr.split('\n').length > 2, 'a second error on stderr');
    expect(cli.stderr.split('\n')[1]).toMatch(/999/);
    cli.writeLine('still here');
    await cli.waitForEvent((e) => e.type === 'frame' && e.dir === 'in' && e.payload === hex('still here'), 'the echo');
    cli.writeLine('/close 1000');
    cli.endInput();
    const r = await cli.exited;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const events = parseLog(r);
    expect(frames(events, 'out').map((f) => f.opcode)).toEqual([1, 8]);
    expect(s.got.messages).toEqual(['still here']);
  });
});

describe('framescope connect after our close', () => {
  it('refuses data after our close on stderr, yet sends crafted frames whatever the state', async () => {
    const s = await rawServer((socket, head) => {
      acceptUpgrade(socket, head);
      let seen = Buffer.alloc(0);
      socket.on('data', (d) => {
        seen = Buffer.concat([seen, d]);
        // the close (6 bytes masked), then the crafted frame (8 bytes): answer and end
        if (seen.length >= 14) socket.end(Buffer.from([0x88, 0x02, 0x03, 0xe8]));
      });
    });
    cleanups.push(() => s.close());
    const r = await runCli(['connect', `ws://127.0.0.1:${s.port}/`, '--ndjson', '-x', '/close 1000', '-x', 'too late', '-x', '/ping late', '-x', '/frame opcode=1 payload=6869']);
    expect(r.code, r.stderr).toBe(0);
    const events = parseLog(r);
    expect(frames(events, 'out').map((f) => [f.opcode, f.payload, f.crafted ?? false])).toEqual([
      [8, '03e8', false],
      [1, '6869', true],
    ]);
    const errs = r.stderr.trimEnd().split('\n');
    expect(errs).toHaveLength(2);
    expect(errs[0]).toMatch(/^framescope: .*close/);
    expect(errs[1]).toMatch(/^framescope: .*ping/);
    expect(closeOf(events)).toMatchObject({ code: 1000, initiator: 'client', wasClean: true });
  });

  it('exits when the server closes even though standard input is still open', async () => {
    const s = await server({}, (ws) => ws.close(4000, 'go away'));
    const cli = new Cli(['connect', s.url, '--ndjson']);
    const r = await cli.exited; // stdin never ends
    expect(r.code, r.stderr).toBe(0);
    expect(closeOf(parseLog(r))).toMatchObject({ code: 4000, reason: 'go away', initiator: 'server', wasClean: true });
  });
});

describe('framescope connect exit status 1: the connection failed', () => {
  it('a refused port', async () => {
    const port = await closedPort();
    const r = await runCli(['connect', `ws://127.0.0.1:${port}/`, '--ndjson']);
    expect(r.code).toBe(1);
    const events = parseLog(r);
    expect(ofType(events, 'error')[0]).toMatchObject({ fatal: true });
    expect(ofType(events, 'error')[0].code).toMatch(/REFUSED/);
    expect(closeOf(events)).toMatchObject({ code: null, initiator: 'client', wasClean: false });
    expect(ofType(events, 'state').map((e) => e.state)).toEqual(['connecting', 'closed']);
  });

  it('a non-101 answer, with its status and the start of its body in the output', async () => {
    const http = createHttpServer((req, res) => {
      res.writeHead(403, { 'Content-Type': 'text/plain' });
      res.end('access denied: this endpoint wants a token\nsecond line\n');
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => http.close(() => r())));
    const url = `ws://127.0.0.1:${(http.address() as { port: number }).port}/socket`;

    const human = await runCli(['connect', url]);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/\b403\b/);
    expect(human.stdout).toContain('access denied: this endpoint wants a token');

    const r = await runCli(['connect', url, '--ndjson']);
    expect(r.code).toBe(1);
    const events = parseLog(r);
    const res = ofType(events, 'handshake-response')[0];
    expect(res).toMatchObject({ status: 403, statusText: 'Forbidden' });
    expect(res.body).toMatch(/^access denied: this endpoint wants a token/);
    expect(ofType(events, 'frame')).toEqual([]);
    expect(ofType(events, 'state').map((e) => e.state)).toEqual(['connecting', 'closed']);
    expect(closeOf(events)).toMatchObject({ initiator: 'client', wasClean: false });
  });

  it('a protocol error by the server (a reserved opcode) fails the connection with 1002', async () => {
    const s = await rawServer((socket, head) => {
      acceptUpgrade(socket, head);
      socket.write(Buffer.from([0x83, 0x00])); // opcode 3 is reserved
      // answer the client's close like a server would, then end
      socket.on('data', (d) => {
        if ((d[0] & 0x0f) === 8) socket.end(Buffer.from([0x88, 0x02, 0x03, 0xea]));
      });
    });
    cleanups.push(() => s.close());
    const r = await runCli(['connect', `ws://127.0.0.1:${s.port}/`, '--ndjson']);
    expect(r.code, r.stdout).toBe(1);
    const events = parseLog(r);
    const err = ofType(events, 'error')[0];
    expect(err).toMatchObject({ code: 'WS_ERR_INVALID_OPCODE', closeCode: 1002, fatal: true });
    const out = frames(events, 'out');
    expect(out.map((f) => [f.opcode, f.payload.slice(0, 4)])).toEqual([[8, '03ea']]);
    expect(err.seq).toBeLessThan(closeOf(events).seq);
    expect(closeOf(events)).toMatchObject({ initiator: 'client', wasClean: false });
  });

  it('--lenient logs an RSV2 frame and a masked one as warnings and delivers their messages; without it the first fails the connection', async () => {
    const serve = () =>
      rawServer((socket, head) => {
        acceptUpgrade(socket, head);
        // "hi" with RSV2 set, then "ok" masked with 01020304: both forbidden to a server
        socket.write(Buffer.from([0xa1, 0x02, 0x68, 0x69, 0x81, 0x82, 0x01, 0x02, 0x03, 0x04, 0x6f ^ 0x01, 0x6b ^ 0x02]));
        socket.on('data', (d) => {
          if ((d[0] & 0x0f) === 8) socket.end(Buffer.from([0x88, 0x02, 0x03, 0xe8]));
        });
      });
    const lenient = await serve();
    cleanups.push(() => lenient.close());
    const r = await runCli(['connect', `ws://127.0.0.1:${lenient.port}/`, '--ndjson', '--lenient', '-x', '/sleep 100', '-x', '/close 1000']);
    const events = parseLog(r);
    expect(ofType(events, 'error').map((e) => [e.code, e.fatal])).toEqual([
      ['WS_ERR_UNEXPECTED_RSV_2', false],
      ['WS_ERR_UNEXPECTED_MASK', false],
    ]);
    expect(ofType(events, 'message').filter((m) => m.dir === 'in').map((m) => m.text)).toEqual(['hi', 'ok']);
    // the masked frame's payload as it was meant: the mask removed
    expect(frames(events, 'in').filter((f) => f.opcode < 8).map((f) => [f.masked, f.payload])).toEqual([
      [false, '6869'],
      [true, '6f6b'],
    ]);

    const strict = await serve();
    cleanups.push(() => strict.close());
    const failed = parseLog(await runCli(['connect', `ws://127.0.0.1:${strict.port}/`, '--ndjson']));
    expect(ofType(failed, 'error')[0]).toMatchObject({ code: 'WS_ERR_UNEXPECTED_RSV_2', closeCode: 1002, fatal: true });
    expect(ofType(failed, 'message')).toEqual([]);
  });

  it('--max-payload: a longer message fails the connection with 1009', async () => {
    const s = await rawServer((socket, head) => {
      acceptUpgrade(socket, head);
      socket.write(Buffer.concat([Buffer.from([0x82, 0x10]), Buffer.alloc(16, 7)]));
      socket.on('data', (d) => {
        if ((d[0] & 0x0f) === 8) socket.end(Buffer.from([0x88, 0x02, 0x03, 0xf1]));
      });
    });
    cleanups.push(() => s.close());
    const r = await runCli(['connect', `ws://127.0.0.1:${s.port}/`, '--ndjson', '--max-payload', '8']);
    expect(r.code).toBe(1);
    const events = parseLog(r);
    expect(ofType(events, 'error')[0]).toMatchObject({ code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', closeCode: 1009, fatal: true });
    expect(frames(events, 'out').map((f) => [f.opcode, f.payload.slice(0, 4)])).toEqual([[8, '03f1']]);
    expect(closeOf(events)).toMatchObject({ initiator: 'client', wasClean: false });
  });

  it('the server closing TCP in the middle of a frame: an error names the truncated frame, with its bytes so far', async () => {
    const s = await rawServer((socket, head) => {
      acceptUpgrade(socket, head);
      // a whole "hi", then a frame announcing 10 bytes of which 3 arrive, then FIN
      socket.end(Buffer.from([0x81, 0x02, 0x68, 0x69, 0x82, 0x0a, 0x01, 0x02, 0x03]));
    });
    cleanups.push(() => s.close());
    const r = await runCli(['connect', `ws://127.0.0.1:${s.port}/`, '--ndjson']);
    expect(r.code).toBe(1);
    const events = parseLog(r);
    expect(frames(events, 'in').map((f) => f.opcode)).toEqual([1]);
    const err = ofType(events, 'error').find((e) => e.code === 'WS_ERR_TRUNCATED_FRAME');
    expect(err).toMatchObject({ fatal: true });
    expect(err!.message).toContain('3 bytes');
    expect(err!.message).toContain('010203');
    expect(err!.seq).toBeLessThan(closeOf(events).seq);
    expect(closeOf(events)).toMatchObject({ code: null, initiator: 'none', wasClean: false });
  });

  it('the server dropping the TCP connection without a close frame', async () => {
    const s = await rawServer((socket, head) => {
      acceptUpgrade(socket, head);
      socket.end(Buffer.from([0x81, 0x02, 0x68, 0x69])); // "hi", then FIN
    });
    cleanups.push(() => s.close());
    const r = await runCli(['connect', `ws://127.0.0.1:${s.port}/`, '--ndjson']);
    expect(r.code).toBe(1);
    const events = parseLog(r);
    expect(frames(events, 'in').map((f) => f.opcode)).toEqual([1]);
    expect(closeOf(events)).toMatchObject({ code: null, initiator: 'none', wasClean: false });
  });

  it('a close timeout: the server never answers our close', async () => {
    const s = await rawServer((socket, head) => acceptUpgrade(socket, head));
    cleanups.push(() => s.close());
    const r = await runCli(['connect', `ws://127.0.0.1:${s.port}/`, '--ndjson', '--close-timeout', '300', '-x', '/close 1000']);
    expect(r.code).toBe(1);
    const events = parseLog(r);
    expect(ofType(events, 'error').map((e) => e.code)).toEqual(['WS_ERR_CLOSE_TIMEOUT']);
    const out = frames(events, 'out');
    expect(closeOf(events).t - out[0].t).toBeGreaterThanOrEqual(290);
    expect(closeOf(events)).toMatchObject({ code: null, wasClean: false });
  });

  it('--ping-interval 100 --pong-timeout 300 against a server that never pongs ends with WS_ERR_PONG_TIMEOUT', async () => {
    let pings = 0;
    const s = await server({ autoPong: false }, (ws) => ws.on('ping', () => pings++));
    const r = await runCli(['connect', s.url, '--ndjson', '--ping-interval', '100', '--pong-timeout', '300']);
    expect(r.code).toBe(1);
    const events = parseLog(r);
    const err = ofType(events, 'error')[0];
    expect(err).toMatchObject({ code: 'WS_ERR_PONG_TIMEOUT', closeCode: 1011, fatal: true });
    const out = frames(events, 'out');
    expect(out[0]).toMatchObject({ opcode: 9, payload: hex('framescope-1') });
    const close = out.find((f) => f.opcode === 8)!;
    expect(close.payload.slice(0, 4)).toBe('03f3');
    // the first ping went unanswered for the whole timeout
    expect(err.t - out[0].t).toBeGreaterThanOrEqual(290);
    expect(closeOf(events)).toMatchObject({ initiator: 'client', wasClean: false });
    expect(pings).toBeGreaterThanOrEqual(1);
  });

  it('a heartbeat the server answers keeps the connection open (the pong timeout can tell)', async () => {
    const s = await server({}, () => {});
    const cli = new Cli(['connect', s.url, '--ndjson', '--ping-interval', '100', '--pong-timeout', '300']);
    // five answered pings take longer than the pong timeout
    await cli.waitFor(() => frames(cli.events(), 'in').filter((f) => f.opcode === 10 && f.rttMs !== undefined).length >= 5, 'five pongs');
    cli.writeLine('/close 1000');
    cli.endInput();
    const r = await cli.exited;
    expect(r.code, r.stdout).toBe(0);
    expect(ofType(parseLog(r), 'error')).toEqual([]);
  });
});

describe('framescope connect exit status 2: usage errors', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown option', ['--bogus-option'], /bogus-option/],
    ['a URL that is not ws/wss', ['URL=http://x'], /ws:\/\//],
    ['a port out of range', ['URL=ws://127.0.0.1:99999/'], /port 99999 .*out of range/],
    ['a URL without a host', ['URL=ws:///path'], /ws:\/\/\/path" has no host/],
    ['bad hex in /binary', ['-x', '/binary zz'], /\/binary/],
    ['close code 999', ['-x', '/close 999'], /999/],
    ['close code 5000', ['-x', '/close 5000'], /5000/],
    ['/frame without opcode', ['-x', '/frame fin=1 payload=00'], /opcode/],
    ['an unknown slash command in -x', ['-x', '/frobnicate now'], /frobnicate/],
    ['--ping-interval abc', ['--ping-interval', 'abc'], /--ping-interval.*abc/],
    ['a bad -w', ['-w', 'soon'], /--wait|-w/],
    ['--pong-timeout without --ping-interval', ['--pong-timeout', '100'], /--ping-interval/],
    ['two URLs', ['ws://127.0.0.1:1/'], /URL/],
    ['a subprotocol that would add a header line', ['-s', 'chat\r\nX-Injected: 1'], /--subprotocol.*not a valid token/],
    ['an Origin that is not an origin', ['--origin', 'http://o.example/path'], /--origin.*not an origin/],
  ];
  for (const [name, extra, names] of cases) {
    it(`${name}: one line on stderr, no connection attempt`, async () => {
      const s = await rawServer(() => {});
      cleanups.push(() => s.close());
      const url = `ws://127.0.0.1:${s.port}/`;
      const args = extra[0].startsWith('URL=') ? ['connect', extra[0].slice(4)] : ['connect', url, ...extra];
      const r = await runCli(args);
      expectUsageError(r, names);
      await new Promise((res) => setImmediate(res));
      expect(s.connections).toBe(0);
    });
  }

  it('no URL at all', async () => {
    expectUsageError(await runCli(['connect']), /URL/);
  });

  it('an unknown command', async () => {
    expectUsageError(await runCli(['frobnicate']), /frobnicate/);
  });
});

describe('framescope connect human view', () => {
  it('writes an IPv6 remote address in brackets, as in a URL', async () => {
    const wss = new WebSocketServer({ host: '::1', port: 0 });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    cleanups.push(() => new Promise<void>((r) => wss.close(() => r())));
    const port = (wss.address() as { port: number }).port;
    const r = await runCli(['connect', `ws://[::1]:${port}/`, '-x', '/close 1000']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`remote=[::1]:${port}`);
  });

  it('shows one line per frame: direction, opcode name, flags, length, payload preview', async () => {
    const s = await echoServer();
    const r = await runCli(['connect', s.url, '-x', 'hello world', '-x', '/binary 0102ff', '-x', '/ping hi', '-x', '/close 1000 done']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.some((l) => l.trimStart().startsWith('{'))).toBe(false);
    const one = (re: RegExp) => {
      const hits = lines.filter((l) => re.test(l));
      expect(hits, `a line matching ${re}\n${r.stdout}`).toHaveLength(1);
    };
    one(/(->|\bout\b).*\btext\b.*\bFIN\b.*\bMASK [0-9a-f]{8}\b.*\b11 B\b.*hello world/);
    one(/(<-|\bin\b).*\btext\b.*\bFIN\b.*\b11 B\b.*hello world/);
    one(/(->|\bout\b).*\bbinary\b.*\bFIN\b.*\bMASK\b.*\b3 B\b.*0102ff/);
    one(/(<-|\bin\b).*\bbinary\b.*\bFIN\b.*\b3 B\b.*0102ff/);
    one(/(->|\bout\b).*\bping\b.*\bFIN\b.*\b2 B\b.*\bhi\b/);
    one(/(<-|\bin\b).*\bpong\b.*\bFIN\b.*\b2 B\b.*\bhi\b/);
    one(/(->|\bout\b).*\bclose\b.*\bFIN\b.*\b6 B\b.*1000.*done/);
    one(/(<-|\bin\b).*\bclose\b.*\bFIN\b.*\b6 B\b.*1000.*done/);
    // incoming frames are not masked
    for (const l of lines.filter((x) => /(<-|\bin\b).*\b(text|binary|pong|close)\b/.test(x))) expect(l).not.toMatch(/MASK/);
  });
});

describe('framescope connect human view of compressed messages', () => {
  it('marks every frame of a compressed fragmented message as compressed, and shows the inflated message', async () => {
    const s = await server({ perMessageDeflate: { threshold: 0 } }, (ws) => {
      ws.on('message', () => {
        ws.send('first part, ', { fin: false });
        ws.send('second part, ', { fin: false });
        ws.send('last part', { fin: true });
      });
    });
    const cli = new Cli(['connect', s.url, '--deflate']);
    await cli.waitFor(() => /\* open\b/.test(cli.stdout), 'open');
    cli.writeLine('go');
    await cli.waitFor(() => /first part, second part, last part/.test(cli.stdout), 'the inflated message');
    cli.writeLine('/close 1000');
    cli.endInput();
    const r = await cli.exited;
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const inData = lines.filter((l) => /(<-|\bin\b).*\b(text|continuation)\b/.test(l) && !/\bmessage\b/.test(l));
    expect(inData, r.stdout).toHaveLength(3);
    expect(inData[0]).toMatch(/\bRSV1\b/);
    // only the first frame carries RSV1, but all three hold compressed bytes
    for (const l of inData) expect(l, r.stdout).toMatch(/\(compressed\)/);
    expect(lines.filter((l) => /message text 34 B \(3 frames, inflated\)\s+first part, second part, last part/.test(l))).toHaveLength(1);
  });
});

describe('framescope connect pings and handshake options', () => {
  async function pingingServer() {
    const pongs: string[] = [];
    const s = await server({}, (ws) => {
      ws.on('pong', (d) => pongs.push(d.toString('utf8')));
      ws.ping('srv-ping');
    });
    return { ...s, pongs };
  }

  async function pingedSession(flags: string[]) {
    const s = await pingingServer();
    const cli = new Cli(['connect', s.url, '--ndjson', ...flags]);
    await cli.waitForEvent((e) => e.type === 'frame' && e.dir === 'in' && e.opcode === 9, 'the server ping');
    cli.writeLine('/close 1000');
    cli.endInput();
    const r = await cli.exited;
    expect(r.code, r.stderr).toBe(0);
    return { events: parseLog(r), pongs: s.pongs };
  }

  it('answers a server ping by default', async () => {
    const { events, pongs } = await pingedSession([]);
    expect(frames(events, 'out').map((f) => [f.opcode, f.payload])).toEqual([
      [10, hex('srv-ping')],
      [8, '03e8'],
    ]);
    expect(pongs).toEqual(['srv-ping']);
  });

  it('--no-auto-pong leaves a server ping unanswered', async () => {
    const { events, pongs } = await pingedSession(['--no-auto-pong']);
    expect(frames(events, 'in')[0]).toMatchObject({ opcode: 9, payload: hex('srv-ping') });
    expect(frames(events, 'out').map((f) => f.opcode)).toEqual([8]);
    expect(pongs).toEqual([]);
  });

  it('-H, -s and --origin reach the server', async () => {
    let seen: Record<string, string | string[] | undefined> = {};
    const s = await server({ handleProtocols: (offered) => (offered.has('chat') ? 'chat' : false) }, (ws, req) => {
      seen = req.headers;
    });
    const r = await runCli(['connect', s.url, '--ndjson', '-H', 'X-Test: 1', '-s', 'chat', '--origin', 'http://o.example', '-x', '/close 1000']);
    expect(r.code, r.stderr).toBe(0);
    expect(seen['x-test']).toBe('1');
    expect(seen['sec-websocket-protocol']).toBe('chat');
    expect(seen['origin']).toBe('http://o.example');
    const events = parseLog(r);
    const sent = ofType(events, 'handshake-request')[0].headers.map(([n, v]) => [n.toLowerCase(), v]);
    expect(sent).toContainEqual(['x-test', '1']);
    expect(sent).toContainEqual(['sec-websocket-protocol', 'chat']);
    expect(sent).toContainEqual(['origin', 'http://o.example']);
    expect(ofType(events, 'open')[0].protocol).toBe('chat');
  });

  it('-H is repeatable: two headers of one name both go out, in order, and the log has what the wire had', async () => {
    let head = '';
    const s = await rawServer((socket, first) => {
      head = first.toString('latin1');
      acceptUpgrade(socket, first);
      socket.end(Buffer.from([0x88, 0x02, 0x03, 0xe8]));
    });
    cleanups.push(() => s.close());
    const r = await runCli(['connect', `ws://127.0.0.1:${s.port}/`, '--ndjson', '-H', 'X-Dup: 1', '-H', 'X-Other: x', '-H', 'X-Dup: 2']);
    expect(r.code, r.stderr).toBe(0);
    const lines = head.split('\r\n').slice(1, -2);
    expect(lines.filter((l) => /^X-/.test(l))).toEqual(['X-Dup: 1', 'X-Other: x', 'X-Dup: 2']);
    expect(ofType(parseLog(r), 'handshake-request')[0].headers.map(([n, v]) => `${n}: ${v}`)).toEqual(lines);
  });
});
