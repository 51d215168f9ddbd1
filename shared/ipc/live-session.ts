import { z } from 'zod';
import { ConnectSettings } from '../connect-settings.js';
import { RecordingSummary } from '../recordings.js';
import { LogSummary } from './events.js';

/**
 * A session the main process holds, as session.list gives it to a window
 * that comes back (a reload, a reopened window): enough to show it in its
 * tab again without the window having seen any of it.
 */
export const LiveSession = z.object({
  sessionId: z.string(),
  /** the tab id the window gave when it opened the session, if it gave one */
  tabId: z.string().nullable(),
  /** a connection, a replay of a recording, a scenario run's connection, or a recording opened read-only */
  kind: z.enum(['connection', 'replay', 'scenario', 'recording']),
  /** the settings as given ({{variables}} as written); null for a recording */
  settings: ConnectSettings.nullable(),
  profileId: z.string().nullable(),
  /** the recording a read-only session shows */
  recording: RecordingSummary.nullable(),
  /**
   * a connection's log so far, as log.summary pushes it but with every
   * notable event kept (bounded) rather than only those since the last push;
   * null for a recording, whose log is read with log.range
   */
  summary: LogSummary.nullable(),
  /** the scenario a run's connection runs (its tab is named after it); null otherwise */
  scenario: z.string().nullable(),
});
export type LiveSession = z.output<typeof LiveSession>;
