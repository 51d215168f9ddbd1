import type { LogEvent } from '../log-events.js';

/** Longest payload (in hex digits) or text (in characters) pushed to the renderer; it asks for the rest. */
export const PREVIEW_CHARS = 512;

/** Commands of the desktop app's Connection menu, acted on by the renderer as if its button was pressed. */
export const MENU_COMMANDS = ['connect', 'send', 'ping', 'close'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** Pushed from the main process; log batches at most one per flush interval. */
export interface PushEvents {
  'log.batch': {
    sessionId: string;
    /** new events, payloads cut to a preview (marked `truncated: true`) */
    events: LogEvent[];
    /** events in the log so far */
    total: number;
  };
  /** the workspace changed on disk (a git pull) or was saved; conflicts, if any, are in the view */
  'workspace.changed': { workspace: import('../workspace.js').WorkspaceView };
  /** a recording could not be written (reported once per recording); the connection goes on */
  'recordings.problem': { sessionId: string; message: string };
  /** a recording started, ended, was renamed, pinned, deleted or imported: the list is worth asking for again */
  'recordings.changed': Record<string, never>;
  /** Electron only: a Connection menu item or its shortcut */
  'menu.command': { command: MenuCommand };
}

export type PushName = keyof PushEvents;
