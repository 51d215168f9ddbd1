/**
 * Browser mode beyond loopback: refused unless asked for (allowRemote), and
 * then the Host check serves this machine's real interface addresses, not
 * the 0.0.0.0 it listens on. Requests go over real sockets to the real
 * interface address, with the Host and Origin a browser would send.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { startBrowserHost, type BrowserHost } from '../../electron/host/browser-host.js';
import { hostsServed, isEveryInterface, isLoopback } from '../../electron/host/listen-address.js';
import { removeTempDirs, tempDir } from '../support/workspace-harness.js';

/** This machine's first address another machine could reach, if it has one. */
const lanAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

describe('which addresses are loopback', () => {
  it('tells loopback from every interface and from the rest, however written', () => {
    for (const h of ['127.0.0.1', '127.3.2.1', 'localhost', '::1', '0:0:0:0:0:0:0:1']) expect(isLoopback(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.20', 'fd00::2', 'example.com', '::ffff:127.0.0.1']) expect(isLoopback(h), h).toBe(false);
    for (const h of ['0.0.0.0', '::', '0:0:0:0:0:0:0:0']) expect(isEveryInterface(h), h).toBe(true);
    expect(isEveryInterface('192.168.1.20')).toBe(false);
  });

  it('serves every interface address when bound to all, IPv4 ones for 0.0.0.0', () => {
    const v4 = Object.values(os.networkInterfaces())
      .flat()
      .flatMap((a) => (a?.family === 'IPv4' ? [a.address] : []));
    expect(hostsServed('0.0.0.0')).toEqual(expect.arrayContaining(['localhost', ...v4]));
    expect(hostsServed('0.0.0.0')).not.toContain('0.0.0.0');
    expect(hostsServed('::')).toContain('::1');
    expect(hostsServed('192.0.2.7')).toEqual(['192.0.2.7']);
  });
});

describe('listening on every interface', () => {
  let root: string;
  let host: BrowserHost;
  let port: number;

  beforeAll(async () => {
    root = await tempDir();
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>remote</title>');
    await expect(startBrowserHost({ host: '0.0.0.0', port: 0, staticDir: root, dataDir: path.join(root, 'data') })).rejects.toThrow(/allowRemote/);
    host = await startBrowserHost({ host: '0.0.0.0', port: 0, staticDir: root, dataDir: path.join(root, 'data'), allowRemote: true });
    port = Number(new URL(host.url).port);
  });
  afterAll(async () => {
    await host?.close();
    await removeTempDirs();
  });

  /** A request to `address`, naming `hostHeader`; the status, or 101 for an upgrade. */
  function request(address: string, hostHeader: string, p: string, headers: Record<string, string> = {}): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: address, port, path: p, agent: false, setHost: false, headers: { Host: hostHeader, Connection: 'close', ...headers } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('upgrade', (res, socket) => {
        socket.destroy();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
  }

  const upgrade = (address: string, authority: string) =>
    request(address, authority, `/ipc?token=${host.token}`, {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      Origin: `http://${authority}`,
    });

  it('prints a URL this machine can open', () => {
    expect(new URL(host.url).hostname).toBe('127.0.0.1');
  });

  it('answers loopback names and refuses 0.0.0.0 and strangers as the Host', async () => {
    const page = `/?token=${host.token}`;
    expect(await request('127.0.0.1', `127.0.0.1:${port}`, page)).toBe(200);
    expect(await request('127.0.0.1', `localhost:${port}`, page)).toBe(200);
    expect(await request('127.0.0.1', `0.0.0.0:${port}`, page)).toBe(421);
    expect(await request('127.0.0.1', `evil.example:${port}`, page)).toBe(421);
    expect(await upgrade('127.0.0.1', `127.0.0.1:${port}`)).toBe(101);
  });

  it.skipIf(!lanAddress)('answers its real interface address, pages and /ipc alike (skipped: no non-loopback IPv4 interface here)', async () => {
    const authority = `${lanAddress}:${port}`;
    expect(await request(lanAddress!, authority, `/?token=${host.token}`)).toBe(200);
    expect(await request(lanAddress!, authority, '/')).toBe(403);
    expect(await upgrade(lanAddress!, authority)).toBe(101);
  });
});
