import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FloodServer {
  url: string;
  /** per connection: whether the server ever had to wait for the client to read (TCP backpressure) */
  waited: boolean[];
  close(): Promise<void>;
}

/**
 * A `ws` server on 127.0.0.1 that, after each handshake, writes `count`
 * binary frames of `size` bytes straight onto the socket (the frame's number
 * in its first four bytes, big-endian) as fast as the client takes them,
 * then closes with 1000, and notes whether it ever had to wait for the
 * client to read.
 */
export async function floodServer(count: number, size = 100, onWait: () => void = () => {}): Promise<FloodServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const waited: boolean[] = [];
  wss.on('connection', (ws: WebSocket) => {
    ws.on('error', () => undefined);
    const index = waited.push(false) - 1;
    const socket = (ws as unknown as { _socket: Socket })._socket;
    const header = size < 126 ? 2 : 4;
    const per = Math.max(1, Math.floor((64 * 1024) / (header + size)));
    let sent = 0;
    const pump = () => {
      while (sent < count) {
        const n = Math.min(per, count - sent);
        const b = Buffer.alloc(n * (header + size));
        for (let i = 0; i < n; i++) {
          const at = i * (header + size);
          b[at] = 0x82;
          if (size < 126) b[at + 1] = size;
          else {
            b[at + 1] = 126;
            b.writeUInt16BE(size, at + 2);
          }
          if (size >= 4) b.writeUInt32BE(sent + i, at + header);
        }
        sent += n;
        if (!socket.write(b)) {
          if (!waited[index]) onWait();
          waited[index] = true;
          return void socket.once('drain', pump);
        }
      }
      ws.close(1000, 'flood done');
    };
    pump();
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`,
    waited,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  };
}
