import { compileFilter, type LogFilterSpec } from '../../../shared/log-filter';
import type { SavedFilter } from '../../../shared/session-file';

/**
 * The frame log's filter as the person typed it: strings for the fields that
 * need reading (lengths, times, JSON), so a half-typed value stays on screen
 * while the log keeps showing the last filter that made sense; session.json
 * keeps it as it is.
 */
export type FilterInput = SavedFilter;

export type FilterField = 'text' | 'minLength' | 'maxLength' | 'fromTime' | 'toTime' | 'json' | 'subject';

export interface FilterProblem {
  field: FilterField;
  message: string;
}

/** What times are read against: clock times fall on `day`, "last N s" counts back from `end`. */
export interface TimeContext {
  /** any moment of the day the log began (ms since the epoch) */
  day: number;
  /** the log's end: now for a live log, the last event for a recording */
  end: number;
}

export const emptyFilterInput = (): FilterInput => ({ text: '', regex: false, caseSensitive: false, minLength: '', maxLength: '', fromTime: '', toTime: '', json: '', subject: '' });

/** The advanced fields that are set (length, time, JSON), for a collapsed toolbar to say so. */
export function advancedCount(i: FilterInput): number {
  return [i.minLength, i.maxLength, i.fromTime, i.toTime, i.json, i.subject].filter((v) => v.trim()).length;
}

/** What the time fields accept, for their titles. */
export const TIME_HELP =
  'A clock time on the day the log began (14:05, 14:05:30 or 14:05:30.250), or "last 30 s", "last 5 min", "last 1 h": ' +
  'that long before the end of the log (now, for a live connection), counted when the filter is applied; press Enter to count again.';

const UNITS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000, m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000, h: 3_600_000, hour: 3_600_000, hours: 3_600_000 };

/** A time field's value as ms since the epoch; undefined when empty; throws a message naming what it accepts. */
export function parseTime(value: string, ctx: TimeContext): number | undefined {
  const v = value.trim().toLowerCase();
  if (!v) return undefined;
  const rel = /^(?:last\s+)?(\d+(?:\.\d+)?)\s*([a-z]+)$/.exec(v);
  if (rel && UNITS[rel[2]] !== undefined) return ctx.end - Number(rel[1]) * UNITS[rel[2]];
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3}))?)?$/.exec(v);
  if (clock) {
    const [h, m, s] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
    if (h < 24 && m < 60 && s < 60) {
      const d = new Date(ctx.day);
      d.setHours(h, m, s, Number((clock[4] ?? '0').padEnd(3, '0')));
      return d.getTime();
    }
  }
  throw new Error(`${JSON.stringify(value.trim())} is not a time: write a clock time such as 14:05:30 or "last 30 s"`);
}

function parseLength(value: string): number | undefined {
  const v = value.trim();
  if (!v) return undefined;
  if (!/^\d+$/.test(v)) throw new Error(`${JSON.stringify(v)} is not a whole number of bytes`);
  return Number(v);
}

const LABELS: Record<FilterField, string> = {
  text: 'Filter text',
  minLength: 'Minimum length',
  maxLength: 'Maximum length',
  fromTime: 'From time',
  toTime: 'To time',
  json: 'JSON filter',
  subject: 'Event, destination or operation',
};

/**
 * The filter to apply, and the first problem in what was typed, naming its
 * field. A field with a problem keeps its part of `applied` (the filter the
 * log shows now), so the other fields still work while it is being fixed.
 * Regular expressions and JSON conditions are checked with the code the
 * main process runs, so a mistake is said as it is typed.
 */
export function toFilter(i: FilterInput, ctx: TimeContext, applied: LogFilterSpec = {}): { filter: LogFilterSpec; problem: FilterProblem | null } {
  let problem: FilterProblem | null = null;
  const read = <T>(field: FilterField, value: () => T, kept: T): T => {
    try {
      return value();
    } catch (e) {
      problem ??= { field, message: `${LABELS[field]}: ${(e as Error).message}` };
      return kept;
    }
  };
  const text = read(
    'text',
    (): LogFilterSpec => {
      if (!i.text) return {};
      const f = { text: i.text, ...(i.regex && { regex: true }), ...(i.caseSensitive && { caseSensitive: true }) };
      compileFilter(f);
      return f;
    },
    { text: applied.text, regex: applied.regex, caseSensitive: applied.caseSensitive },
  );
  let minLength = read('minLength', () => parseLength(i.minLength), applied.minLength);
  let maxLength = read('maxLength', () => parseLength(i.maxLength), applied.maxLength);
  if (minLength !== undefined && maxLength !== undefined && minLength > maxLength) {
    problem ??= { field: 'minLength', message: `Minimum length: ${minLength} is more than the maximum, ${maxLength}` };
    ({ minLength, maxLength } = applied);
  }
  let fromTime = read('fromTime', () => parseTime(i.fromTime, ctx), applied.fromTime);
  let toTime = read('toTime', () => parseTime(i.toTime, ctx), applied.toTime);
  if (fromTime !== undefined && toTime !== undefined && fromTime > toTime) {
    problem ??= { field: 'fromTime', message: 'From time: it is after the To time, so nothing could match' };
    ({ fromTime, toTime } = applied);
  }
  const json = read(
    'json',
    () => {
      const condition = i.json.trim() || undefined;
      if (condition) compileFilter({ json: condition });
      return condition;
    },
    applied.json,
  );
  const subject = i.subject.trim() || undefined;
  const all: LogFilterSpec = { ...text, minLength, maxLength, fromTime, toTime, json, subject, dir: i.dir, opcodes: i.opcodes?.length ? i.opcodes : undefined };
  // only the conditions given, so the same filter is always the same request
  const filter = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as LogFilterSpec;
  return { filter, problem };
}
