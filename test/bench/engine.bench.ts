/**
 * `npm run bench`: the engine against ws, in one run, on the same inputs.
 *
 * - parse: unmasked frames as a server sends them, fed in 64 KiB socket
 *   chunks, into a WebSocketClient after a real 101 handshake (frame parsing,
 *   header rules, message assembly, UTF-8 validation and event objects all
 *   happen) and into ws's Receiver in client mode;
 * - serialize: masked frames as a client sends them, through
 *   WebSocketClient.sendText/sendBinary with the app's clock and pooled
 *   crypto random source (electron/net/random.ts),
 *   and through ws's Sender.frame.
 *
 * ws runs in pure JavaScript, as a default install does: no bufferutil, no
 * utf-8-validate. Only the logging of events is left out: the engine's sink
 * just counts. Prints one line per case, ending with `ratio R`,
 * framescope throughput over ws throughput (payload bytes per second), the
 * median of that ratio over rounds that time both back to back.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';
import { WebSocketClient } from '../../electron/protocol/client.js';
// The app's own sources (what electron/net/connection.ts hands the engine), not stand-ins.
import { pooledRandom, preciseClock } from '../../electron/net/random.js';
import type { EngineEvent } from '../../electron/protocol/events.js';
import { compare, type Work } from './harness.js';
import { binaryPayload, serverFrame, socketChunks, textPayload } from './inputs.js';

// Before ws is loaded (hence the dynamic import below): never use native addons.
process.env.WS_NO_BUFFER_UTIL = '1';
process.env.WS_NO_UTF_8_VALIDATE = '1';

/** The parts of ws that @types/ws does not declare. */
interface WsReceiver {
  write(chunk: Buffer): boolean;
  on(event: 'message', f: (data: Buffer, isBinary: boolean) => void): void;
  on(event: 'error', f: (err: Error) => void): void;
}
interface WsInternals {
  Receiver: new (o: { isServer: boolean; maxPayload: number; skipUTF8Validation: boolean }) => WsReceiver;
  Sender: {
    frame(data: Buffer | string, o: { fin: boolean; rsv1: boolean; opcode: number; mask: boolean; readOnly: boolean }): Buffer[];
  };
}

const MAX_PAYLOAD = 100 * 1024 * 1024; // both libraries' default for a client
const CHUNK = 64 * 1024;
const SIZES: [string, number][] = [
  ['125B', 125],
  ['1KiB', 1024],
  ['64KiB', 64 * 1024],
  ['1MiB', 1024 * 1024],
];
const KINDS = [
  ['text', 1],
  ['binary', 2],
] as const;
const TIMING = { warmupMs: 300, roundMs: 20, rounds: 31 };

function assertPureJsWs(): void {
  const require = createRequire(import.meta.url);
  for (const addon of ['bufferutil', 'utf-8-validate']) {
    let found = false;
    try {
      require.resolve(addon);
      found = true;
    } catch {
      // not installed: what we want
    }
    if (found) throw new Error(`${addon} is installed; ws would not run in pure JavaScript. Remove it to bench.`);
  }
}

/** A WebSocketClient that has done a real upgrade handshake, with a sink that counts. */
function openClient(): { client: WebSocketClient; counts: { events: number; messages: number; errors: number; written: number; lastWrite: Uint8Array[] } } {
  const counts = { events: 0, messages: 0, errors: 0, written: 0, lastWrite: [] as Uint8Array[] };
  const client = new WebSocketClient(
    { url: new URL('ws://bench.invalid/'), clock: preciseClock(), random: pooledRandom() },
    {
      event(e: EngineEvent) {
        counts.events++;
        if (e.type === 'message') counts.messages++;
        else if (e.type === 'error') counts.errors++;
      },
      write(chunks) {
        for (const c of chunks) counts.written += c.length;
        counts.lastWrite = chunks;
      },
    },
  );
  client.start();
  const request = Buffer.concat(counts.lastWrite).toString('latin1');
  const key = /^Sec-WebSocket-Key: (.+)\r$/im.exec(request)?.[1];
  if (!key) throw new Error('no Sec-WebSocket-Key in the upgrade request');
  const accept = createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
  client.receiveData(
    Buffer.from(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`, 'latin1'),
  );
  if (client.state !== 'open') throw new Error(`the handshake did not open the client (state ${client.state})`);
  counts.events = counts.messages = counts.written = 0;
  return { client, counts };
}

/** Unmasks one client frame and checks it carries `payload`; returns its wire length. */
function checkClientFrame(wire: Buffer, opcode: number, payload: Uint8Array, who: string): void {
  const len7 = wire[1] & 0x7f;
  const lenBytes = len7 === 126 ? 2 : len7 === 127 ? 8 : 0;
  const len = lenBytes === 0 ? len7 : lenBytes === 2 ? wire.readUInt16BE(2) : wire.readUInt32BE(6);
  const key = wire.subarray(2 + lenBytes, 6 + lenBytes);
  const body = wire.subarray(6 + lenBytes);
  const ok =
    wire[0] === (0x80 | opcode) &&
    (wire[1] & 0x80) !== 0 &&
    len === payload.length &&
    body.length === len &&
    body.every((b, i) => (b ^ key[i & 3]) === payload[i]);
  if (!ok) throw new Error(`${who} produced a wrong ${len}-byte frame`);
}

function parseCase(ws: WsInternals, opcode: 1 | 2, size: number): [Work, Work] {
  const payload = opcode === 1 ? textPayload(size) : binaryPayload(size);
  const frame = serverFrame(opcode, payload);
  const count = Math.max(4, Math.ceil((4 * 1024 * 1024) / frame.length));
  const chunks = socketChunks(frame, count, CHUNK);
  const bytesPerPass = count * size;

  const { client, counts } = openClient();
  const fs: Work = () => {
    const before = counts.messages;
    for (const c of chunks) {
      client.receiveData(c);
      while (client.decodeFrame());
    }
    if (counts.messages - before !== count || counts.errors) throw new Error(`framescope parsed ${counts.messages - before} of ${count} messages`);
    return bytesPerPass;
  };

  const receiver = new ws.Receiver({ isServer: false, maxPayload: MAX_PAYLOAD, skipUTF8Validation: false });
  let wsMessages = 0;
  receiver.on('message', () => wsMessages++);
  receiver.on('error', (err) => {
    throw err;
  });
  const wsWork: Work = () => {
    const before = wsMessages;
    for (const c of chunks) receiver.write(c);
    if (wsMessages - before !== count) throw new Error(`ws parsed ${wsMessages - before} of ${count} messages`);
    return bytesPerPass;
  };
  return [fs, wsWork];
}

function serializeCase(ws: WsInternals, opcode: 1 | 2, size: number): [Work, Work] {
  const payload = opcode === 1 ? textPayload(size) : binaryPayload(size);
  const text = payload.toString('utf8');
  // A round trip through a string must not change the bytes, or the sides would not do the same work.
  if (opcode === 1 && !Buffer.from(text, 'utf8').equals(payload)) throw new Error('text payload is not valid UTF-8');
  // Small frames are cheap: do several per call so the timer's own cost does not count.
  const batch = Math.max(1, Math.floor((256 * 1024) / size));

  const { client, counts } = openClient();
  const send = opcode === 1 ? () => client.sendText(text) : () => client.sendBinary(payload);
  send();
  checkClientFrame(Buffer.concat(counts.lastWrite), opcode, payload, 'framescope');
  const fs: Work = () => {
    const before = counts.written;
    for (let i = 0; i < batch; i++) send();
    if (counts.written - before < batch * size || counts.errors) throw new Error('framescope wrote too little');
    return batch * size;
  };

  const options = { fin: true, rsv1: false, opcode, mask: true, readOnly: true };
  // ws is handed what its WebSocket#send hands it: a string for text, the caller's buffer for binary.
  const data: Buffer | string = opcode === 1 ? text : payload;
  checkClientFrame(Buffer.concat(ws.Sender.frame(data, options)), opcode, payload, 'ws');
  const wsWork: Work = () => {
    let written = 0;
    for (let i = 0; i < batch; i++) for (const c of ws.Sender.frame(data, options)) written += c.length;
    if (written < batch * size) throw new Error('ws wrote too little');
    return batch * size;
  };
  return [fs, wsWork];
}

function mbps(bytesPerSecond: number): string {
  return `${Math.round(bytesPerSecond / 1e6)} MB/s`;
}

async function main(): Promise<void> {
  // `node dist/test/bench/engine.bench.js parse text` runs only the cases whose name contains that.
  const only = process.argv.slice(2).join(' ');
  assertPureJsWs();
  const ws = (await import('ws')) as unknown as WsInternals;
  const wsVersion = createRequire(import.meta.url)('ws/package.json').version as string;
  console.log(
    `framescope engine vs ws ${wsVersion} (pure JS), node ${process.version}, ${os.cpus().length} CPUs; ` +
      `${TIMING.rounds} interleaved rounds; MB/s = median, 10^6 payload bytes per second; ratio = median of per-round ratios`,
  );
  const started = performance.now();
  let worst = Infinity;
  for (const [what, makeCase] of [
    ['parse', parseCase],
    ['serialize', serializeCase],
  ] as const) {
    for (const [kind, opcode] of KINDS) {
      for (const [label, size] of SIZES) {
        const name = `${what} ${kind} ${label}`;
        if (!name.includes(only)) continue;
        const [fs, wsWork] = makeCase(ws, opcode, size);
        const t = await compare(fs, wsWork, TIMING);
        const ratio = t.ratio;
        worst = Math.min(worst, ratio);
        console.log(`${name.padEnd(23)}framescope ${mbps(t.a).padStart(10)}  ws ${mbps(t.b).padStart(10)}  ratio ${ratio.toFixed(2)}`);
      }
    }
  }
  console.log(`lowest ratio ${worst.toFixed(2)}; took ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

await main();
