import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { getProxyForUrl } from 'proxy-from-env';
import { TransportError, describeSocketError } from './net-errors.js';
import { abortWith } from './abort.js';
import { authority } from './authority.js';

/**
 * The proxy for a ws/wss URL: the explicit one, or what the usual
 * environment variables say (HTTPS_PROXY for wss, HTTP_PROXY for ws,
 * NO_PROXY, either case). proxy-from-env keys them by scheme, hence http(s).
 */
export function proxyFor(url: URL, explicit?: string): URL | null {
  const chosen = explicit ?? getProxyForUrl(url.href.replace(/^ws/, 'http'));
  if (!chosen) return null;
  const p = new URL(chosen);
  if (p.protocol !== 'http:' && p.protocol !== 'https:') {
    throw new TransportError('WS_ERR_PROXY', `unsupported proxy scheme ${p.protocol} (use http:// or https://)`);
  }
  return p;
}

export interface TunnelOptions {
  proxy: URL;
  host: string;
  port: number;
  /** trust settings for an https:// proxy */
  ca?: Buffer;
  insecure?: boolean;
  signal?: AbortSignal;
}

/** Opens an HTTP CONNECT tunnel through the proxy. */
export function openTunnel(o: TunnelOptions): Promise<Duplex> {
  const target = authority(o.host, o.port);
  const headers: Record<string, string> = { Host: target };
  if (o.proxy.username || o.proxy.password) {
    const cred = `${decodeURIComponent(o.proxy.username)}:${decodeURIComponent(o.proxy.password)}`;
    headers['Proxy-Authorization'] = `Basic ${Buffer.from(cred).toString('base64')}`;
  }
  const secure = o.proxy.protocol === 'https:';
  const proxyHost = o.proxy.hostname.replace(/^\[|\]$/g, '');
  const proxyPort = Number(o.proxy.port) || (secure ? 443 : 80);
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request({
      host: proxyHost,
      port: proxyPort,
      method: 'CONNECT',
      path: target,
      headers,
      agent: false,
      ...(secure ? { ca: o.ca, rejectUnauthorized: !o.insecure } : {}),
    });
    abortWith(o.signal, req, reject);
    req.once('connect', (res, socket, head) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        reject(new TransportError('WS_ERR_PROXY', `the proxy ${o.proxy.host} answered CONNECT ${target} with ${res.statusCode} ${res.statusMessage ?? ''}`.trim()));
        return;
      }
      if (head.length) socket.unshift(head);
      resolve(socket);
    });
    req.once('error', (err) => {
      const e = describeSocketError(err, `proxy ${o.proxy.host}`);
      reject(new TransportError(e.code === 'WS_ERR_SOCKET' ? 'WS_ERR_PROXY' : e.code, e.message));
    });
    req.end();
  });
}
