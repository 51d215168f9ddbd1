import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, Menu, dialog, ipcMain, protocol, screen, session, shell } from 'electron';
import { startAppServices } from './app/app-services.js';
import { registerCallHandler } from './ipc/electron-ipc.js';
import { PUSH_CHANNEL } from './ipc/channels.js';
import { APP_SCHEME, APP_URL, appResponse } from './window/app-protocol.js';
import { hardenApp, hardenSession } from './window/hardening.js';
import { windowOptions } from './window/window-options.js';
import { loadWindowState, placeWindow, saveWindowState } from './window/window-state.js';
import { bringToFront, keepWindowShown } from './window/window-shown.js';
import { menuTemplate } from './menu/menu-template.js';
import type { PushEvents, PushName } from '../shared/ipc/events.js';

/**
 * The desktop app: one window showing the renderer bundle (the same one
 * browser mode serves) over app://, talking to the same SessionService over
 * IPC. The logic lives in the small modules imported above; this file wires
 * them to Electron.
 */
const DIST = fileURLToPath(new URL('../', import.meta.url));
const RENDERER_DIR = path.join(DIST, 'renderer');
const PRELOAD = path.join(DIST, 'preload', 'preload.cjs');

// Standard and secure: relative URLs, storage and workers behave as on https. Must happen before 'ready'.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);

let win: BrowserWindow | null = null;

const push = <E extends PushName>(name: E, payload: PushEvents[E]) => {
  if (win && !win.isDestroyed()) win.webContents.send(PUSH_CHANNEL, name, payload);
};
// A second launch only hands over to the first: it must not open the workspace or start services.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  startApp();
}

function startApp(): void {
  // one workspace for the app: its changes (saves, a git pull) are pushed to the window; sessions resolve {{variables}} in it
  const { sessions, handlers } = startAppServices({
    dataDir: app.getPath('userData'),
    push,
    dialog: (o) => (win ? dialog.showOpenDialog(win, o) : dialog.showOpenDialog(o)),
  });
  app.on('second-instance', () => {
    if (win && !win.isDestroyed()) bringToFront(win);
  });
  hardenApp(app);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Connections belong to the app, not to the page: a reload, a crashed page or (on macOS) a closed window
  // leaves them running for the page to reattach (session.list). Quitting closes them with 1001, logs written first.
  let disposed = false;
  app.on('before-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    void sessions.disposeAll({ goingAway: true }).finally(() => {
      disposed = true;
      app.quit();
    });
  });
  app.on('activate', () => {
    if (app.isReady() && !win) void openWindow();
  });
  registerCallHandler(ipcMain, { handlers, windowContentsId: () => (win && !win.isDestroyed() ? win.webContents.id : null) });
  const ready = async () => {
    hardenSession(session.defaultSession);
    protocol.handle(APP_SCHEME, async (request) => {
      const r = await appResponse(RENDERER_DIR, request.url, request.method);
      return new Response(r.body, { status: r.status, headers: r.headers });
    });
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate({ isMac: process.platform === 'darwin', send: (command) => push('menu.command', { command }), openExternal: (url) => void shell.openExternal(url) }),
      ),
    );
    await openWindow();
  };
  app.whenReady().then(ready).catch((e: unknown) => {
    // a window that cannot open leaves nothing to show the error in
    dialog.showErrorBox('Framescope could not start', e instanceof Error ? e.message : String(e));
    app.quit();
  });
}

async function openWindow(): Promise<void> {
  const stateFile = path.join(app.getPath('userData'), 'window-state.json');
  const place = placeWindow(await loadWindowState(stateFile), screen.getAllDisplays().map((d) => d.workArea));
  const w = new BrowserWindow(windowOptions({ preloadPath: PRELOAD, bounds: place.bounds }));
  win = w;
  const shown = keepWindowShown(w, { maximized: place.maximized });
  w.on('close', () => {
    try {
      saveWindowState(stateFile, { ...w.getNormalBounds(), maximized: w.isMaximized() });
    } catch (e) {
      // A read-only profile must not keep the window from closing.
      console.error(`framescope: could not save the window's place: ${(e as Error).message}`);
    }
  });
  w.on('closed', () => {
    win = null;
  });
  await shown.loadApp(APP_URL);
}
