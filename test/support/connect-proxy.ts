import http from 'node:http';
import { createProxy } from 'proxy';
import { closer, listen } from './servers.js';

/** One CONNECT request the proxy received. */
export interface SeenConnect {
  /** the request target, such as `127.0.0.1:8080` */
  target: string;
  /** the Proxy-Authorization header, if one came */
  proxyAuthorization?: string;
}

export interface ConnectProxy {
  port: number;
  /** `http://127.0.0.1:PORT` */
  url: string;
  connects: SeenConnect[];
  close(): Promise<void>;
}

export interface ConnectProxyOptions {
  /**
   * Decides each request: true lets it through, false answers 407 with
   * Proxy-Authenticate: Basic. Default: everything passes.
   */
  authenticate?: (req: http.IncomingMessage) => boolean;
}

/**
 * A real HTTP proxy (the `proxy` package, which proxy-agents are tested
 * against) on 127.0.0.1, port 0, that records every CONNECT it receives.
 */
export async function startConnectProxy(o: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const server = http.createServer();
  const connects: SeenConnect[] = [];
  // Registered before createProxy's own listener, so it sees every CONNECT first.
  server.on('connect', (req: http.IncomingMessage) => {
    const auth = req.headers['proxy-authorization'];
    connects.push({ target: req.url ?? '', ...(auth ? { proxyAuthorization: auth } : {}) });
  });
  const proxy = createProxy(server);
  if (o.authenticate) proxy.authenticate = o.authenticate;
  const close = closer(server);
  const port = await listen(server, '127.0.0.1');
  return { port, url: `http://127.0.0.1:${port}`, connects, close };
}
