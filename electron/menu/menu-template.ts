import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/ipc/events.js';

export interface MenuTemplateInput {
  isMac: boolean;
  /** tells the renderer to act as if the matching button was pressed */
  send: (command: MenuCommand) => void;
  openExternal: (url: string) => void;
}

/**
 * The application menu: the platform's standard menus (their roles bring
 * the usual items and shortcuts, Undo, Copy, Zoom, Reload, DevTools, Quit)
 * plus a Connection menu. Its shortcuts avoid the ones Monaco uses in the
 * composer (Ctrl+Shift+K deletes a line, Ctrl+Shift+O opens the outline).
 */
export function menuTemplate(o: MenuTemplateInput): MenuItemConstructorOptions[] {
  const connection: MenuItemConstructorOptions = {
    label: 'Connection',
    submenu: [
      { label: 'Connect', accelerator: 'CmdOrCtrl+Shift+C', click: () => o.send('connect') },
      { label: 'Send', accelerator: 'CmdOrCtrl+Enter', click: () => o.send('send') },
      { label: 'Ping', accelerator: 'CmdOrCtrl+Shift+P', click: () => o.send('ping') },
      { type: 'separator' },
      // A normal closure (1000); the Close panel's button sends its own code and reason.
      { label: 'Close', accelerator: 'CmdOrCtrl+Shift+X', click: () => o.send('close') },
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
      submenu: [{ label: 'The WebSocket Protocol (RFC 6455)', click: () => o.openExternal('https://www.rfc-editor.org/rfc/rfc6455') }],
    },
  ];
}
