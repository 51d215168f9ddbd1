import { isAppUrl } from '../window/app-protocol.js';

/** Where an IPC message came from, as Electron's event tells it (WebContents id and WebFrameMain, reduced to what is checked). */
export interface IpcSender {
  webContentsId: number;
  /** null when the frame has navigated away or is gone */
  frame: { url: string; parent: unknown } | null;
}

/**
 * Why a message must be refused, or null when it came from the main frame of
 * our window showing the app itself. Like VS Code's ValidatedIpcMain: a
 * subframe, another page the window was tricked into showing, or another
 * window gets nothing from the services.
 */
export function senderProblem(sender: IpcSender, windowContentsId: number | null): string | null {
  if (windowContentsId === null || sender.webContentsId !== windowContentsId) return 'not from the Framescope window';
  if (!sender.frame) return 'the sending frame is gone';
  if (sender.frame.parent !== null) return 'from a subframe';
  if (!isAppUrl(sender.frame.url)) return `from ${JSON.stringify(sender.frame.url)}, not the app`;
  return null;
}
