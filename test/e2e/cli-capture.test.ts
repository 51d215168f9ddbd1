// `framescope connect` under load, as a process: its peak memory read from
// the process itself (test/support/report-rss.mjs). A 100 MiB message and a
// deflate bomb within the limit stay under three times their size; standard
// output that is not read holds the server back through TCP instead of
// growing; standard input is not read while the server takes nothing, and a
// send queue that never drains fails with WS_ERR_SEND_TIMEOUT. The app's
// pipeline (recording on) holds a 100 MiB message within the same bound.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { ensureBuilt, ROOT } from '../support/processes.js';
import { floodServer } from '../support/flood-server.js';

const MiB = 1024 * 1024;
const CLI = join(ROOT, 'dist/electron/cli.js');
const RSS = join(ROOT, 'test/support/report-rss.mjs');

beforeAll(() => ensureBuilt());

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

interface Measured {
  child: ChildProcessWithoutNullStreams;
  /** output bytes seen, the events of --ndjson counted by type as they stream by (never all held), and the output's last 64 KiB */
  stdoutBytes: number;
  lines: Record<string, number>;
  tail: string;
  stderr: string;
  exited: Promise<{ code: number | null; maxRssMb: number }>;
}

/** Runs a node script with its peak RSS reported at exit; stdout is counted line by line as it streams. */
function measured(args: string[]): Measured {
  const child = spawn(process.execPath, ['--import', RSS, ...args], { stdio: 'pipe' });
  cleanups.push(() => child.exitCode === null && child.kill('SIGKILL'));
  const m: Measured = { child, stdoutBytes: 0, lines: {}, tail: '', stderr: '', exited: null! };
  // the start of the line being read: enough to see its type
  let head = '';
  child.stdout.on('data', (d: Buffer) => {
    m.stdoutBytes += d.length;
    m.tail = (m.tail + d.toString('latin1', Math.max(0, d.length - 65536))).slice(-65536);
    for (let at = 0; at < d.length; ) {
      const nl = d.indexOf(10, at);
      const end = nl < 0 ? d.length : nl;
      if (head.length < 32) head += d.toString('latin1', at, Math.min(end, at + 32));
      if (nl < 0) break;
      const type = /^\{"type":"([a-z-]+)"/.exec(head)?.[1] ?? 'other';
      m.lines[type] = (m.lines[type] ?? 0) + 1;
      head = '';
      at = nl + 1;
    }
  });
  child.stderr.on('data', (d: Buffer) => (m.stderr += d.toString()));
  m.exited = new Promise((resolve) =>
    child.on('exit', (code) => resolve({ code, maxRssMb: Number(/MAXRSS_KB (\d+)/.exec(m.stderr)?.[1] ?? NaN) / 1024 })),
  );
  return m;
}

async function wsServer(options: ConstructorParameters<typeof WebSocketServer>[0], onConnection: (ws: WebSocket) => void): Promise<string> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, ...options });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', (ws) => {
    ws.on('error', () => undefined);
    onConnection(ws);
  });
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  );
  return `ws://127.0.0.1:${(wss.address() as { port: number }).port}/`;
}

describe('large messages stay bytes', () => {
  let big: Buffer;
  beforeAll(() => {
    big = Buffer.alloc(100 * MiB);
    for (let i = 0; i < big.length; i += 4096) big[i] = i & 0xff;
  });
  afterAll(() => {
    big = Buffer.alloc(0);
  });

  it('a 100 MiB message through --ndjson peaks under 3x its size, every byte of its hex written', async () => {
    const url = await wsServer({}, (ws) => ws.send(big, () => ws.close(1000)));
    const run = measured([CLI, 'connect', url, '--ndjson']);
    const { code, maxRssMb } = await run.exited;
    expect(code, run.stderr).toBe(0);
    expect(run.lines.frame).toBe(3); // the message, the server's close and ours
    expect(run.lines.message).toBe(1);
    // the frame's and the message's hex, both whole
    expect(run.stdoutBytes).toBeGreaterThan(4 * big.length);
    expect(maxRssMb).toBeLessThan(300);
  }, 120_000);

  it('a deflate bomb within the limit (about 100 KB on the wire, 100 MB inflated) peaks under 3x its size; three in a row are not held', async () => {
    const bombs = async (n: number) => {
      const url = await wsServer({ perMessageDeflate: { threshold: 0 } }, (ws) => {
        const zeros = Buffer.alloc(100 * 1000 * 1000);
        for (let i = 0; i < n; i++) ws.send(zeros, { compress: true }, i === n - 1 ? () => ws.close(1000) : undefined);
      });
      const run = measured([CLI, 'connect', url, '--deflate', '--ndjson']);
      const { code, maxRssMb } = await run.exited;
      expect(code, run.stderr).toBe(0);
      expect(run.lines.message).toBe(n);
      return maxRssMb;
    };
    expect(await bombs(1)).toBeLessThan(300);
    // each is written out before the next is inflated; only the collector's timing keeps a spent one around a little longer
    expect(await bombs(3)).toBeLessThan(400);
  }, 180_000);

  it("the app's pipeline (recording on) holds a 100 MiB message under 3x its size too", async () => {
    const url = await wsServer({}, (ws) => ws.send(big, () => ws.close(1000)));
    const dataDir = mkdtempSync(join(tmpdir(), 'framescope-big-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const run = measured([join(ROOT, 'dist/test/bench/capture/clients.js'), 'app', url, dataDir]);
    const { code, maxRssMb } = await run.exited;
    expect(code, run.stderr).toBe(0);
    expect(maxRssMb).toBeLessThan(300);
  }, 120_000);
});

describe('backpressure, end to end', () => {
  it('standard output not read: the socket waits and the server is held back in TCP; once read, every event arrives', async () => {
    let waiting!: () => void;
    const held = new Promise<void>((r) => (waiting = r));
    const server = await floodServer(200_000, 100, () => waiting());
    cleanups.push(() => server.close());
    const run = measured([CLI, 'connect', server.url, '--ndjson']);
    run.child.stdout.pause();
    // the server has to wait for the client, which waits for its standard output
    await held;
    run.child.stdout.resume();
    const { code, maxRssMb } = await run.exited;
    expect(code, run.stderr).toBe(0);
    expect(run.lines.message).toBe(200_000);
    expect(maxRssMb).toBeLessThan(300);
  }, 120_000);

  it('standard input is not read while the server takes nothing, and --send-timeout fails the connection by name', async () => {
    // a server that reads nothing once the handshake is done
    const url = await wsServer({}, (ws) => (ws as unknown as { _socket: Socket })._socket.pause());
    const run = measured([CLI, 'connect', url, '--send-timeout', '1500']);
    const line = 'x'.repeat(MiB) + '\n';
    let offered = 0;
    const writeUntilExit = async () => {
      // write 1 MiB lines as fast as the client reads them, until it is gone
      while (run.child.exitCode === null && offered < 600 * MiB) {
        offered += line.length;
        if (!run.child.stdin.write(line)) {
          const drained = await Promise.race([new Promise((r) => run.child.stdin.once('drain', () => r(true))), run.exited.then(() => false)]);
          if (!drained) return;
        }
      }
    };
    run.child.stdin.on('error', () => undefined);
    await writeUntilExit();
    const { code, maxRssMb } = await run.exited;
    expect(code).toBe(1);
    expect(run.tail).toMatch(/WS_ERR_SEND_TIMEOUT/);
    // kernel socket buffers, the pipe and a 1 MiB send queue: nowhere near what was on offer
    expect(offered).toBeLessThan(100 * MiB);
    expect(maxRssMb).toBeLessThan(250);
  }, 120_000);
});
