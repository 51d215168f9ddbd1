// Proof that the log says what really crossed loopback: tshark captures a
// session and dissects it independently; every frame event of our log must
// match a frame tshark saw, in order, in both directions, and the handshake
// request must carry exactly the headers we logged.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { asLogEvents, Connection } from '../../electron/net/connection.js';
import type { FrameLogEvent, LogEvent } from '../../shared/log-events.js';
import { ofType, wsServer } from '../support/processes.js';

const tsharkVersion = spawnSync('tshark', ['--version'], { encoding: 'utf8' });
const haveTshark = tsharkVersion.status === 0;
if (!haveTshark) console.warn('SKIPPED wire test: tshark is not installed (apt-get install tshark)');

const dir = mkdtempSync(join(tmpdir(), 'framescope-wire-'));
afterAll(() => { if (!process.env.KEEP_WIRE) rmSync(dir, { recursive: true, force: true }); });

interface WireFrame {
  dir: 'in' | 'out';
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  masked: boolean;
  maskKey: string | null;
  length: number;
  payload: string;
}

/**
 * Starts tshark on lo. "Capturing on" comes before the capture is really
 * live, so `probe()` makes a throwaway TCP connection to the port and
 * resolves once tshark printed one of its packets (-P prints a line per
 * packet). A probe before the session proves the capture is live; a probe
 * after it proves every packet of the session went through.
 */
function startCapture(port: number, file: string) {
  const child = spawn('tshark', ['-i', 'lo', '-f', `tcp port ${port}`, '-w', file, '-P', '-l'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  const changed: (() => void)[] = [];
  const poke = () => changed.splice(0).forEach((f) => f());
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  void exited.then(poke);
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    stdout += s;
    poke();
  });
  const capturing = new Promise<string | null>((resolve) => {
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
      if (/Capturing on/.test(stderr)) resolve(null);
    });
    void exited.then((code) => resolve(`tshark exited (${code}) before capturing:\n${stderr}`));
  });
  /** A throwaway TCP connection to the port, until tshark shows one of its packets. */
  const probe = async () => {
    for (let attempt = 0; ; attempt++) {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.on('error', () => {});
      await new Promise((r) => socket.once('connect', r));
      const local = socket.localPort!;
      socket.destroy();
      const seen = () => new RegExp(`\\b${local}\\b`).test(stdout);
      // tshark prints the probe's packets within a moment once live; try a fresh probe otherwise
      const until = Date.now() + 500;
      while (!seen() && child.exitCode === null && Date.now() < until) {
        await new Promise<void>((r) => {
          changed.push(r);
          setTimeout(r, until - Date.now());
        });
      }
      if (seen()) return;
      if (child.exitCode !== null || attempt >= 40) throw new Error(`tshark never showed a probe packet:\n${stderr}\n${stdout}`);
    }
  };
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
    return stderr;
  };
  return { capturing, probe, stop };
}

type Layer = Record<string, unknown>;
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const raw = (layer: Layer, field: string): string | undefined => {
  const r = layer[`${field}_raw`] as unknown[] | undefined;
  if (!r) return undefined;
  // a field repeated under --no-duplicate-keys becomes a list of raw arrays
  return (Array.isArray(r[0]) ? (r[0] as unknown[])[0] : r[0]) as string;
};

function tsharkJson(file: string, port: number, filter: string, layers: string): { _source: { layers: Record<string, Layer | Layer[]> } }[] {
  const r = spawnSync('tshark', ['-r', file, '-d', `tcp.port==${port},http`, '-Y', filter, '-T', 'json', '-x', '--no-duplicate-keys', '-J', layers], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`tshark -r failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The WebSocket frames tshark dissected, in capture order. */
function dissectedFrames(file: string, port: number): WireFrame[] {
  const out: WireFrame[] = [];
  for (const packet of tsharkJson(file, port, 'websocket', 'tcp websocket')) {
    const tcp = packet._source.layers.tcp as Layer;
    const dir = Number(tcp['tcp.srcport']) === port ? 'in' : 'out';
    for (const ws of list(packet._source.layers.websocket)) {
      const rsv = Number(ws['websocket.rsv']);
      const masked = ws['websocket.mask'] === '1';
      let length = Number(ws['websocket.payload_length']);
      if (length === 126) length = Number(ws['websocket.payload_length_ext_16']);
      if (length === 127) length = Number(ws['websocket.payload_length_ext_64']);
      const maskKey = masked ? raw(ws, 'websocket.masking_key')! : null;
      let payload = '';
      if (masked && length > 0) {
        // unmask the bytes as they were on the wire ourselves...
        const wire = Buffer.from(raw(ws, 'websocket.masked_payload')!, 'hex');
        const key = Buffer.from(maskKey!, 'hex');
        payload = Buffer.from(wire.map((b, i) => b ^ key[i % 4])).toString('hex');
        // ...and agree with tshark's own unmasking
        expect(raw(ws, 'websocket.payload')).toBe(payload);
      } else if (length > 0) {
        payload = raw(ws, 'websocket.payload')!;
      }
      out.push({
        dir,
        fin: ws['websocket.fin'] === '1',
        rsv1: (rsv & 4) !== 0,
        rsv2: (rsv & 2) !== 0,
        rsv3: (rsv & 1) !== 0,
        opcode: Number(ws['websocket.opcode']),
        masked,
        maskKey,
        length,
        payload,
      });
    }
  }
  return out;
}

/** The upgrade request tshark saw: request line and header lines, in order. */
function dissectedRequest(file: string, port: number): { method: string; uri: string; headers: [string, string][] } {
  const packets = tsharkJson(file, port, 'http.request', 'http');
  expect(packets).toHaveLength(1);
  const http = packets[0]._source.layers.http as Layer;
  const lines = list(http['http.request.line'] as string | string[]);
  const requestLine = http[Object.keys(http).find((k) => / HTTP\/1\.1\\r\\n$/.test(k))!] as Layer;
  return {
    method: requestLine['http.request.method'] as string,
    uri: requestLine['http.request.uri'] as string,
    headers: headerLines(lines),
  };
}

/** The 101 answer tshark saw: status and header lines, in order. */
function dissectedResponse(file: string, port: number): { status: number; headers: [string, string][] } {
  const packets = tsharkJson(file, port, 'http.response', 'http');
  expect(packets).toHaveLength(1);
  const http = packets[0]._source.layers.http as Layer;
  const statusLine = Object.keys(http).find((k) => /^HTTP\/1\.1 \d{3}/.test(k));
  const status = (http[statusLine!] as Layer)['http.response.code'];
  return { status: Number(status), headers: headerLines(list(http['http.response.line'] as string | string[])) };
}

function headerLines(lines: string[]): [string, string][] {
  return lines.map((l) => {
    const line = l.replace(/\r\n$/, '');
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
}

it.skipIf(!haveTshark)('every frame in the log is the frame tshark saw on lo, in order, both directions; the handshake headers too', async (ctx) => {
  // the server: echoes, greets, pings, and sends a long message back
  const s = await wsServer({}, (ws) => {
    ws.send('welcome');
    ws.ping('srv-ping');
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  });
  const file = join(dir, 'session.pcapng');
  const capture = startCapture(s.port, file);
  try {
    const problem = await capture.capturing;
    if (problem) {
      if (/permission|not permitted|Operation not permitted|You don't have/i.test(problem)) {
        console.warn(`SKIPPED wire test: tshark cannot capture on lo here: ${problem.trim().split('\n').at(-1)}`);
        ctx.skip();
      }
      throw new Error(problem);
    }
    await capture.probe();

    const events: LogEvent[] = [];
    let opened!: () => void;
    const open = new Promise<void>((r) => (opened = r));
    let ponged!: () => void;
    const pong = new Promise<void>((r) => (ponged = r));
    const conn = new Connection({ url: `${s.url}wire?q=1`, headers: [['X-Wire', 'check']], origin: 'http://wire.example' }, asLogEvents((e) => {
      events.push(e);
      if (e.type === 'open') opened();
      if (e.type === 'frame' && e.dir === 'in' && e.opcode === 10) ponged();
    }));
    conn.connect();
    await open;
    conn.sendText('hello, wire');
    conn.sendBinary(new Uint8Array(200).map((_, i) => i)); // 16-bit length
    conn.sendBinary(new Uint8Array(70_000).map((_, i) => (i * 31) % 256)); // 64-bit length, several TCP segments
    conn.sendText('split in three frames', 3);
    conn.sendFrame({ opcode: 1, payload: Buffer.from('crafted'), maskKey: Buffer.from('deadbeef', 'hex') });
    conn.ping(Buffer.from('our ping'));
    conn.pong(Buffer.from('unsolicited'));
    await pong; // our ping's pong: everything before it has been echoed
    conn.close(1000, 'done');
    const close = await conn.done;
    expect(close).toMatchObject({ code: 1000, wasClean: true });
    await capture.probe(); // the session's last packets came before these
    await capture.stop();

    const logged = ofType(events, 'frame');
    const wire = dissectedFrames(file, s.port);
    const pick = (f: FrameLogEvent | WireFrame): WireFrame => ({
      dir: f.dir,
      fin: f.fin,
      rsv1: f.rsv1,
      rsv2: f.rsv2,
      rsv3: f.rsv3,
      opcode: f.opcode,
      masked: f.masked,
      maskKey: f.maskKey,
      length: f.length,
      payload: f.payload,
    });
    for (const d of ['out', 'in'] as const) {
      const ours = logged.filter((f) => f.dir === d).map(pick);
      const theirs = wire.filter((f) => f.dir === d);
      // compare summaries first for a readable failure, then everything
      expect(theirs.map((f) => `${f.opcode}:${f.length}`), `${d} frames`).toEqual(ours.map((f) => `${f.opcode}:${f.length}`));
      expect(theirs, `${d} frames`).toEqual(ours);
    }
    expect(logged.filter((f) => f.dir === 'out')).toHaveLength(11);
    // welcome, the server's ping, five echoes, the pong to our ping, the close
    expect(logged.filter((f) => f.dir === 'in')).toHaveLength(9);
    expect(logged.find((f) => f.crafted)?.maskKey).toBe('deadbeef');

    const req = ofType(events, 'handshake-request')[0];
    const seen = dissectedRequest(file, s.port);
    expect(seen.method).toBe(req.method);
    expect(seen.uri).toBe('/wire?q=1');
    expect(seen.headers).toEqual(req.headers);
    expect(seen.headers).toContainEqual(['X-Wire', 'check']);

    const res = ofType(events, 'handshake-response')[0];
    const answer = dissectedResponse(file, s.port);
    expect(answer.status).toBe(res.status);
    expect(answer.headers).toEqual(res.headers);
  } finally {
    await capture.stop();
    await s.close();
  }
});
