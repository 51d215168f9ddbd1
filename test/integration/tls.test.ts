import { describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { startWsServer, hasIPv6Loopback, type WsServer } from '../support/servers.js';
import { runConnection, only, ofType, outline, header } from '../support/connect-log.js';
import { networkSuite } from '../support/network-suite.js';
import { checkServerIdentity } from '../../electron/net/server-identity.js';

const ipv6 = await hasIPv6Loopback();

const suite = networkSuite({ certs: true });

async function server(host: string, tlsOptions?: Parameters<typeof startWsServer>[1]): Promise<WsServer> {
  const s = await startWsServer(host, tlsOptions);
  suite.closeAfter(s);
  return s;
}

describe('wss with a trusted CA', () => {
  it('opens, and the open event carries the TLS summary and the remote address', async () => {
    const s = await server('127.0.0.1', { cert: suite.certs.server.cert, key: suite.certs.server.key });
    const { events, close } = await runConnection({ url: `wss://localhost:${s.port}/`, ca: suite.certs.ca.cert });

    const open = only(events, 'open');
    const x509 = new X509Certificate(suite.certs.server.cert);
    expect(open.tls).toBeDefined();
    expect(open.tls!.version).toMatch(/^TLSv1\.[23]$/);
    expect(open.tls!.cipher).toEqual(expect.any(String));
    expect(open.tls!.cipher!.length).toBeGreaterThan(0);
    expect(open.tls!.alpn).toBe('http/1.1');
    expect(open.tls!.peerCertificate).toMatchObject({
      subject: 'CN=localhost',
      issuer: 'CN=Framescope Test CA',
      validFrom: x509.validFrom,
      validTo: x509.validTo,
      fingerprint256: x509.fingerprint256,
    });
    expect(open.tls!.peerCertificate!.subjectAltName).toContain('DNS:localhost');
    expect(open.remoteAddress).toBe('127.0.0.1');
    expect(open.remotePort).toBe(s.port);
    expect(close).toMatchObject({ code: 1000, initiator: 'client', wasClean: true });
  });

  it('reports alpn null when the server offers no ALPN', async () => {
    const s = await server('127.0.0.1', { cert: suite.certs.server.cert, key: suite.certs.server.key, ALPNProtocols: [] });
    const { events } = await runConnection({ url: `wss://localhost:${s.port}/`, ca: suite.certs.ca.cert });
    expect(only(events, 'open').tls!.alpn).toBeNull();
  });
});

describe('certificate failures', () => {
  async function failing(pair: { cert: Buffer; key: Buffer }, withCa: boolean) {
    const s = await server('127.0.0.1', { cert: pair.cert, key: pair.key });
    const run = await runConnection({ url: `wss://localhost:${s.port}/`, ...(withCa ? { ca: suite.certs.ca.cert } : {}) });
    expect(ofType(run.events, 'open')).toEqual([]);
    expect(ofType(run.events, 'handshake-request')).toEqual([]);
    expect(outline(run.events)).toEqual(['state:connecting', expect.stringMatching(/^error:/), 'close', 'state:closed']);
    expect(run.close).toMatchObject({ code: null, initiator: 'client', wasClean: false });
    expect(s.hosts).toEqual([]);
    return only(run.events, 'error');
  }

  it('a self-signed certificate fails with WS_ERR_TLS_SELF_SIGNED', async () => {
    const e = await failing(suite.certs.selfSigned, false);
    expect(e.code).toBe('WS_ERR_TLS_SELF_SIGNED');
    expect(e.fatal).toBe(true);
    expect(e.message).toMatch(/self-signed/);
    expect(e.message).toMatch(/--insecure/);
  });

  it('an expired certificate fails with WS_ERR_TLS_EXPIRED', async () => {
    const e = await failing(suite.certs.expired, true);
    expect(e.code).toBe('WS_ERR_TLS_EXPIRED');
    expect(e.message).toMatch(/expired/);
  });

  it('a certificate for another host fails with WS_ERR_TLS_HOSTNAME', async () => {
    const e = await failing(suite.certs.wrongHost, true);
    expect(e.code).toBe('WS_ERR_TLS_HOSTNAME');
    expect(e.message).toMatch(/host name/);
    expect(e.message).toContain('other.example');
  });

  it('a certificate from an untrusted CA fails with WS_ERR_TLS_UNTRUSTED', async () => {
    const e = await failing(suite.certs.server, false);
    expect(e.code).toBe('WS_ERR_TLS_UNTRUSTED');
  });

  it.each([
    ['self-signed', 'selfSigned'],
    ['expired', 'expired'],
    ['wrong-host', 'wrongHost'],
  ] as const)('insecure: true accepts a %s certificate', async (_name, which) => {
    const pair = suite.certs[which];
    const s = await server('127.0.0.1', { cert: pair.cert, key: pair.key });
    const { events, close } = await runConnection({ url: `wss://localhost:${s.port}/`, insecure: true });
    expect(ofType(events, 'error')).toEqual([]);
    const open = only(events, 'open');
    expect(open.tls!.peerCertificate!.fingerprint256).toBe(new X509Certificate(pair.cert).fingerprint256);
    expect(close).toMatchObject({ code: 1000, wasClean: true });
    expect(s.hosts).toEqual([`localhost:${s.port}`]);
  });
});

describe('client certificates', () => {
  const requireClientCert = () => ({
    cert: suite.certs.server.cert,
    key: suite.certs.server.key,
    ca: suite.certs.ca.cert,
    requestCert: true,
    rejectUnauthorized: true,
  });

  it('a server that requires one accepts cert + key signed by its CA', async () => {
    const s = await server('127.0.0.1', requireClientCert());
    const { events, close } = await runConnection({
      url: `wss://localhost:${s.port}/`,
      ca: suite.certs.ca.cert,
      cert: suite.certs.client.cert,
      key: suite.certs.client.key,
    });
    expect(ofType(events, 'error')).toEqual([]);
    only(events, 'open');
    expect(close).toMatchObject({ code: 1000, wasClean: true });
    expect(s.clientAuthorized).toEqual([true]);
  });

  it('without one, the connection fails before it opens', async () => {
    const s = await server('127.0.0.1', requireClientCert());
    const { events, close } = await runConnection({ url: `wss://localhost:${s.port}/`, ca: suite.certs.ca.cert });
    expect(ofType(events, 'open')).toEqual([]);
    const e = only(events, 'error');
    expect(e.fatal).toBe(true);
    expect(e.code).toBe('WS_ERR_TLS');
    expect(e.message).toMatch(/requires a client certificate/);
    expect(e.message).toMatch(/--cert and --key/);
    expect(close).toMatchObject({ initiator: 'client', wasClean: false });
    expect(s.hosts).toEqual([]);
  });
});

describe('SNI', () => {
  const tlsOptions = () => ({ cert: suite.certs.server.cert, key: suite.certs.server.key });

  it('wss://localhost sends the server name "localhost"', async () => {
    const s = await server('127.0.0.1', tlsOptions());
    const { events } = await runConnection({ url: `wss://localhost:${s.port}/`, ca: suite.certs.ca.cert });
    only(events, 'open');
    expect(s.servernames).toEqual(['localhost']);
  });

  it('wss://127.0.0.1 sends no server name', async () => {
    const s = await server('127.0.0.1', tlsOptions());
    const { events } = await runConnection({ url: `wss://127.0.0.1:${s.port}/`, ca: suite.certs.ca.cert });
    only(events, 'open');
    expect(s.servernames).toEqual([false]);
    expect(s.hosts).toEqual([`127.0.0.1:${s.port}`]);
  });

  it.skipIf(!ipv6)('wss://[::1] sends no server name', async () => {
    const s = await server('::1', tlsOptions());
    const { events } = await runConnection({ url: `wss://[::1]:${s.port}/`, ca: suite.certs.ca.cert });
    const open = only(events, 'open');
    expect(open.remoteAddress).toBe('::1');
    expect(s.servernames).toEqual([false]);
    expect(s.hosts).toEqual([`[::1]:${s.port}`]);
  });
});

describe('the host check for IP literals (Node 22.23.1+ no longer matches IPv6 ones itself)', () => {
  const named = (pair: { cert: Buffer }) => new X509Certificate(pair.cert).toLegacyObject();

  it('accepts an IPv6 literal the certificate names, in any spelling', () => {
    for (const host of ['::1', '0:0:0:0:0:0:0:1', '0000::0001']) expect(checkServerIdentity(host, named(suite.certs.server)), host).toBeUndefined();
  });

  it('refuses an IPv6 literal the certificate does not name, with the usual host-name error', () => {
    for (const [host, pair] of [['::2', suite.certs.server], ['::1', suite.certs.wrongHost], ['::1', suite.certs.expired]] as const) {
      expect(checkServerIdentity(host, named(pair)), host).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    }
  });

  it('leaves host names and IPv4 literals to Node', () => {
    expect(checkServerIdentity('localhost', named(suite.certs.server))).toBeUndefined();
    expect(checkServerIdentity('127.0.0.1', named(suite.certs.server))).toBeUndefined();
    expect(checkServerIdentity('127.0.0.2', named(suite.certs.server))).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(checkServerIdentity('other.example', named(suite.certs.server))).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it.skipIf(!ipv6)('wss://[::1] to a server whose certificate does not name ::1 fails with WS_ERR_TLS_HOSTNAME', async () => {
    const s = await server('::1', { cert: suite.certs.wrongHost.cert, key: suite.certs.wrongHost.key });
    const { events } = await runConnection({ url: `wss://[::1]:${s.port}/`, ca: suite.certs.ca.cert });
    expect(ofType(events, 'open')).toEqual([]);
    expect(only(events, 'error').code).toBe('WS_ERR_TLS_HOSTNAME');
  });
});

describe('IPv6 literals', () => {
  it.skipIf(!ipv6)('ws://[::1]:PORT/ connects, with Host [::1]:PORT', async () => {
    const s = await server('::1');
    const { events, close } = await runConnection({ url: `ws://[::1]:${s.port}/path?q=1` }, (c) => {
      c.sendText('over v6');
      c.close(1000);
    });
    const request = only(events, 'handshake-request');
    expect(request.url).toBe(`ws://[::1]:${s.port}/path?q=1`);
    expect(header(request.headers, 'Host')).toBe(`[::1]:${s.port}`);
    expect(s.hosts).toEqual([`[::1]:${s.port}`]);
    expect(s.requests[0].url).toBe('/path?q=1');
    expect(only(events, 'open').remoteAddress).toBe('::1');
    expect(ofType(events, 'message').filter((m) => m.dir === 'in').map((m) => m.text)).toEqual(['over v6']);
    expect(close).toMatchObject({ code: 1000, wasClean: true });
  });
});
