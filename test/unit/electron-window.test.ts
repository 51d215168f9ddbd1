/**
 * The window's options, where it reopens, and the application menu, all
 * built by plain modules (Electron is not launched).
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { windowOptions } from '../../electron/window/window-options.js';
import { DEFAULT_SIZE, loadWindowState, placeWindow, saveWindowState } from '../../electron/window/window-state.js';
import { menuTemplate } from '../../electron/menu/menu-template.js';
import { MENU_COMMANDS, type MenuCommand } from '../../shared/ipc/events.js';

describe('the window options (Electron is not launched)', () => {
  const o = windowOptions({ preloadPath: '/app/dist/preload/preload.cjs', bounds: { x: 10, y: 20, width: 900, height: 700 } });

  it('isolate and sandbox the page, with no Node.js anywhere and web security on', () => {
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('load the bundled preload and keep the window hidden until ready-to-show, at the given place', () => {
    expect(o.webPreferences?.preload).toBe('/app/dist/preload/preload.cjs');
    expect(o.show).toBe(false);
    expect(o).toMatchObject({ x: 10, y: 20, width: 900, height: 700 });
  });
});

describe('the remembered window place (Electron is not launched)', () => {
  const screen = { x: 0, y: 0, width: 1920, height: 1040 };
  const second = { x: 1920, y: 0, width: 1280, height: 1000 };
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reopens where it was, on whichever screen that is', () => {
    expect(placeWindow({ x: 100, y: 50, width: 1000, height: 700, maximized: false }, [screen])).toEqual({
      bounds: { x: 100, y: 50, width: 1000, height: 700 },
      maximized: false,
    });
    expect(placeWindow({ x: 2000, y: 40, width: 900, height: 600, maximized: true }, [screen, second]).bounds).toEqual({ x: 2000, y: 40, width: 900, height: 600 });
  });

  it('falls back to the default size (centred) when its screen is gone or nothing was saved, keeping maximized', () => {
    expect(placeWindow({ x: 2000, y: 40, width: 900, height: 600, maximized: true }, [screen])).toEqual({ bounds: DEFAULT_SIZE, maximized: true });
    expect(placeWindow(null, [screen])).toEqual({ bounds: DEFAULT_SIZE, maximized: false });
  });

  it('shrinks a window larger than its screen to fit', () => {
    expect(placeWindow({ x: 0, y: 0, width: 3000, height: 2000, maximized: false }, [screen]).bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
  });

  it('saves to a small JSON file and reads it back; a missing or broken file means no saved place', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'framescope-window-'));
    const file = path.join(dir, 'window-state.json');
    expect(await loadWindowState(file)).toBeNull();
    saveWindowState(file, { x: 5, y: 6, width: 800, height: 600, maximized: true });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ x: 5, y: 6, width: 800, height: 600, maximized: true });
    expect(await loadWindowState(file)).toEqual({ x: 5, y: 6, width: 800, height: 600, maximized: true });
    expect(await readdir(dir)).toEqual(['window-state.json']);
    await writeFile(file, '{"x": "left"');
    expect(await loadWindowState(file)).toBeNull();
    await writeFile(file, '{"x": 1, "y": 2, "width": -5, "height": 10}');
    expect(await loadWindowState(file)).toBeNull();
  });
});

describe('the application menu (Electron is not launched)', () => {
  const build = (isMac: boolean) => {
    const sent: MenuCommand[] = [];
    const opened: string[] = [];
    const template = menuTemplate({ isMac, send: (c) => sent.push(c), openExternal: (u) => opened.push(u) });
    return { template, sent, opened };
  };
  const connection = (t: MenuItemConstructorOptions[]) => (t.find((m) => m.label === 'Connection')!.submenu as MenuItemConstructorOptions[]).filter((i) => i.type !== 'separator');

  it('has the standard menus by role, the app menu on macOS only', () => {
    expect(build(true).template.map((m) => m.role ?? m.label)).toEqual(['appMenu', 'fileMenu', 'editMenu', 'Connection', 'viewMenu', 'windowMenu', 'help']);
    expect(build(false).template.map((m) => m.role ?? m.label)).toEqual(['fileMenu', 'editMenu', 'Connection', 'viewMenu', 'windowMenu', 'help']);
  });

  it('has Connect, Send, Ping and Close with distinct shortcuts, each telling the renderer its command', () => {
    const { template, sent } = build(false);
    const items = connection(template);
    expect(items.map((i) => i.label)).toEqual(['Connect', 'Send', 'Ping', 'Close']);
    expect(items.find((i) => i.label === 'Send')!.accelerator).toBe('CmdOrCtrl+Enter');
    const accelerators = items.map((i) => i.accelerator);
    expect(accelerators.every((a) => typeof a === 'string' && a.startsWith('CmdOrCtrl+'))).toBe(true);
    expect(new Set(accelerators).size).toBe(items.length);
    for (const i of items) (i.click as () => void)();
    expect(sent).toEqual(MENU_COMMANDS.filter((c) => c !== 'shortcuts'));
  });

  it('opens the shortcut sheet from Help', () => {
    const { template, sent } = build(false);
    const help = template.find((m) => m.role === 'help')!.submenu as MenuItemConstructorOptions[];
    (help.find((i) => i.label === 'Keyboard Shortcuts')!.click as () => void)();
    expect(sent).toEqual(['shortcuts']);
  });
});
