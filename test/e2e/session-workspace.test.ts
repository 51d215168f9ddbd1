// Tabs that survive, at 1280x720 in Debian's Chromium against `framescope
// serve` and real `ws` servers: a reload reattaches the tabs to the sessions
// still alive in the server, with their logs; the open tabs are saved in the
// workspace (session.json) and come back at the next start, disconnected,
// with their settings, draft, view, filter and recording; switching
// workspaces swaps the whole set of tabs; a broken session.json is named
// once and left as it is.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite, WAIT, until, waitForStatus, typeMessage, sendMessage, composerText, type ServeProcess } from '../support/browser-ui.js';
import { wsServer, type WsServer } from '../support/processes.js';
import { wsText } from '../../electron/host/ws-text.js';

const TEST_TIMEOUT = 180_000;

const suite = browserSuite();

/** A `ws` echo server that counts its connections and notes how each ended. */
async function echoServer(): Promise<WsServer & { connections: () => number; closes: number[]; received: string[] }> {
  let connections = 0;
  const closes: number[] = [];
  const received: string[] = [];
  const s = await wsServer({}, (ws) => {
    connections++;
    ws.on('message', (d, binary) => {
      received.push(wsText(d));
      ws.send(d, { binary });
    });
    ws.on('close', (code) => closes.push(code));
  });
  suite.cleanup(() => s.close());
  return Object.assign(s, { connections: () => connections, closes, received });
}

const openUi = (s: ServeProcess) => suite.openUi(s.url, { viewport: { width: 1280, height: 720 } });

const url = (page: Page) => page.getByRole('textbox', { name: 'URL', exact: true });
const connectionTabs = (page: Page) => page.getByRole('tablist', { name: 'Connections', exact: true }).getByRole('tab');
const frameRow = (page: Page, text: string) => page.getByRole('table', { name: 'Frames', exact: true }).getByRole('row').filter({ hasText: text });
// Monaco draws spaces as no-break spaces
const sessionFile = (workspace: string) => join(workspace, 'session.json');

/** Unfolds the sidebar's "Open or create another" unless it is open already. */
async function showWorkspaceForm(page: Page): Promise<void> {
  const summary = page.getByText('Open or create another', { exact: true });
  if (!(await summary.evaluate((el) => (el.parentElement as HTMLDetailsElement).open))) await summary.click();
}

/** Reads session.json as the app last wrote it, or null. */
function savedTabs(workspace: string): { active: string | null; tabs: { settings: { url: string }; draft: { text: string } }[] } | null {
  try {
    return JSON.parse(readFileSync(sessionFile(workspace), 'utf8'));
  } catch {
    return null;
  }
}

describe('tabs that survive (browser mode, 1280x720)', () => {
  it(
    'a reload reattaches each tab to its session, still open, with its log; nothing reconnects',
    async () => {
      const echo = await echoServer();
      const s = await suite.serve(suite.tempDir('framescope-reattach-'));
      const { page, pageErrors } = await openUi(s);
      await url(page).fill(echo.url);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await waitForStatus(page, 'Open');
      await sendMessage(page, 'sent before the reload');
      await frameRow(page, 'sent before the reload').nth(1).waitFor();
      // a second tab, never connected, with its own URL
      await page.getByRole('button', { name: 'New tab', exact: true }).click();
      await url(page).fill('ws://127.0.0.1:9/second');
      await until('both tabs saved', () => savedTabs(join(s.dataDir, 'workspaces', 'default'))?.tabs.map((t) => t.settings.url)).toEqual([echo.url, 'ws://127.0.0.1:9/second']);

      await page.reload();
      await until('both tabs back', () => connectionTabs(page).allInnerTexts()).toEqual([expect.stringContaining(`127.0.0.1:${echo.port}`), expect.stringContaining('127.0.0.1:9/second')]);
      // the saved front tab is in front again
      expect(await url(page).inputValue()).toBe('ws://127.0.0.1:9/second');
      await connectionTabs(page).first().click();
      await waitForStatus(page, 'Open');
      await frameRow(page, 'sent before the reload').nth(1).waitFor();
      // the same connection: what is sent now reaches the server over it
      await sendMessage(page, 'sent after the reload');
      await frameRow(page, 'sent after the reload').nth(1).waitFor();
      expect(echo.received).toEqual(['sent before the reload', 'sent after the reload']);
      expect(echo.connections()).toBe(1);
      expect(echo.closes).toEqual([]);
      // and it closes as any live tab does
      await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
      await waitForStatus(page, 'Closed');
      await until('the server saw 1000', () => echo.closes).toEqual([1000]);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'a URL typed while the saved tabs are on their way stays, in front, beside them',
    async () => {
      const s = await suite.serve(suite.tempDir('framescope-early-'));
      const workspace = join(s.dataDir, 'workspaces', 'default');
      const first = await openUi(s);
      await url(first.page).fill('ws://127.0.0.1:9/saved');
      await until('the tab saved', () => savedTabs(workspace)?.tabs.map((t) => t.settings.url)).toEqual(['ws://127.0.0.1:9/saved']);
      await first.page.close();

      // the next page's session.list answer is held back until a URL has been typed
      const page = await suite.browser.newPage({ viewport: { width: 1280, height: 720 } });
      suite.cleanup(() => page.close());
      page.setDefaultTimeout(WAIT);
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let held = false;
      await page.routeWebSocket(/\/ipc\?/, (ws) => {
        const server = ws.connectToServer();
        const lists = new Set<number>();
        ws.onMessage((m) => {
          const msg = JSON.parse(String(m)) as { id: number; call: string };
          if (msg.call === 'session.list') lists.add(msg.id);
          server.send(m);
        });
        server.onMessage((m) => {
          const msg = JSON.parse(String(m)) as { id?: number };
          if (msg.id === undefined || !lists.has(msg.id)) return ws.send(m);
          held = true;
          void released.then(() => ws.send(m));
        });
      });
      await page.goto(s.url);
      await until('session.list answered and held', () => held).toBe(true);
      await url(page).fill('ws://127.0.0.1:9/typed-early');
      release();
      await until('the saved tab back beside the typed one', () => connectionTabs(page).allInnerTexts()).toEqual([expect.stringContaining('127.0.0.1:9/saved'), expect.stringContaining('127.0.0.1:9/typed-early')]);
      expect(await url(page).inputValue()).toBe('ws://127.0.0.1:9/typed-early');
    },
    TEST_TIMEOUT,
  );

  it(
    'restores the saved tabs at the next start: settings, draft, view, filter and recording, disconnected until asked',
    async () => {
      const echo = await echoServer();
      const dataDir = suite.tempDir('framescope-restore-');
      const workspace = join(dataDir, 'workspaces', 'default');
      const first = await suite.serve(dataDir);
      const one = await openUi(first);
      await url(one.page).fill(echo.url);
      await one.page.getByRole('button', { name: 'Connect', exact: true }).click();
      await waitForStatus(one.page, 'Open');
      await sendMessage(one.page, 'hello saved world');
      await sendMessage(one.page, 'other message');
      await frameRow(one.page, 'other message').nth(1).waitFor();
      await one.page.getByRole('tab', { name: 'Messages', exact: true }).click();
      await one.page.getByRole('textbox', { name: 'Filter text', exact: true }).fill('hello');
      await typeMessage(one.page, 'an unsent draft');
      await until('the draft is saved', () => savedTabs(workspace)?.tabs[0]?.draft.text).toBe('an unsent draft');
      await one.page.close();
      await first.stop();
      // the server stopping closed the connection as a closed tab would
      await until('the server saw 1001', () => echo.closes).toEqual([1001]);

      const second = await suite.serve(dataDir);
      const { page, pageErrors } = await openUi(second);
      const banner = page.getByRole('note', { name: 'Restored tab', exact: true });
      await banner.waitFor();
      expect(await url(page).inputValue()).toBe(echo.url);
      expect(await page.getByRole('tab', { name: 'Messages', exact: true }).getAttribute('aria-selected')).toBe('true');
      expect(await page.getByRole('textbox', { name: 'Filter text', exact: true }).inputValue()).toBe('hello');
      await until('the draft is back', () => composerText(page)).toContain('an unsent draft');
      // the recording it showed, filtered as it was: the matching messages only
      const messages = page.getByRole('list', { name: 'Messages', exact: true }).getByRole('listitem');
      await until('the recorded messages that match', () => messages.allInnerTexts()).toEqual([expect.stringContaining('hello saved world'), expect.stringContaining('hello saved world')]);
      await waitForStatus(page, 'Closed');
      // nothing reconnected by itself
      expect(echo.connections()).toBe(1);
      await banner.getByRole('button', { name: 'Reconnect', exact: true }).click();
      await waitForStatus(page, 'Open');
      expect(echo.connections()).toBe(2);
      await banner.waitFor({ state: 'detached' });
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'switching workspaces swaps the whole set of tabs; a broken session.json is named once and left as it is',
    async () => {
      const echo = await echoServer();
      const dataDir = suite.tempDir('framescope-switch-');
      const home = join(dataDir, 'workspaces', 'default');
      // another workspace whose session.json is broken
      const broken = join(dataDir, 'broken');
      mkdirSync(broken);
      writeFileSync(join(broken, 'framescope-workspace.json'), JSON.stringify({ formatVersion: 1, name: 'Broken' }, null, 2) + '\n');
      const brokenText = '{ "formatVersion": 1, "tabs": [ { "id": "x" ';
      writeFileSync(sessionFile(broken), brokenText);
      const s = await suite.serve(dataDir);
      const { page, pageErrors } = await openUi(s);

      await url(page).fill(echo.url);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await waitForStatus(page, 'Open');
      await showWorkspaceForm(page);
      await page.getByRole('textbox', { name: 'Workspace path', exact: true }).fill(broken);
      await page.getByRole('button', { name: 'Open workspace', exact: true }).click();
      // a live connection: asked first, then closed with 1001
      const question = page.getByRole('dialog', { name: 'Switch workspace?', exact: true });
      await question.waitFor();
      await question.getByRole('button', { name: 'Close and switch', exact: true }).click();
      await until('the server saw 1001', () => echo.closes).toEqual([1001]);

      // the broken file: one message naming it and its problem; a fresh tab; the file untouched
      const problems = page.getByRole('list', { name: 'Workspace problems', exact: true });
      await until('the problem is listed', () => problems.innerText()).toMatch(/session\.json.*not valid JSON.*not restored/s);
      await until('one fresh tab', () => connectionTabs(page).count()).toBe(1);
      expect(await url(page).inputValue()).not.toBe(echo.url);
      await url(page).fill('ws://127.0.0.1:9/in-broken');

      // back home: the home tabs again, and the broken file still as it was
      await showWorkspaceForm(page);
      await page.getByRole('list', { name: 'Recent workspaces', exact: true }).getByRole('button', { name: home, exact: true }).click();
      await until('the home tab is back', () => url(page).inputValue()).toBe(echo.url);
      expect(await connectionTabs(page).count()).toBe(1);
      expect(readFileSync(sessionFile(broken), 'utf8')).toBe(brokenText);
      expect(echo.connections()).toBe(1);

      // a workspace made here starts with one fresh tab, and keeps its own
      const made = join(dataDir, 'made');
      await showWorkspaceForm(page);
      await page.getByRole('textbox', { name: 'Workspace path', exact: true }).fill(made);
      await page.getByRole('button', { name: 'Create workspace', exact: true }).click();
      await until('a fresh tab', () => url(page).inputValue()).not.toBe(echo.url);
      await url(page).fill('ws://127.0.0.1:9/made');
      await until('its tab saved', () => savedTabs(made)?.tabs.map((t) => t.settings.url)).toEqual(['ws://127.0.0.1:9/made']);
      expect(savedTabs(home)?.tabs.map((t) => t.settings.url)).toEqual([echo.url]);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
