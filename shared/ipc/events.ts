import { z } from 'zod';
import { CloseLogEvent, ErrorLogEvent, HandshakeRequestLogEvent, HandshakeResponseLogEvent, OpenLogEvent, ReconnectLogEvent, StateLogEvent } from '../log-events.js';

/** A count of things: never negative, never a fraction. */
const count = z.number().int().min(0);

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

export const MAX_NOTABLE = 200;
export const MAX_RTTS = 500;

/** How a connection's log is being captured to disk. */
export const CaptureStatus = z.object({
  /**
   * recording: every event is on disk or on its way; paused: the disk is
   * behind, so reading from the socket waits (nothing is lost); stopped: the
   * log could not be written, `missing` events after the last one kept are
   * not in it
   */
  state: z.enum(['recording', 'paused', 'stopped']),
  missing: count,
  /** why capture paused or stopped, for a person */
  message: z.string().optional(),
  /** the recording the log is, when it is kept in the workspace */
  recordingId: z.string().nullable(),
});
export type CaptureStatus = z.output<typeof CaptureStatus>;

/** A filter being run over a log too large to scan at once. */
export const ScanProgress = z.object({
  /** the filter, as log.frames was given it (JSON) */
  filterKey: z.string(),
  /** rows looked at so far, of `of` */
  scanned: count,
  of: count,
  matches: count,
  done: z.boolean(),
  cancelled: z.boolean().optional(),
});
export type ScanProgress = z.output<typeof ScanProgress>;

/** Events the panels show from a summary rather than from pulled rows. */
export const NotableLogEvent = z.discriminatedUnion('type', [HandshakeRequestLogEvent, HandshakeResponseLogEvent, OpenLogEvent, StateLogEvent, CloseLogEvent, ErrorLogEvent, ReconnectLogEvent]);
export type NotableLogEvent = z.output<typeof NotableLogEvent>;

const inOut = z.object({ in: count, out: count });

/**
 * A log's state, pushed at most once per flush interval and never per frame:
 * the renderer pulls the rows it shows (log.frames, log.range, log.event), so
 * the pushed bytes stay bounded whatever the frame rate. Counts are totals
 * since the log began; `notable` and `rtts` are what happened since the last
 * summary this window received.
 */
export const LogSummary = z.object({
  sessionId: z.string(),
  /** events in the log; the newest has seq total - 1 */
  total: count,
  /** rows of the unfiltered frame log */
  rows: count,
  /** rows of the unfiltered messages view (log.messages) */
  messageRows: count,
  frames: inOut,
  messages: inOut,
  /** payload bytes of the frames, as on the wire */
  bytes: inOut,
  /** size of the log on disk */
  logBytes: count,
  capture: CaptureStatus,
  /** in order; at most MAX_NOTABLE, `skippedNotable` counts those left out (the oldest) */
  notable: z.array(NotableLogEvent).max(MAX_NOTABLE),
  skippedNotable: count,
  /** pongs that answered our pings, newest last (at most MAX_RTTS) */
  rtts: z.array(z.object({ seq: z.number().int(), t: z.number(), rttMs: z.number() })).max(MAX_RTTS),
  /** the filter scan of this log that runs or last ran */
  scan: ScanProgress.optional(),
});
export type LogSummary = z.output<typeof LogSummary>;

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
  'scenarios.progress': { sessionId: string; steps: import('../scenario-files.js').StepReport[]; done?: import('../scenario-files.js').RunDone };
  /** a scenario file was saved or deleted here: the list is worth asking for again */
  'scenarios.changed': Record<string, never>;
  /** Electron only: a Connection menu item or its shortcut */
  'menu.command': { command: MenuCommand };
}

export type PushName = keyof PushEvents;
