import { describe, expect, it } from 'vitest';
import net from 'node:net';
import { closer, freePort, listen } from '../support/servers.js';
import { runConnection, only, ofType, outline, seqs, count } from '../support/connect-log.js';
import { networkSuite } from '../support/network-suite.js';

const suite = networkSuite();

describe('connect errors', () => {
  it('a refused port fails with WS_ERR_CONNECTION_REFUSED', async () => {
    const port = await freePort();
    const { events, close } = await runConnection({ url: `ws://127.0.0.1:${port}/` });
    expect(outline(events)).toEqual(['state:connecting', 'error:WS_ERR_CONNECTION_REFUSED', 'close', 'state:closed']);
    expect(seqs(events)).toEqual(count(events.length));
    const e = only(events, 'error');
    expect(e.fatal).toBe(true);
    expect(e.message).toContain(`127.0.0.1:${port}`);
    expect(close).toMatchObject({ code: null, initiator: 'client', wasClean: false });
  });

  it('a server that accepts but never answers fails with WS_ERR_CONNECT_TIMEOUT after connectTimeout', async () => {
    const server = net.createServer();
    const received: Buffer[] = [];
    let gotRequest!: () => void;
    const requested = new Promise<void>((r) => (gotRequest = r));
    let serverSideClosed!: () => void;
    const dropped = new Promise<void>((r) => (serverSideClosed = r));
    server.on('connection', (s) => {
      s.on('close', () => serverSideClosed());
      s.on('data', (d) => {
        received.push(d);
        if (Buffer.concat(received).includes('\r\n\r\n')) gotRequest();
      });
    });
    suite.cleanup(closer(server));
    const port = await listen(server, '127.0.0.1');

    const connectTimeout = 300;
    const started = performance.now();
    const { events, close } = await runConnection({ url: `ws://127.0.0.1:${port}/`, connectTimeout });
    const elapsed = performance.now() - started;
    await requested;

    expect(outline(events)).toEqual(['state:connecting', 'handshake-request', 'error:WS_ERR_CONNECT_TIMEOUT', 'close', 'state:closed']);
    expect(seqs(events)).toEqual(count(events.length));
    expect(only(events, 'error').message).toContain(`${connectTimeout} ms`);
    expect(close).toMatchObject({ code: null, initiator: 'client', wasClean: false });
    expect(ofType(events, 'frame')).toEqual([]);
    // Timers may fire a little early on some platforms; never well before the bound.
    expect(elapsed).toBeGreaterThanOrEqual(connectTimeout - 5);
    expect(elapsed).toBeLessThan(connectTimeout + 5_000);
    expect(Buffer.concat(received).toString('latin1')).toMatch(/^GET \/ HTTP\/1\.1\r\n/);
    // The client let go of the socket: the server sees it end.
    await dropped;
  });

  it('the connect timeout also bounds a TLS handshake that never gets an answer', async () => {
    // A TCP server that takes the ClientHello and says nothing.
    let serverSideClosed!: () => void;
    const dropped = new Promise<void>((r) => (serverSideClosed = r));
    const server = net.createServer((s) => {
      s.resume();
      s.on('close', () => serverSideClosed());
    });
    suite.cleanup(closer(server));
    const port = await listen(server, '127.0.0.1');
    const { events, close } = await runConnection({ url: `wss://localhost:${port}/`, connectTimeout: 300 });
    expect(ofType(events, 'handshake-request')).toEqual([]);
    expect(outline(events)).toEqual(['state:connecting', 'error:WS_ERR_CONNECT_TIMEOUT', 'close', 'state:closed']);
    expect(close).toMatchObject({ code: null, initiator: 'client', wasClean: false });
    // The abandoned TLS attempt is destroyed, not left open.
    await dropped;
  });
});
