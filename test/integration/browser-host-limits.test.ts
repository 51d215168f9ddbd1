/**
 * Browser mode under calls that are too large or too many, over real
 * HTTP and WebSocket on loopback: a 50 MB field (under the 64 MiB a call may
 * carry, over what the field takes) is answered TOO_LARGE naming the field,
 * 10,000 calls sent at once are each answered, and through both the tab, the
 * other tabs and the server go on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { startBrowserHost, type BrowserHost } from '../../electron/host/browser-host.js';
import { LIMITS } from '../../shared/limits.js';
import { connectTab, type Answer } from '../support/ipc-client.js';

const FIFTY_MB = 50 * 1000 * 1000;

let root: string;
let host: BrowserHost;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'framescope-limits-'));
  const staticDir = path.join(root, 'static');
  await mkdir(staticDir);
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>limits</title>');
  host = await startBrowserHost({ host: '127.0.0.1', port: 0, staticDir, dataDir: path.join(root, 'data') });
});

afterAll(async () => {
  await host?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

const errorOf = (a: Answer) => (a.ok ? null : a.error);

describe('a call over a field limit', () => {
  it('answers TOO_LARGE for 50 MB fields, names each, and the tab goes on', async () => {
    const tab = await connectTab(host);
    const other = await connectTab(host);
    const big = 'x'.repeat(FIFTY_MB);
    const cases: [string, unknown, string][] = [
      ['session.send', { sessionId: 's', kind: 'text', text: big }, 'text'],
      ['session.send', { sessionId: 's', kind: 'binary', dataHex: 'ab'.repeat(FIFTY_MB / 2) }, 'dataHex'],
      ['recordings.importHar', { content: big }, 'content'],
      ['session.open', { settings: { url: 'ws://127.0.0.1:1/', headers: [['X-Big', big]] } }, 'settings.headers.0.1'],
      ['workspace.open', { path: big }, 'path'],
      ['variables.resolve', { text: big }, 'text'],
    ];
    for (const [call, input, field] of cases) {
      const error = errorOf(await tab.call(call, input));
      expect(error, call).toMatchObject({ code: 'TOO_LARGE' });
      expect(error!.message, call).toContain(`${call}: ${field} `);
      expect(tab.ws.readyState, call).toBe(WebSocket.OPEN);
    }
    expect(await tab.call('workspace.get', {})).toMatchObject({ ok: true });
    expect(await other.call('workspace.get', {})).toMatchObject({ ok: true });
    tab.ws.close();
    other.ws.close();
  }, 180_000);
});

describe('a burst of calls', () => {
  it('answers each of 10,000 calls sent at once, with its own outcome, and the server goes on', async () => {
    const tab = await connectTab(host);
    const kinds = [
      { call: 'workspace.get', input: {}, expected: 'ok' },
      { call: 'variables.resolve', input: { text: 'ws://{{nobody}}/' }, expected: 'ok' },
      { call: 'session.ping', input: { sessionId: 'no-such-session' }, expected: 'NOT_FOUND' },
      { call: 'session.open', input: { settings: { url: 'ws://h/', subprotocols: ['p'.repeat(LIMITS.token + 1)] } }, expected: 'TOO_LARGE' },
      { call: 'session.nope', input: {}, expected: 'UNKNOWN_CALL' },
    ];
    const answers = await Promise.all(
      Array.from({ length: 10_000 }, async (_, i) => {
        const k = kinds[i % kinds.length];
        const a = await tab.call(k.call, k.input);
        return [k.expected, a.ok ? 'ok' : a.error.code];
      }),
    );
    expect(answers.filter(([expected, got]) => expected !== got)).toEqual([]);
    expect(tab.ws.readyState).toBe(WebSocket.OPEN);
    const after = await connectTab(host);
    expect(await after.call('workspace.get', {})).toMatchObject({ ok: true });
    tab.ws.close();
    after.ws.close();
  }, 180_000);
});
