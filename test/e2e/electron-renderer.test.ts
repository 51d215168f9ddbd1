/**
 * The Electron window's page without Electron: the real renderer bundle in
 * Debian's Chromium, served by the app:// mapping (same files, same CSP
 * header) under a stand-in http origin, with the BUILT preload evaluated in
 * the page against a stand-in electron module whose ipcRenderer reaches the
 * real IPC adapter (registerCallHandler) and a real SessionService in this
 * process. Proves the renderer runs on window.framescope, Monaco works under
 * the app's CSP, and the Connection menu's commands act like the buttons.
 * Electron is not launched.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { WebSocketServer } from 'ws';
import { ensureUiBuilt, launchChromium } from '../support/browser-ui.js';
import { ROOT } from '../support/processes.js';
import type { SessionService } from '../../electron/services/session-service.js';
import { startAppServices } from '../../electron/app/app-services.js';
import type { WorkspaceService } from '../../electron/workspace/workspace-service.js';
import { registerCallHandler, type InvokeEvent } from '../../electron/ipc/electron-ipc.js';
import { CALL_CHANNEL, PUSH_CHANNEL } from '../../electron/ipc/channels.js';
import type { Bridge, CallReply } from '../../shared/ipc/api.js';
import { APP_CSP, appResponse } from '../../electron/window/app-protocol.js';
import type { MenuCommand } from '../../shared/ipc/events.js';
import { wsText } from '../../electron/host/ws-text.js';

const ORIGIN = 'http://framescope.test';
const WINDOW_ID = 1;

let browser: Browser;
let page: Page;
let wss: WebSocketServer;
let service: SessionService;
let workspace: WorkspaceService;
let dataDir: string;
let pageCsp: string | undefined;
const received: string[] = [];
const pings: string[] = [];
const problems: string[] = [];

beforeAll(async () => {
  ensureUiBuilt();
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  wss.on('connection', (ws) => {
    ws.on('message', (data, binary) => {
      received.push(wsText(data));
      ws.send(data, { binary });
    });
    ws.on('ping', (data) => pings.push(String(data)));
  });

  let handle!: (event: InvokeEvent, ...args: unknown[]) => Promise<CallReply>;
  // wired as main.ts wires them: one workspace, its pushes and the sessions' to the window
  dataDir = mkdtempSync(join(tmpdir(), 'framescope-electron-e2e-'));
  // the file dialog stands in as cancelled: no test here picks a file
  const app = startAppServices({ dataDir, push, dialog: () => Promise.resolve({ canceled: true, filePaths: [] }) });
  service = app.sessions;
  workspace = app.workspace;
  registerCallHandler({ handle: (_channel, listener) => (handle = listener) }, { handlers: app.handlers, windowContentsId: () => WINDOW_ID });
  function push(name: string, payload: unknown): void {
    void page?.evaluate(([channel, n, p]) => (window as unknown as { __push: (...a: unknown[]) => void }).__push(channel, n, p), [PUSH_CHANNEL, name, payload] as const).catch(() => undefined);
  }

  browser = await launchChromium();
  const context = await browser.newContext();
  // What main's protocol.handle answers, for the page and its workers alike.
  await context.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const r = await appResponse(join(ROOT, 'dist/renderer'), `app://framescope${url.pathname}`, route.request().method());
    await route.fulfill({ status: r.status, headers: r.headers, body: typeof r.body === 'string' ? r.body : Buffer.from(r.body) });
  });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  // ipcRenderer.invoke, as Electron delivers it to main: with the sending frame (mapped back to app://).
  await page.exposeBinding('__ipcInvoke', (source, channel: string, name: unknown, input: unknown) => {
    expect(channel).toBe(CALL_CHANNEL);
    const frame = source.frame;
    return handle({ sender: { id: WINDOW_ID }, senderFrame: { url: frame.url().replace(ORIGIN, 'app://framescope'), parent: frame.parentFrame() } }, name, input);
  });
  const preload = readFileSync(join(ROOT, 'dist/preload/preload.cjs'), 'utf8');
  await page.addInitScript(`(() => {
    const subscribed = [];
    const electron = {
      // as Electron's: an error thrown or rejected across the bridge arrives with its message alone
      contextBridge: { exposeInMainWorld: (key, value) => { window[key] = Object.fromEntries(Object.entries(value).map(([k, f]) => [k, (...a) => {
        const copied = (e) => new Error(e.message);
        try { const out = f(...a); return out instanceof Promise ? out.catch((e) => Promise.reject(copied(e))) : out; } catch (e) { throw copied(e); }
      }])); } },
      ipcRenderer: {
        invoke: (channel, ...args) => window.__ipcInvoke(channel, ...args),
        on: (channel, listener) => { subscribed.push({ channel, listener }); },
      },
    };
    window.__push = (channel, ...args) => { for (const s of subscribed) if (s.channel === channel) s.listener({}, ...args); };
    const module = { exports: {} };
    (function (require, module, exports) { ${preload}\n })((id) => { if (id === 'electron') return electron; throw new Error('cannot require ' + id); }, module, module.exports);
  })();`);
  pageCsp = (await page.goto(`${ORIGIN}/`))?.headers()['content-security-policy'];
  await page.getByRole('textbox', { name: 'URL', exact: true }).waitFor();
});

afterAll(async () => {
  await service?.disposeAll();
  await workspace?.close();
  await browser?.close();
  await new Promise((r) => wss?.close(r));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const menu = (command: MenuCommand) => page.evaluate(([channel, c]) => (window as unknown as { __push: (...a: unknown[]) => void }).__push(channel, 'menu.command', { command: c }), [PUSH_CHANNEL, command] as const);
const status = (text: string) => page.getByRole('status').filter({ hasText: text }).waitFor();

describe('the desktop page in Chromium through the built preload and the IPC adapter (Electron is not launched)', () => {
  it('is served with the app CSP and runs on window.framescope, not browser mode', async () => {
    expect(pageCsp).toBe(APP_CSP);
    expect(await page.evaluate(() => Object.keys((window as unknown as { framescope: object }).framescope).sort())).toEqual(['call', 'on']);
    // a refused call's code reaches the page: the reply crosses the bridge as data, not as a thrown error
    const refused = await page.evaluate(() => (window as unknown as { framescope: Bridge }).framescope.call('session.ping', { sessionId: 'gone', payloadHex: '' }));
    expect(refused).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'no connection gone' } });
  });

  it('Connect, Send, Ping and Close from the menu act like their buttons', async () => {
    const port = (wss.address() as AddressInfo).port;
    await page.getByRole('textbox', { name: 'URL', exact: true }).fill(`ws://127.0.0.1:${port}/`);
    await menu('connect');
    await status('Open');

    await page.getByRole('textbox', { name: 'Message', exact: true }).focus();
    await page.keyboard.type('from the menu');
    // the tab's draft is in its store as each keystroke lands, so the menu's Send reads it whole
    await menu('send');
    await expect.poll(() => received).toEqual(['from the menu']);
    await page.getByRole('table', { name: 'Frames', exact: true }).getByRole('row').filter({ hasText: 'from the menu' }).first().waitFor();

    await menu('ping');
    await expect.poll(() => pings).toEqual(['']);

    await menu('close');
    await status('Closed');
  });

  it('a reload (the View menu, or a crashed page brought back) finds the connection where the app kept it', async () => {
    const port = (wss.address() as AddressInfo).port;
    await menu('connect');
    await status('Open');
    const before = received.length;
    await page.reload();
    await page.getByRole('textbox', { name: 'URL', exact: true }).waitFor();
    expect(await page.getByRole('textbox', { name: 'URL', exact: true }).inputValue()).toBe(`ws://127.0.0.1:${port}/`);
    await status('Open');
    await page.getByRole('textbox', { name: 'Message', exact: true }).focus();
    // the tab's draft came back with it (the last test's message): typed over
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('after the reload');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
    await menu('send');
    await expect.poll(() => received.slice(before)).toEqual(['after the reload']);
    await menu('close');
    await status('Closed');
  });

  it('ran Monaco with its workers under the CSP, with no errors on the page', async () => {
    expect(page.workers().length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
