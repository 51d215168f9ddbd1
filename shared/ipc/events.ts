import type { LogEvent } from '../log-events.js';

/** Longest payload (in hex digits) or text (in characters) pushed to the renderer; it asks for the rest. */
export const PREVIEW_CHARS = 512;

/** Commands of the desktop app's menus, acted on by the renderer as if its button was pressed (or, for `shortcuts`, the `?` key). */
export const MENU_COMMANDS = ['connect', 'send', 'ping', 'close', 'shortcuts'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/**
 * The Connection menu's shortcuts as Electron accelerators: the desktop
 * menu uses them, browser mode listens for the same keys, and the shortcut
 * sheet lists them. They avoid Monaco's own (Ctrl+Shift+K deletes a line,
 * Ctrl+Shift+O opens the outline).
 */
export const MENU_SHORTCUTS = {
  connect: 'CmdOrCtrl+Shift+C',
  send: 'CmdOrCtrl+Enter',
  ping: 'CmdOrCtrl+Shift+P',
  close: 'CmdOrCtrl+Shift+X',
} as const satisfies Partial<Record<MenuCommand, string>>;

/** How a connection's log is being captured to disk. */
export interface CaptureStatus {
  /**
   * recording: every event is on disk or on its way; paused: the disk is
   * behind, so reading from the socket waits (nothing is lost); stopped: the
   * log could not be written, `missing` events after the last one kept are
   * not in it
   */
  state: 'recording' | 'paused' | 'stopped';
  missing: number;
  /** why capture paused or stopped, for a person */
  message?: string;
  /** the recording the log is, when it is kept in the workspace */
  recordingId: string | null;
}

/** A filter being run over a log too large to scan at once. */
export interface ScanProgress {
  /** the filter, as log.frames was given it (JSON) */
  filterKey: string;
  /** rows looked at so far, of `of` */
  scanned: number;
  of: number;
  matches: number;
  done: boolean;
  cancelled?: boolean;
}

/** Events the panels show from a summary rather than from pulled rows. */
export type NotableLogEvent = Extract<LogEvent, { type: 'handshake-request' | 'handshake-response' | 'open' | 'state' | 'close' | 'error' | 'reconnect' }>;

/**
 * A log's state, pushed at most once per flush interval and never per frame:
 * the renderer pulls the rows it shows (log.frames, log.range, log.event), so
 * the pushed bytes stay bounded whatever the frame rate. Counts are totals
 * since the log began; `notable` and `rtts` are what happened since the last
 * summary this window received.
 */
export interface LogSummary {
  sessionId: string;
  /** events in the log; the newest has seq total - 1 */
  total: number;
  /** rows of the unfiltered frame log */
  rows: number;
  /** rows of the unfiltered messages view (log.messages) */
  messageRows: number;
  frames: { in: number; out: number };
  messages: { in: number; out: number };
  /** payload bytes of the frames, as on the wire */
  bytes: { in: number; out: number };
  /** size of the log on disk */
  logBytes: number;
  capture: CaptureStatus;
  /** in order; at most MAX_NOTABLE, `skippedNotable` counts those left out (the oldest) */
  notable: NotableLogEvent[];
  skippedNotable: number;
  /** pongs that answered our pings, newest last (at most MAX_RTTS) */
  rtts: { seq: number; t: number; rttMs: number }[];
  /** the filter scan of this log that runs or last ran */
  scan?: ScanProgress;
}

export const MAX_NOTABLE = 200;
export const MAX_RTTS = 500;

/** Pushed from the main process. */
export interface PushEvents {
  'log.summary': LogSummary;
  /** the workspace changed on disk (a git pull) or was saved; conflicts, if any, are in the view */
  'workspace.changed': { workspace: import('../workspace.js').WorkspaceView };
  /** a recording could not be written (reported once per recording); the connection goes on */
  'recordings.problem': { sessionId: string; message: string };
  /** a recording started, ended, was renamed, pinned, deleted or imported: the list is worth asking for again */
  'recordings.changed': Record<string, never>;
  /** a scenario run's steps that ended since the last push, in order; `done` once the run is over */
  'scenarios.progress': { sessionId: string; steps: import('../scenario-files.js').StepReport[]; done?: { ok: boolean; ms: number } };
  /** a scenario file was saved or deleted here: the list is worth asking for again */
  'scenarios.changed': Record<string, never>;
  /** Electron only: a Connection menu item or its shortcut */
  'menu.command': { command: MenuCommand };
}

export type PushName = keyof PushEvents;
