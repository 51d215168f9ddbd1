// Interoperability with a second, independent implementation: Debian's
// python3-websockets (10.4) as the server, our Connection as the client.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asLogEvents, Connection, type ConnectOptions } from '../../electron/net/connection.js';
import type { LogEvent } from '../../shared/log-events.js';
import { ofType, ROOT } from '../support/processes.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(ROOT, 'test/support/python_ws_server.py');

function pythonWebsockets(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import websockets; print(websockets.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}
const version = pythonWebsockets();
if (!version) console.warn(`SKIPPED python-peer tests: ${PYTHON} cannot import websockets (apt-get install python3-websockets)`);

const hex = (s: string | Uint8Array) => Buffer.from(s as string).toString('hex');

/** Starts the python server; resolves with its port once it printed it. */
function startPython(mode: 'deflate' | 'none'): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(PYTHON, [SCRIPT, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', (line) => resolve({ child, port: Number(line) }));
    child.once('exit', (code) => reject(new Error(`the python server exited (${code}) before printing its port:\n${stderr}`)));
  });
}

/** A Connection whose events can be awaited. */
class Session {
  readonly events: LogEvent[] = [];
  readonly conn: Connection;
  private waiters: (() => void)[] = [];

  constructor(options: ConnectOptions) {
    this.conn = new Connection(options, asLogEvents((e) => {
      this.events.push(e);
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f();
    }));
    this.conn.connect();
  }

  async waitFor<T extends LogEvent>(pred: (e: LogEvent) => e is T, what: string): Promise<T>;
  async waitFor(pred: (e: LogEvent) => boolean, what: string): Promise<LogEvent>;
  async waitFor(pred: (e: LogEvent) => boolean, what: string): Promise<LogEvent> {
    for (;;) {
      const hit = this.events.find(pred);
      if (hit) return hit;
      if (this.events.some((e) => e.type === 'close')) throw new Error(`the connection closed before ${what}: ${JSON.stringify(this.events, null, 1)}`);
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  inbound(n: number): Promise<Extract<LogEvent, { type: 'message' }>[]> {
    return this.waitFor(() => this.messages('in').length >= n, `${n} incoming messages`).then(() => this.messages('in'));
  }

  messages(dir: 'in' | 'out') {
    return ofType(this.events, 'message').filter((m) => m.dir === dir);
  }

  frames(dir: 'in' | 'out') {
    return ofType(this.events, 'frame').filter((f) => f.dir === dir);
  }
}

describe.skipIf(!version)(`interoperability with python-websockets ${version ?? '(missing)'}`, () => {
  for (const mode of ['deflate', 'none'] as const) {
    describe(`server compression=${mode === 'deflate' ? '"deflate"' : 'None'}`, () => {
      let server: { child: ChildProcess; port: number };
      beforeAll(async () => {
        server = await startPython(mode);
      });
      afterAll(() => {
        server?.child.kill('SIGKILL');
      });
      const url = (path: string) => `ws://127.0.0.1:${server.port}${path}`;

      it('echoes text and binary messages, small and large, whole', async () => {
        const s = new Session({ url: url('/echo'), deflate: true });
        await s.waitFor((e) => e.type === 'open', 'open');
        const open = ofType(s.events, 'open')[0];
        if (mode === 'deflate') expect(open.extensions).toMatch(/^permessage-deflate\b/);
        else expect(open.extensions).toBe('');

        const long = 'All work and no play makes Jack a dull boy. '.repeat(2000); // 88000 bytes, compresses well
        const bin = new Uint8Array(70_000).map((_, i) => (i * 7919) % 251);
        s.conn.sendText('hello from framescope');
        s.conn.sendBinary(new Uint8Array([0, 1, 2, 0xfe, 0xff]));
        s.conn.sendText(long);
        s.conn.sendBinary(bin);
        s.conn.sendText('héllo ✓ 🎉', 3); // fragmented, multi-byte characters split across frames
        const got = await s.inbound(5);
        expect(got.map((m) => m.opcode)).toEqual([1, 2, 1, 2, 1]);
        expect(got[0].text).toBe('hello from framescope');
        expect(got[1].data).toBe('000102feff');
        expect(got[2].text).toBe(long);
        expect(got[2].length).toBe(long.length);
        expect(got[3].data).toBe(hex(bin));
        expect(got[4].text).toBe('héllo ✓ 🎉');

        const dataIn = s.frames('in').filter((f) => f.opcode === 1 || f.opcode === 2);
        const dataOut = s.frames('out').filter((f) => f.opcode <= 2);
        expect(dataOut.filter((f) => f.opcode === 0).length).toBeGreaterThanOrEqual(1);
        if (mode === 'deflate') {
          // compressed both ways: RSV1 on the first frame, and the long text shrank on the wire
          expect(dataIn.every((f) => f.rsv1)).toBe(true);
          expect(dataOut.filter((f) => f.opcode !== 0).every((f) => f.rsv1)).toBe(true);
          expect(dataIn[2].length).toBeLessThan(long.length / 10);
          expect(s.messages('out')[2].length).toBe(long.length);
        } else {
          expect(s.frames('in').some((f) => f.rsv1) || s.frames('out').some((f) => f.rsv1)).toBe(false);
          expect(dataIn[2].payload).toBe(hex(long));
        }
        expect(s.events.filter((e) => e.type === 'error')).toEqual([]);

        s.conn.close(1000, 'bye');
        const close = await s.conn.done;
        expect(close).toMatchObject({ code: 1000, reason: 'bye', initiator: 'client', wasClean: true });
      });

      it('negotiates what the server reports, and the handshake it saw is the one we logged', async () => {
        const s = new Session({ url: url('/info'), deflate: true, headers: [['X-Interop', 'yes']] });
        const [info] = await s.inbound(1);
        const seen = JSON.parse(info.text!) as { request: [string, string][]; extensions: string; websockets: string };
        expect(seen.websockets).toBe(version);
        const sent = ofType(s.events, 'handshake-request')[0].headers;
        expect(seen.request).toEqual(sent);
        expect(ofType(s.events, 'open')[0].extensions).toBe(seen.extensions);
        if (mode === 'deflate') expect(seen.extensions).toMatch(/^permessage-deflate/);
        else expect(seen.extensions).toBe('');
        s.conn.close(1000);
        expect(await s.conn.done).toMatchObject({ code: 1000, wasClean: true });
      });

      it('reassembles a message the server sent in fragments', async () => {
        const s = new Session({ url: url('/fragments'), deflate: true });
        const [m] = await s.inbound(1);
        expect(m.text).toBe('fragment one, fragment two, fragment three');
        const frames = s.frames('in').filter((f) => f.opcode <= 2);
        expect(frames[0]).toMatchObject({ opcode: 1, fin: false, rsv1: mode === 'deflate' });
        expect(frames.slice(1).every((f) => f.opcode === 0 && !f.rsv1)).toBe(true);
        expect(frames.at(-1)!.fin).toBe(true);
        s.conn.close(1000);
        expect(await s.conn.done).toMatchObject({ wasClean: true });
      });

      for (const [code, reason] of [
        [1000, 'normal bye'],
        [4000, 'custom bye'],
      ] as const) {
        it(`the server closing with ${code} "${reason}" is a clean close it initiated`, async () => {
          const s = new Session({ url: url(`/close/${code}/${encodeURIComponent(reason)}`), deflate: true });
          const close = await s.conn.done;
          expect(close).toMatchObject({ code, reason, initiator: 'server', wasClean: true });
          const inClose = s.frames('in').find((f) => f.opcode === 8)!;
          const outClose = s.frames('out').find((f) => f.opcode === 8)!;
          expect(inClose.payload).toBe(code.toString(16).padStart(4, '0') + hex(reason));
          // we echo the code (RFC 6455 section 5.5.1) after receiving theirs
          expect(outClose.payload.slice(0, 4)).toBe(code.toString(16).padStart(4, '0'));
          expect(outClose.seq).toBeGreaterThan(inClose.seq);
          expect(ofType(s.events, 'state').map((e) => e.state)).toEqual(['connecting', 'open', 'closing', 'closed']);
        });
      }

      it('answers the server ping with a pong it accepts', async () => {
        const s = new Session({ url: url('/ping'), deflate: true });
        const [m] = await s.inbound(1);
        expect(m.text).toBe('pong received');
        expect(s.frames('in')[0]).toMatchObject({ opcode: 9, payload: hex('py-ping') });
        const pong = s.frames('out').find((f) => f.opcode === 10)!;
        expect(pong).toMatchObject({ payload: hex('py-ping'), masked: true });
        s.conn.close(1000);
        expect(await s.conn.done).toMatchObject({ wasClean: true });
      });

      it('a ping of ours gets its pong, matched with a round-trip time', async () => {
        const s = new Session({ url: url('/echo'), deflate: true });
        await s.waitFor((e) => e.type === 'open', 'open');
        s.conn.ping(Buffer.from('are you there'));
        const pong = await s.waitFor((e) => e.type === 'frame' && e.dir === 'in' && e.opcode === 10, 'the pong');
        expect(pong).toMatchObject({ payload: hex('are you there') });
        expect(typeof (pong as { rttMs?: number }).rttMs).toBe('number');
        s.conn.close(1000);
        expect(await s.conn.done).toMatchObject({ wasClean: true });
      });
    });
  }
});
