/**
 * A window that always appears (electron/window/window-shown.ts), against a
 * stand-in BrowserWindow: shown at its first paint, or with an error page
 * when the app's page fails to load or its renderer goes away; never left
 * hidden, and never an unhandled rejection. Electron is not launched.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { BrowserWindow } from 'electron';
import { APP_URL } from '../../electron/window/app-protocol.js';
import { errorPageUrl, isErrorPage } from '../../electron/window/error-page.js';
import { bringToFront, keepWindowShown } from '../../electron/window/window-shown.js';

/** Records what is done to it; each loadURL stays pending until the test settles it. */
class StandInWindow extends EventEmitter {
  readonly calls: string[] = [];
  readonly loads: { url: string; resolve: () => void; reject: (e: Error) => void }[] = [];
  minimized = false;
  webContents = Object.assign(new EventEmitter(), { getURL: () => this.loads.at(-1)?.url ?? '' });
  show() {
    this.calls.push('show');
  }
  maximize() {
    this.calls.push('maximize');
  }
  restore() {
    this.calls.push('restore');
  }
  focus() {
    this.calls.push('focus');
  }
  isMinimized() {
    return this.minimized;
  }
  isDestroyed() {
    return false;
  }
  loadURL(url: string): Promise<void> {
    return new Promise((resolve, reject) => this.loads.push({ url, resolve, reject }));
  }
  get errorPages() {
    return this.loads.filter((l) => isErrorPage(l.url)).map((l) => decodeURIComponent(l.url));
  }
}

function shownWindow(maximized = false) {
  const w = new StandInWindow();
  const shown = keepWindowShown(w as unknown as BrowserWindow, { maximized });
  return { w, shown };
}

/** A load failure as Electron rejects loadURL with it. */
const loadError = (errno: number, code: string) => Object.assign(new Error(`${code} (${errno}) loading '${APP_URL}'`), { errno, code });

describe('the window at its first paint (Electron is not launched)', () => {
  it('shows on ready-to-show, maximized if it was', () => {
    const plain = shownWindow();
    plain.w.emit('ready-to-show');
    expect(plain.w.calls).toEqual(['show']);
    const big = shownWindow(true);
    big.w.emit('ready-to-show');
    expect(big.w.calls).toEqual(['maximize', 'show']);
  });

  it('a second launch restores a minimized window and brings it forward, shown', () => {
    const w = new StandInWindow();
    w.minimized = true;
    bringToFront(w as unknown as BrowserWindow);
    expect(w.calls).toEqual(['restore', 'show', 'focus']);
  });
});

describe('a page that does not come (Electron is not launched)', () => {
  it("shows the window with an error page when the app's page fails to load", async () => {
    const { w, shown } = shownWindow();
    const loading = shown.loadApp(APP_URL);
    w.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', APP_URL, true, 1, 1);
    w.loads[0].reject(loadError(-6, 'ERR_FILE_NOT_FOUND'));
    await loading;
    expect(w.calls).toEqual(['show']);
    expect(w.errorPages).toHaveLength(1);
    expect(w.errorPages[0]).toContain(`The page ${APP_URL} did not load: ERR_FILE_NOT_FOUND (-6).`);
  });

  it('answers a loadURL that fails without did-fail-load, and never rejects', async () => {
    const { w, shown } = shownWindow();
    const loading = shown.loadApp(APP_URL);
    w.loads[0].reject(new Error('the window is gone'));
    await expect(loading).resolves.toBeUndefined();
    expect(w.calls).toEqual(['show']);
    expect(w.errorPages[0]).toContain('did not load: the window is gone');
  });

  it('leaves alone an aborted load (another navigation took its place), a subframe and a page not of the app', async () => {
    const { w, shown } = shownWindow();
    const loading = shown.loadApp(APP_URL);
    w.webContents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', APP_URL, true, 1, 1);
    w.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', `${APP_URL}frame.html`, false, 1, 2);
    w.webContents.emit('did-fail-load', {}, -2, 'ERR_FAILED', 'data:text/html,x', true, 1, 1);
    w.loads[0].reject(loadError(-3, 'ERR_ABORTED'));
    await loading;
    expect(w.calls).toEqual([]);
    expect(w.errorPages).toEqual([]);
  });

  it('shows an error page when the renderer goes away, and only shows the window when it was the error page that went', () => {
    const { w, shown } = shownWindow();
    void shown.loadApp(APP_URL);
    w.loads[0].resolve();
    w.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(w.calls).toEqual(['show']);
    expect(w.errorPages[0]).toContain('The page stopped (crashed, exit code 139); its connections go on: Try again brings them back.');
    w.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 1 });
    expect(w.calls).toEqual(['show', 'show']);
    expect(w.errorPages).toHaveLength(1);
  });
});

describe('the error page (Electron is not launched)', () => {
  const html = decodeURIComponent(errorPageUrl('ERR_FILE_NOT_FOUND <script>alert(1)</script> & "more"'));

  it('runs no script and loads nothing: its own CSP, no script element, the problem escaped', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('ERR_FILE_NOT_FOUND &#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;more&#34;');
  });

  it('offers the way back to the app', () => {
    expect(html).toContain(`<a href="${APP_URL}">Try again</a>`);
    expect(isErrorPage(errorPageUrl('x'))).toBe(true);
    expect(isErrorPage(APP_URL)).toBe(false);
  });
});
