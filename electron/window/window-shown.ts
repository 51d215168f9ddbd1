import type { BrowserWindow } from 'electron';
import { isAppUrl } from './app-protocol.js';
import { errorPageUrl, isErrorPage } from './error-page.js';

/** Chromium's net::ERR_ABORTED: another navigation took this one's place, which is no failure. */
const ERR_ABORTED = -3;

export interface ShownWindow {
  /** Loads the app's page; a failure ends in the error page, never in a rejection. */
  loadApp(url: string): Promise<void>;
}

/**
 * The window is created hidden and shown at its first paint. This makes sure
 * it appears whatever happens to the page: when the app's page fails to load
 * or its renderer goes away, the window shows an error page instead of
 * staying hidden (the app running with nothing on screen) or blank.
 */
export function keepWindowShown(win: BrowserWindow, o: { maximized: boolean }): ShownWindow {
  let problemShown = false;
  const showProblem = (problem: string) => {
    problemShown = true;
    win.show();
    win.loadURL(errorPageUrl(problem)).catch((e: Error) => console.error(`framescope: the error page did not load either: ${e.message}`));
  };
  win.once('ready-to-show', () => {
    if (o.maximized) win.maximize();
    win.show();
  });
  win.webContents.on('did-fail-load', (_event, code, description, url, isMainFrame) => {
    if (isMainFrame && code !== ERR_ABORTED && isAppUrl(url)) showProblem(`The page ${url} did not load: ${description} (${code}).`);
  });
  win.webContents.on('render-process-gone', (_event, details) => {
    // the error page's own renderer gone too: showing the window is all that is left to do
    if (isErrorPage(win.webContents.getURL())) win.show();
    else showProblem(`The page stopped (${details.reason}, exit code ${details.exitCode}); its connections go on: Try again brings them back.`);
  });
  return {
    async loadApp(url) {
      problemShown = false;
      try {
        await win.loadURL(url);
      } catch (e) {
        // did-fail-load has mostly answered already; what it did not (a load that never started) is answered here
        if ((e as { errno?: number }).errno === ERR_ABORTED || problemShown || win.isDestroyed()) return;
        showProblem(`The page ${url} did not load: ${(e as Error).message}`);
      }
    },
  };
}

/** A second launch brings the window to the front, shown even if it never painted. */
export function bringToFront(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
