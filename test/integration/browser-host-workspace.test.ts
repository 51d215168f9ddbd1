/**
 * Browser mode serves the workspace: one per server, shared by every tab.
 * A profile saved from one tab is pushed to the other, and is there again
 * after the server restarts with the same data directory.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { WebSocket } from 'ws';
import { startBrowserHost, type BrowserHost } from '../../electron/host/browser-host.js';
import type { ServerMessage } from '../../shared/ipc/api.js';
import type { WorkspaceView } from '../../shared/workspace.js';
import { removeTempDirs, tempDir } from '../support/workspace-harness.js';
import { wsText } from '../../electron/host/ws-text.js';

/** One browser tab's IPC socket: calls answered by id, workspace pushes recorded. */
class Tab {
  readonly views: WorkspaceView[] = [];
  private readonly answers = new Map<number, (m: ServerMessage) => void>();
  private waiters: (() => void)[] = [];
  private nextId = 1;
  readonly opened: Promise<void>;

  constructor(readonly ws: WebSocket) {
    this.opened = new Promise((r) => ws.once('open', () => r()));
    ws.on('message', (data) => {
      const m = JSON.parse(wsText(data)) as ServerMessage;
      if ('push' in m) {
        if (m.push === 'workspace.changed') this.views.push((m.payload as { workspace: WorkspaceView }).workspace);
        for (const w of this.waiters.splice(0)) w();
      } else this.answers.get(m.id)?.(m);
    });
  }

  static async open(host: BrowserHost): Promise<Tab> {
    const authority = new URL(host.url).host;
    const tab = new Tab(new WebSocket(`ws://${authority}/ipc?token=${host.token}`, { origin: `http://${authority}` }));
    await tab.opened;
    return tab;
  }

  async call(call: string, input: unknown): Promise<any> {
    const id = this.nextId++;
    const answer = new Promise<ServerMessage>((r) => this.answers.set(id, r));
    this.ws.send(JSON.stringify({ id, call, input }));
    const m = await answer;
    if (!('ok' in m) || !m.ok) throw new Error(JSON.stringify(m));
    return m.output;
  }

  async waitForView(match: (v: WorkspaceView) => boolean): Promise<WorkspaceView> {
    for (;;) {
      const found = this.views.find(match);
      if (found) return found;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }
}

let hosts: BrowserHost[] = [];
afterEach(async () => {
  for (const h of hosts) await h.close();
  hosts = [];
  await removeTempDirs();
});

async function startHost(dataDir: string): Promise<BrowserHost> {
  const staticDir = path.join(dataDir, '..', 'static');
  await mkdir(staticDir, { recursive: true });
  const host = await startBrowserHost({ host: '127.0.0.1', port: 0, staticDir, dataDir });
  hosts.push(host);
  return host;
}

describe('the workspace in browser mode', () => {
  it('is shared by the tabs, pushed to all of them, and kept across a restart with the same --data-dir', async () => {
    const dataDir = path.join(await tempDir(), 'data');
    let host = await startHost(dataDir);
    const [a, b] = [await Tab.open(host), await Tab.open(host)];
    const { workspace } = await a.call('workspace.get', {});
    expect(workspace.path).toBe(path.join(dataDir, 'workspaces', 'default'));
    const profile = {
      name: 'Two messages',
      settings: { url: 'ws://{{host}}/' },
      messages: [
        { name: 'one', kind: 'text', text: 'first' },
        { name: 'two', kind: 'binary', hex: '0102' },
      ],
    };
    const saved = await a.call('profiles.save', { profile });
    const seen = await b.waitForView((v) => v.profiles.some((p) => p.id === saved.profile.id));
    expect(seen.profiles[0]).toMatchObject({ name: 'Two messages', messageCount: 2 });

    for (const t of [a, b]) t.ws.close();
    await host.close();
    hosts = [];
    host = await startHost(dataDir);
    const c = await Tab.open(host);
    const back = await c.call('profiles.get', { id: saved.profile.id });
    expect(back.profile).toEqual(saved.profile);
    c.ws.close();
  });
});
