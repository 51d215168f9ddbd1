import type { LogEvent } from '../../shared/log-events.js';
import type { LogFilter } from '../../shared/ipc/schemas.js';

/**
 * What the log.* calls read: a live connection's log in memory (LogStore)
 * or a recording on disk (DiskLog), whose pages come from the file.
 */
export interface LogSource {
  readonly size: number;
  /** previews of events from..from+count */
  range(from: number, count: number): LogEvent[] | Promise<LogEvent[]>;
  /** one whole event */
  get(seq: number): LogEvent | undefined | Promise<LogEvent | undefined>;
  /** a page of frame rows (previews) matching the filter, and how many match in all */
  frameRows(filter: LogFilter, from: number, count: number): { rows: LogEvent[]; total: number } | Promise<{ rows: LogEvent[]; total: number }>;
}
