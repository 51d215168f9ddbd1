/**
 * The flood server of `npm run bench:capture`, run as its own process so it
 * never shares a CPU's time with the client being measured. A `ws` server on
 * 127.0.0.1: after each handshake it writes COUNT binary frames of SIZE
 * bytes straight onto the socket, framed from a template so the server is
 * never the bottleneck, as fast as the socket takes them, then closes with 1000.
 * Prints `READY <port>`.
 */
import { WebSocketServer, type WebSocket } from 'ws';
import type { Socket } from 'node:net';

const count = Number(process.argv[2] ?? 1_000_000);
const size = Number(process.argv[3] ?? 100);

const header = size < 126 ? 2 : 4;
const frameBytes = header + size;
const PER_BLOCK = Math.max(1, Math.floor((256 * 1024) / frameBytes));

/** A block of whole frames: FIN binary, unmasked, SIZE bytes each: bytes counting up, then the frame's number over the first four (32 bits, big-endian). */
const template = Buffer.alloc(PER_BLOCK * frameBytes);
for (let i = 0; i < PER_BLOCK; i++) {
  const at = i * frameBytes;
  template[at] = 0x82;
  if (size < 126) template[at + 1] = size;
  else {
    template[at + 1] = 126;
    template.writeUInt16BE(size, at + 2);
  }
  for (let k = 0; k < size; k++) template[at + header + k] = k & 0xff;
}

function block(frames: number, first: number): Buffer {
  const b = Buffer.from(template.subarray(0, frames * frameBytes));
  if (size >= 4) for (let i = 0; i < frames; i++) b.writeUInt32BE((first + i) >>> 0, i * frameBytes + header);
  return b;
}

function flood(ws: WebSocket): void {
  const socket = (ws as unknown as { _socket: Socket })._socket;
  let sent = 0;
  const pump = () => {
    while (sent < count) {
      const n = Math.min(count - sent, PER_BLOCK);
      const ok = socket.write(block(n, sent));
      sent += n;
      if (!ok) return void socket.once('drain', pump);
    }
    ws.close(1000, 'flood done');
  };
  pump();
}

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
wss.on('connection', (ws) => {
  ws.on('error', () => undefined);
  flood(ws);
});
wss.on('listening', () => process.stdout.write(`READY ${(wss.address() as { port: number }).port}\n`));
