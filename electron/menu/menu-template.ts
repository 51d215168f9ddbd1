import type { MenuItemConstructorOptions } from 'electron';
import { MENU_SHORTCUTS, type MenuCommand } from '../../shared/ipc/events.js';

export interface MenuTemplateInput {
  isMac: boolean;
  /** tells the renderer to act as if the matching button was pressed */
  send: (command: MenuCommand) => void;
  openExternal: (url: string) => void;
}

/**
 * The application menu: the platform's standard menus (their roles bring
 * the usual items and shortcuts, Undo, Copy, Zoom, Reload, DevTools, Quit)
 * plus a Connection menu, with the shortcuts browser mode answers too, and
 * the shortcut sheet under Help.
 */
export function menuTemplate(o: MenuTemplateInput): MenuItemConstructorOptions[] {
  const connection: MenuItemConstructorOptions = {
    label: 'Connection',
    submenu: [
      { label: 'Connect', accelerator: MENU_SHORTCUTS.connect, click: () => o.send('connect') },
      { label: 'Send', accelerator: MENU_SHORTCUTS.send, click: () => o.send('send') },
      { label: 'Ping', accelerator: MENU_SHORTCUTS.ping, click: () => o.send('ping') },
      { type: 'separator' },
      // A normal closure (1000); the Close panel's button sends its own code and reason.
      { label: 'Close', accelerator: MENU_SHORTCUTS.close, click: () => o.send('close') },
    ],
  };
  return [
    ...(o.isMac ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    connection,
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        // no accelerator: the page answers ? itself, wherever it is not typing
        { label: 'Keyboard Shortcuts', click: () => o.send('shortcuts') },
        { label: 'The WebSocket Protocol (RFC 6455)', click: () => o.openExternal('https://www.rfc-editor.org/rfc/rfc6455') },
      ],
    },
  ];
}
