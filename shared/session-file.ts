import { z } from 'zod';
import { ConnectSettings } from './connect-settings.js';
import { FORMAT_VERSION } from './workspace.js';
import { LIMITS, str } from './limits.js';

/**
 * The workspace's open tabs, saved as `session.json` beside the other
 * workspace files (same rules: pretty JSON, keys in a fixed order, written
 * atomically, checked on load, never written over when it does not load).
 * It is restored at the next start: each tab's settings (and the profile
 * they came from), its draft, its log view and filter, and the recording it
 * showed. Restored tabs do not reconnect until asked.
 */
export const SESSION_FILE = 'session.json';

/** The frame log's filter as typed (the renderer's FilterInput): strings, so a half-typed value survives too. */
export const SavedFilter = z.strictObject({
  text: z.string().max(1000).default(''),
  regex: z.boolean().default(false),
  caseSensitive: z.boolean().default(false),
  dir: z.enum(['in', 'out']).optional(),
  opcodes: z.array(z.number().int().min(0).max(15)).max(16).optional(),
  minLength: z.string().max(100).default(''),
  maxLength: z.string().max(100).default(''),
  fromTime: z.string().max(100).default(''),
  toTime: z.string().max(100).default(''),
  json: z.string().max(1000).default(''),
  /** a Socket.IO event, STOMP destination or GraphQL operation id */
  subject: z.string().max(1000).default(''),
});
export type SavedFilter = z.output<typeof SavedFilter>;

export const SavedTab = z.strictObject({
  /** stable across saves and reloads: a live session started from this tab carries it, so a reload finds its tab again */
  id: z.string().min(1).max(100),
  /** a connection's tab, or a saved recording shown read-only */
  kind: z.enum(['connection', 'recording']),
  /** the profile the settings came from; null for a plain tab */
  profileId: str(LIMITS.id).nullable().default(null),
  /** the connection bar's settings, {{variables}} as written */
  settings: ConnectSettings.strict(),
  draft: z
    .strictObject({
      kind: z.enum(['text', 'binary']).default('text'),
      text: str(LIMITS.savedMessage).default(''),
      binary: str(2 * LIMITS.savedMessage).default(''),
    })
    .default({ kind: 'text', text: '', binary: '' }),
  view: z.enum(['frames', 'messages']).default('frames'),
  filter: SavedFilter.default(SavedFilter.parse({})),
  /** the recording whose log the tab showed (its last connection's, or the one opened read-only) */
  recordingId: str(LIMITS.id).nullable().default(null),
  /** the connection was live when saved: restored, the tab offers to reconnect (it never does by itself) */
  wasLive: z.boolean().default(false),
});
export type SavedTab = z.output<typeof SavedTab>;

export const SessionFile = z
  .strictObject({
    formatVersion: z.literal(FORMAT_VERSION),
    /** the id of the tab in front */
    active: str(100).nullable().default(null),
    tabs: z.array(SavedTab).max(500).default([]),
  })
  .superRefine((s, ctx) => {
    const ids = new Set<string>();
    s.tabs.forEach((t, i) => {
      if (ids.has(t.id)) ctx.addIssue({ code: 'custom', path: ['tabs', i, 'id'], message: `"${t.id}" is used by another tab` });
      ids.add(t.id);
    });
  });
export type SessionFile = z.output<typeof SessionFile>;

/** What the renderer hands to workspace.saveSession: the file without its formatVersion, which is the main process's business. */
export const SessionInput = z.object({
  active: str(100).nullable(),
  tabs: z.array(SavedTab).max(500),
});
export type SessionInput = z.input<typeof SessionInput>;
