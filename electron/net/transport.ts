import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { TransportError, describeSocketError } from './net-errors.js';
import { openTunnel, proxyFor } from './proxy.js';
import { abortWith } from './abort.js';
import { checkServerIdentity } from './server-identity.js';
import type { TlsSummary } from '../../shared/log-events.js';

export interface TransportOptions {
  url: URL;
  /** accept any certificate */
  insecure?: boolean;
  /** extra CA certificates (PEM), trusted besides the system's */
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** an explicit proxy URL; undefined follows the environment, '' means none */
  proxy?: string;
  /** aborts a connection attempt still in progress */
  signal?: AbortSignal;
}

export interface Transport {
  socket: net.Socket | Duplex;
  remoteAddress?: string;
  remotePort?: number;
  proxy?: string;
  tls?: TlsSummary;
}

/** Opens the TCP or TLS connection for a ws:// or wss:// URL, through a CONNECT proxy if one applies. */
export async function openTransport(o: TransportOptions): Promise<Transport> {
  const secure = o.url.protocol === 'wss:';
  // URL keeps IPv6 literals in brackets; sockets and TLS want them bare.
  const host = o.url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(o.url.port) || (secure ? 443 : 80);
  const target = o.url.host;
  const proxy = proxyFor(o.url, o.proxy);

  let raw: Duplex;
  if (proxy) {
    raw = await openTunnel({ proxy, host, port, ca: o.ca, insecure: o.insecure, signal: o.signal });
  } else {
    raw = await connectTcp(host, port, target, o.signal);
  }
  const tcp = raw as net.Socket;
  const info = {
    remoteAddress: proxy ? undefined : tcp.remoteAddress,
    remotePort: proxy ? undefined : tcp.remotePort,
    ...(proxy ? { proxy: proxy.origin } : {}),
  };
  if (!secure) {
    tcp.setNoDelay?.(true);
    return { socket: raw, ...info };
  }
  const socket = await connectTls(raw, host, target, o);
  return { socket, ...info, tls: summarize(socket) };
}

function connectTcp(host: string, port: number, target: string, signal?: AbortSignal): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port });
    abortWith(signal, s, reject);
    s.once('connect', () => {
      s.removeAllListeners('error');
      resolve(s);
    });
    s.once('error', (err) => reject(describeSocketError(err, target)));
  });
}


function connectTls(raw: Duplex, host: string, target: string, o: TransportOptions): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({
      socket: raw,
      host,
      // SNI carries host names only (RFC 6066 section 3), never an IP literal.
      ...(net.isIP(host) ? {} : { servername: host }),
      rejectUnauthorized: !o.insecure,
      checkServerIdentity,
      ...(o.ca ? { ca: [...tls.rootCertificates, o.ca.toString('utf8')] } : {}),
      ...(o.cert ? { cert: o.cert } : {}),
      ...(o.key ? { key: o.key } : {}),
      ALPNProtocols: ['http/1.1'],
    });
    abortWith(o.signal, s, reject);
    s.once('secureConnect', () => {
      s.removeAllListeners('error');
      resolve(s);
    });
    s.once('error', (err: NodeJS.ErrnoException) => {
      raw.destroy();
      reject(describeSocketError(err, target));
    });
  });
}

function summarize(s: tls.TLSSocket): TlsSummary {
  const cert = s.getPeerCertificate();
  const hasCert = cert && Object.keys(cert).length > 0;
  return {
    version: s.getProtocol() ?? null,
    cipher: s.getCipher()?.name ?? null,
    alpn: s.alpnProtocol || null,
    peerCertificate: hasCert
      ? {
          subject: formatName(cert.subject),
          issuer: formatName(cert.issuer),
          validFrom: cert.valid_from,
          validTo: cert.valid_to,
          fingerprint256: cert.fingerprint256,
          ...(cert.subjectaltname ? { subjectAltName: cert.subjectaltname } : {}),
        }
      : null,
  };
}

function formatName(name: tls.Certificate | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}

export { TransportError };
