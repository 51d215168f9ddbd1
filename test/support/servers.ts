import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type tls from 'node:tls';
import { WebSocketServer } from 'ws';

/** What a test server saw: one entry per handshake or TLS connection. */
export interface WsServer {
  port: number;
  /** the Host header of each upgrade request */
  hosts: string[];
  /** the raw headers of each upgrade request, as name/value pairs */
  requests: { url: string; headers: [string, string][] }[];
  /** for TLS servers: the SNI server name of each TLS connection, or false when none came */
  servernames: (string | false)[];
  /** for TLS servers: whether each TLS connection presented a client certificate the server accepted */
  clientAuthorized: boolean[];
  close(): Promise<void>;
}

function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

/** Closes a server and destroys every socket it still holds. */
export function closer(server: net.Server): () => Promise<void> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // TLS servers hand out TLSSockets on 'secureConnection'; the raw ones come through 'connection'.
  return () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

export function listen(server: net.Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/**
 * A ws (or, with `tlsOptions`, wss) echo server on `host`, port 0. It records
 * the Host header, the request headers and, for TLS, the SNI server name.
 */
export async function startWsServer(host: string, tlsOptions?: tls.TlsOptions): Promise<WsServer> {
  const server = tlsOptions ? https.createServer({ ALPNProtocols: ['http/1.1'], ...tlsOptions }) : http.createServer();
  const seen: WsServer = {
    port: 0,
    hosts: [],
    requests: [],
    servernames: [],
    clientAuthorized: [],
    close: async () => {},
  };
  if (tlsOptions) {
    server.on('secureConnection', (s: tls.TLSSocket) => {
      seen.servernames.push(s.servername ?? false);
      seen.clientAuthorized.push(s.authorized);
    });
  }
  const close = closer(server);
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws, req) => {
    seen.hosts.push(req.headers.host ?? '');
    seen.requests.push({ url: req.url ?? '', headers: pairs(req.rawHeaders) });
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  });
  seen.port = await listen(server, host);
  seen.close = async () => {
    for (const c of wss.clients) c.terminate();
    wss.close();
    await close();
  };
  return seen;
}

/** A port on `host` where nothing listens (it was bound, then released). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const s = net.createServer();
  const port = await listen(s, host);
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Whether this machine can listen on the IPv6 loopback. */
export async function hasIPv6Loopback(): Promise<boolean> {
  const s = net.createServer();
  try {
    await listen(s, '::1');
    await new Promise<void>((r) => s.close(() => r()));
    return true;
  } catch {
    return false;
  }
}
