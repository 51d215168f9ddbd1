import { describe, expect, it } from 'vitest';
import net from 'node:net';
import { closer, freePort, hasIPv6Loopback, listen, startWsServer, type WsServer } from '../support/servers.js';

const ipv6 = await hasIPv6Loopback();
import { startConnectProxy, type ConnectProxy, type ConnectProxyOptions } from '../support/connect-proxy.js';
import { runConnection, only, ofType, outline } from '../support/connect-log.js';
import { networkSuite } from '../support/network-suite.js';

const suite = networkSuite({ certs: true });

async function wsServer(host = '127.0.0.1'): Promise<WsServer> {
  const s = await startWsServer(host);
  suite.cleanup(s.close);
  return s;
}

async function wssServer(): Promise<WsServer> {
  const s = await startWsServer('127.0.0.1', { cert: suite.certs.server.cert, key: suite.certs.server.key });
  suite.cleanup(s.close);
  return s;
}

async function proxyServer(o?: ConnectProxyOptions): Promise<ConnectProxy> {
  const p = await startConnectProxy(o);
  suite.cleanup(p.close);
  return p;
}

/** Opens, sends one text message, and closes once its echo is back; returns the log. */
function echoRun(o: Parameters<typeof runConnection>[0]) {
  return runConnection(o, (c) => {
    c.sendText('through');
    c.close(1000);
  });
}

function echoed(events: Awaited<ReturnType<typeof runConnection>>['events']): (string | undefined)[] {
  return ofType(events, 'message')
    .filter((m) => m.dir === 'in')
    .map((m) => m.text);
}

describe('explicit proxy', () => {
  it('tunnels ws:// through CONNECT, and the open event names the proxy', async () => {
    const s = await wsServer();
    const p = await proxyServer();
    const { events, close } = await echoRun({ url: `ws://127.0.0.1:${s.port}/`, proxy: p.url });

    expect(p.connects.map((c) => c.target)).toEqual([`127.0.0.1:${s.port}`]);
    const open = only(events, 'open');
    expect(open.proxy).toBe(p.url);
    expect(open.remoteAddress).toBeUndefined();
    expect(echoed(events)).toEqual(['through']);
    expect(s.hosts).toEqual([`127.0.0.1:${s.port}`]);
    expect(close).toMatchObject({ code: 1000, wasClean: true });
  });

  it.skipIf(!ipv6)('asks the proxy for an IPv6 literal in brackets', async () => {
    const s = await wsServer('::1');
    const p = await proxyServer();
    const { events } = await echoRun({ url: `ws://[::1]:${s.port}/`, proxy: p.url });
    expect(p.connects.map((c) => c.target)).toEqual([`[::1]:${s.port}`]);
    expect(s.hosts).toEqual([`[::1]:${s.port}`]);
    expect(echoed(events)).toEqual(['through']);
  });

  it('a proxy that cannot be reached fails the connection and says so', async () => {
    const s = await wsServer();
    const port = await freePort();
    const { events, close } = await runConnection({ url: `ws://127.0.0.1:${s.port}/`, proxy: `http://127.0.0.1:${port}` });
    const e = only(events, 'error');
    expect(e.code).toBe('WS_ERR_CONNECTION_REFUSED');
    expect(e.message).toContain(`proxy 127.0.0.1:${port}`);
    expect(close).toMatchObject({ initiator: 'client', wasClean: false });
    expect(s.hosts).toEqual([]);
  });

  it('the connect timeout covers a proxy that never answers CONNECT', async () => {
    const s = await wsServer();
    let gotConnect!: (head: string) => void;
    const connectSeen = new Promise<string>((r) => (gotConnect = r));
    let serverSideClosed!: () => void;
    const dropped = new Promise<void>((r) => (serverSideClosed = r));
    const silent = net.createServer((sock) => {
      let buf = '';
      sock.on('data', (d) => {
        buf += d.toString('latin1');
        if (buf.includes('\r\n\r\n')) gotConnect(buf);
      });
      sock.on('close', () => serverSideClosed());
    });
    suite.cleanup(closer(silent));
    const port = await listen(silent, '127.0.0.1');
    const { events, close } = await runConnection({ url: `ws://127.0.0.1:${s.port}/`, proxy: `http://127.0.0.1:${port}`, connectTimeout: 300 });
    expect(await connectSeen).toMatch(new RegExp(`^CONNECT 127\\.0\\.0\\.1:${s.port} HTTP/1\\.1\r\n`));
    expect(outline(events)).toEqual(['state:connecting', 'error:WS_ERR_CONNECT_TIMEOUT', 'close', 'state:closed']);
    expect(close).toMatchObject({ initiator: 'client', wasClean: false });
    // The abandoned CONNECT request is destroyed.
    await dropped;
  });

  it("proxy: '' connects directly even when the environment names a proxy", async () => {
    const s = await wsServer();
    const p = await proxyServer();
    process.env.HTTP_PROXY = p.url;
    const { events } = await echoRun({ url: `ws://127.0.0.1:${s.port}/`, proxy: '' });
    expect(p.connects).toEqual([]);
    const open = only(events, 'open');
    expect(open.proxy).toBeUndefined();
    expect(open.remoteAddress).toBe('127.0.0.1');
  });
});

describe('proxy environment variables', () => {
  it.each(['HTTP_PROXY', 'http_proxy'])('%s applies to ws://', async (name) => {
    const s = await wsServer();
    const p = await proxyServer();
    process.env[name] = p.url;
    const { events } = await echoRun({ url: `ws://127.0.0.1:${s.port}/` });
    expect(p.connects.map((c) => c.target)).toEqual([`127.0.0.1:${s.port}`]);
    expect(only(events, 'open').proxy).toBe(p.url);
    expect(echoed(events)).toEqual(['through']);
  });

  it.each(['HTTPS_PROXY', 'https_proxy'])('%s applies to wss://', async (name) => {
    const s = await wssServer();
    const p = await proxyServer();
    process.env[name] = p.url;
    const { events } = await echoRun({ url: `wss://localhost:${s.port}/`, ca: suite.certs.ca.cert });
    expect(p.connects.map((c) => c.target)).toEqual([`localhost:${s.port}`]);
    const open = only(events, 'open');
    expect(open.proxy).toBe(p.url);
    expect(open.tls?.version).toMatch(/^TLSv1\.[23]$/);
    expect(echoed(events)).toEqual(['through']);
  });

  it('HTTPS_PROXY does not apply to ws://, nor HTTP_PROXY to wss://', async () => {
    const plain = await wsServer();
    const secure = await wssServer();
    const p = await proxyServer();
    process.env.HTTPS_PROXY = p.url;
    const a = await echoRun({ url: `ws://127.0.0.1:${plain.port}/` });
    delete process.env.HTTPS_PROXY;
    process.env.HTTP_PROXY = p.url;
    const b = await echoRun({ url: `wss://localhost:${secure.port}/`, ca: suite.certs.ca.cert });
    expect(p.connects).toEqual([]);
    expect(only(a.events, 'open').proxy).toBeUndefined();
    expect(only(b.events, 'open').proxy).toBeUndefined();
  });

  it.each(['NO_PROXY', 'no_proxy'])('%s excludes a host and leaves the others proxied', async (name) => {
    const s = await wsServer();
    const p = await proxyServer();
    process.env.HTTP_PROXY = p.url;
    process.env[name] = '127.0.0.1';
    const direct = await echoRun({ url: `ws://127.0.0.1:${s.port}/` });
    expect(p.connects).toEqual([]);
    expect(only(direct.events, 'open').proxy).toBeUndefined();
    expect(echoed(direct.events)).toEqual(['through']);

    const proxied = await echoRun({ url: `ws://localhost:${s.port}/` });
    expect(p.connects.map((c) => c.target)).toEqual([`localhost:${s.port}`]);
    expect(only(proxied.events, 'open').proxy).toBe(p.url);
  });
});

describe('proxy authentication', () => {
  const expected = `Basic ${Buffer.from('user:p@ss word').toString('base64')}`;
  const onlyWithCredentials = (req: { headers: Record<string, string | string[] | undefined> }) => req.headers['proxy-authorization'] === expected;

  it('a proxy answering 407 fails the connection with WS_ERR_PROXY naming the status', async () => {
    const s = await wsServer();
    const p = await proxyServer({ authenticate: () => false });
    const { events, close } = await runConnection({ url: `ws://127.0.0.1:${s.port}/`, proxy: p.url });
    expect(p.connects).toHaveLength(1);
    expect(outline(events)).toEqual(['state:connecting', 'error:WS_ERR_PROXY', 'close', 'state:closed']);
    const e = only(events, 'error');
    expect(e.message).toContain('407');
    expect(e.message).toContain(`127.0.0.1:${s.port}`);
    expect(e.fatal).toBe(true);
    expect(close).toMatchObject({ code: null, initiator: 'client', wasClean: false });
    expect(s.hosts).toEqual([]);
  });

  it('user:pass in the proxy URL is sent as Proxy-Authorization: Basic', async () => {
    const s = await wsServer();
    const p = await proxyServer({ authenticate: onlyWithCredentials });
    const proxyUrl = `http://user:p%40ss%20word@127.0.0.1:${p.port}`;
    const { events, close } = await echoRun({ url: `ws://127.0.0.1:${s.port}/`, proxy: proxyUrl });
    expect(p.connects).toEqual([{ target: `127.0.0.1:${s.port}`, proxyAuthorization: expected }]);
    expect(ofType(events, 'error')).toEqual([]);
    expect(echoed(events)).toEqual(['through']);
    expect(close).toMatchObject({ code: 1000, wasClean: true });
    // The credentials stay out of the log.
    expect(JSON.stringify(events)).not.toContain('p%40ss');
  });

  it('credentials in HTTP_PROXY are sent too', async () => {
    const s = await wsServer();
    const p = await proxyServer({ authenticate: onlyWithCredentials });
    process.env.HTTP_PROXY = `http://user:p%40ss%20word@127.0.0.1:${p.port}`;
    const { events } = await echoRun({ url: `ws://127.0.0.1:${s.port}/` });
    expect(p.connects).toEqual([{ target: `127.0.0.1:${s.port}`, proxyAuthorization: expected }]);
    only(events, 'open');
  });

  it('without credentials the same proxy answers 407', async () => {
    const s = await wsServer();
    const p = await proxyServer({ authenticate: onlyWithCredentials });
    const { events } = await runConnection({ url: `ws://127.0.0.1:${s.port}/`, proxy: p.url });
    expect(p.connects).toEqual([{ target: `127.0.0.1:${s.port}` }]);
    expect(only(events, 'error')).toMatchObject({ code: 'WS_ERR_PROXY', message: expect.stringContaining('407') });
  });
});

describe('wss through the proxy', () => {
  it('runs TLS inside the tunnel, with SNI still the host name', async () => {
    const s = await wssServer();
    const p = await proxyServer();
    const { events, close } = await echoRun({ url: `wss://localhost:${s.port}/`, ca: suite.certs.ca.cert, proxy: p.url });
    expect(p.connects.map((c) => c.target)).toEqual([`localhost:${s.port}`]);
    expect(s.servernames).toEqual(['localhost']);
    expect(s.hosts).toEqual([`localhost:${s.port}`]);
    const open = only(events, 'open');
    expect(open.proxy).toBe(p.url);
    expect(open.tls?.peerCertificate?.subject).toBe('CN=localhost');
    expect(open.tls?.alpn).toBe('http/1.1');
    expect(echoed(events)).toEqual(['through']);
    expect(close).toMatchObject({ code: 1000, wasClean: true });
  });

  it('certificate checks still apply inside the tunnel', async () => {
    const s = await wssServer();
    const p = await proxyServer();
    const { events } = await runConnection({ url: `wss://localhost:${s.port}/`, proxy: p.url });
    expect(p.connects).toHaveLength(1);
    expect(only(events, 'error').code).toBe('WS_ERR_TLS_UNTRUSTED');
    expect(ofType(events, 'open')).toEqual([]);
  });
});
