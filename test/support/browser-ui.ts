// Helpers for the UI end-to-end tests: `framescope serve` as a child process
// and Debian's Chromium driven by playwright-core (never a browser download).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { Cli, ROOT, wsServer, type WsServer } from './processes.js';

const RENDERER_INDEX = join(ROOT, 'dist/renderer/index.html');
const CLI_JS = join(ROOT, 'dist/electron/cli.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (/\.(ts|tsx|css|html)$/.test(entry.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Makes sure dist/ holds both the CLI and the renderer bundle, no older than
 * their sources (`npm test` builds first; a lone `npx vitest run` may not).
 */
export function ensureUiBuilt(): void {
  const built = Math.min(existsSync(CLI_JS) ? statSync(CLI_JS).mtimeMs : 0, existsSync(RENDERER_INDEX) ? statSync(RENDERER_INDEX).mtimeMs : 0);
  const sources = Math.max(...['electron', 'shared', 'renderer'].map((d) => newestMtime(join(ROOT, d))));
  if (built >= sources) return;
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0 || !existsSync(RENDERER_INDEX)) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
}

export interface ServeProcess {
  cli: Cli;
  /** the printed URL, token included */
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts `framescope serve --no-open --port 0` with a throwaway data directory,
 * or in `given`, which stop() keeps, so a second server finds what the first saved.
 */
export async function startServe(given?: string): Promise<ServeProcess> {
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'framescope-ui-'));
  const cli = new Cli(['serve', '--no-open', '--port', '0', '--data-dir', dataDir], { timeoutMs: 60 * 60_000 });
  const url = await cli.waitFor(() => /^Framescope UI: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(cli.stdout)?.[1], 'the "Framescope UI:" line');
  return {
    cli,
    url,
    dataDir,
    async stop() {
      if (cli.child.exitCode === null && cli.child.signalCode === null) {
        cli.child.kill('SIGTERM');
        const timer = setTimeout(() => cli.child.kill('SIGKILL'), 5000);
        await cli.exited;
        clearTimeout(timer);
      }
      if (!given) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** A page opened on the UI, with what went wrong in it so far. */
export interface OpenedUi {
  page: Page;
  pageErrors: string[];
  dialogs: string[];
}

export interface BrowserSuite {
  readonly browser: Browser;
  /** undoes something after the current test (last added, first undone) */
  cleanup(undo: () => unknown): void;
  /** a data directory for the current test, removed after it */
  tempDir(prefix?: string): string;
  /** `framescope serve` on this data directory (a fresh one without), stopped after the current test */
  serve(dataDir?: string): Promise<ServeProcess>;
  /** a `ws` server on 127.0.0.1 for the current test, closed after it */
  server(onConnection: Parameters<typeof wsServer>[1]): Promise<WsServer>;
  /**
   * A page on a served UI (closed after the test), loaded: its uncaught
   * errors, and any window dialog (dismissed: every question is asked in
   * the page), are collected in `pageErrors`; the dialogs' messages also in
   * `dialogs`. `before` runs before the page loads (to route its IPC socket).
   */
  openUi(url: string, options?: BrowserContextOptions, before?: (page: Page) => Promise<void>): Promise<OpenedUi>;
}

/**
 * One Chromium for a test file, and what each test leaves to undo. The
 * servers a test started stop first: their sessions outlive their pages
 * and hold the test's peers open (closed with 1001 then). Call it at the
 * top of the file: it registers the file's hooks.
 */
export function browserSuite(): BrowserSuite {
  let browser: Browser | undefined;
  const serves: ServeProcess[] = [];
  const undo: (() => unknown)[] = [];
  beforeAll(async () => {
    ensureUiBuilt();
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
  });
  afterEach(async () => {
    await Promise.all(serves.splice(0).map((s) => s.stop()));
    while (undo.length) await undo.pop()!();
  });
  return {
    get browser() {
      return browser!;
    },
    cleanup: (f) => void undo.push(f),
    tempDir(prefix = 'framescope-ui-') {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      undo.push(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
    async serve(dataDir) {
      const s = await startServe(dataDir);
      serves.push(s);
      return s;
    },
    async server(onConnection) {
      const s = await wsServer({}, onConnection);
      undo.push(() => s.close());
      return s;
    },
    async openUi(url, options, before) {
      const page = await browser!.newPage(options);
      undo.push(() => page.close());
      page.setDefaultTimeout(WAIT);
      const ui: OpenedUi = { page, pageErrors: [], dialogs: [] };
      page.on('pageerror', (e) => ui.pageErrors.push(e.message));
      page.on('dialog', (d) => {
        ui.dialogs.push(d.message());
        ui.pageErrors.push(`unexpected ${d.type()} dialog: ${d.message()}`);
        void d.dismiss().catch(() => undefined);
      });
      await before?.(page);
      await page.goto(url);
      await page.getByRole('textbox', { name: 'URL', exact: true }).waitFor();
      return ui;
    },
  };
}

export interface ServedUi extends Omit<BrowserSuite, 'serve' | 'tempDir'> {
  /** the current test's own `framescope serve` */
  readonly serve: ServeProcess;
}

/**
 * A browserSuite whose every test gets a `framescope serve` of its own
 * (sessions outlive their page and the open tabs are saved with the
 * workspace, so a server shared between tests would hand one test's tabs
 * to the next).
 */
export function servedUi(): ServedUi {
  const suite = browserSuite();
  let serve: ServeProcess | undefined;
  beforeEach(async () => {
    serve = await suite.serve();
  }, 60_000);
  return {
    get serve() {
      return serve!;
    },
    get browser() {
      return suite.browser;
    },
    cleanup: (f) => suite.cleanup(f),
    server: (onConnection) => suite.server(onConnection),
    openUi: (url, options, before) => suite.openUi(url, options, before),
  };
}

/** How long UI tests wait for anything to show: generous, for 2 busy CI cores. */
export const WAIT = 30_000;

/** Polls until a condition holds, without sleeping blindly. */
export function until<T>(what: string, get: () => T) {
  return expect.poll(get, { timeout: WAIT, message: what });
}

/** Waits until the one role=status element names the state. */
export async function waitForStatus(page: Page, text: 'Open' | 'Closed'): Promise<void> {
  await page.getByRole('status').filter({ hasText: text }).waitFor();
  expect(await page.getByRole('status').count()).toBe(1);
}

/** Replaces the Monaco draft by typing, as a person would. */
export async function typeMessage(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message', exact: true }).focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

/** What the Composer's editor shows. */
export async function composerText(page: Page): Promise<string> {
  return (await page.locator('.composer .view-lines').innerText()).replace(/\u00a0/g, ' ');
}

/** Types a draft and sends it once the Send button can go (the draft reaches its state through React). */
export async function sendMessage(page: Page, text: string): Promise<void> {
  await typeMessage(page, text);
  const send = page.getByRole('button', { name: 'Send', exact: true });
  await until('Send is enabled', () => send.isEnabled()).toBe(true);
  await send.click();
}

/** The names of contracts section 3 that live in the connection's view. */
export const CONTRACT_NAMES = ['URL', 'Connect', 'Disconnect', 'Message', 'Send', 'Text', 'Binary', 'Ping', 'Pong', 'Auto-pong', 'Close code', 'Close reason', 'Close', 'Frames'];
const LOG_VIEWS = ['Frames', 'Messages'];
const CONTROL_ROLES = new Set(['button', 'textbox', 'searchbox', 'radio', 'checkbox', 'switch', 'combobox', 'spinbutton', 'slider', 'link', 'tab', 'menuitem', 'option', 'table', 'grid']);

/** How many visible controls carry each contract name, from Chromium's accessibility tree. */
export async function controlNames(page: Page): Promise<Record<string, number>> {
  const snapshot = await page.locator('body').ariaSnapshot();
  const counts: Record<string, number> = Object.fromEntries(CONTRACT_NAMES.map((n) => [n, 0]));
  for (const line of snapshot.split('\n')) {
    const m = /^\s*- (\w+) "((?:[^"\\]|\\.)*)"/.exec(line);
    if (!m || !CONTROL_ROLES.has(m[1])) continue;
    const name = JSON.parse(`"${m[2]}"`) as string;
    // the log's view tab shares its name with the table it shows (contracts section 3 names both)
    if (m[1] === 'tab' && LOG_VIEWS.includes(name)) continue;
    if (name in counts) counts[name]++;
  }
  return counts;
}
