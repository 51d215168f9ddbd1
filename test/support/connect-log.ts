import { asLogEvents, Connection, type ConnectOptions } from '../../electron/net/connection.js';
import type { CloseLogEvent, LogEvent } from '../../shared/log-events.js';

export type EventOf<T extends LogEvent['type']> = Extract<LogEvent, { type: T }>;

export interface Run {
  events: LogEvent[];
  close: CloseLogEvent;
}

/**
 * Runs one connection to its end and returns its whole log. Once it opens,
 * `whenOpen` runs (by default: a normal close with 1000), so a test that
 * expects an opening connection still ends.
 */
export async function runConnection(o: ConnectOptions, whenOpen: (c: Connection) => void = (c) => c.close(1000, 'done')): Promise<Run> {
  const events: LogEvent[] = [];
  const c: Connection = new Connection(o, asLogEvents((e) => {
    events.push(e);
    // Not from inside the engine's own emit: after it has returned.
    if (e.type === 'state' && e.state === 'open') setImmediate(() => whenOpen(c));
  }));
  c.connect();
  await c.done;
  // The final `state: closed` follows the close event synchronously.
  await new Promise((r) => setImmediate(r));
  return { events, close: ofType(events, 'close')[0] };
}

export function ofType<T extends LogEvent['type']>(events: LogEvent[], type: T): EventOf<T>[] {
  return events.filter((e): e is EventOf<T> => e.type === type);
}

export function only<T extends LogEvent['type']>(events: LogEvent[], type: T): EventOf<T> {
  const found = ofType(events, type);
  if (found.length !== 1) throw new Error(`expected one ${type} event, got ${found.length}: ${JSON.stringify(events)}`);
  return found[0];
}

/** The event types in order, states spelled out: a compact picture of a log for assertions. */
export function outline(events: LogEvent[]): string[] {
  return events.map((e) => {
    if (e.type === 'state') return `state:${e.state}`;
    if (e.type === 'handshake-response') return `handshake-response:${e.status}`;
    if (e.type === 'error') return `error:${e.code}`;
    return e.type;
  });
}

/** The seq numbers in log order (a continuous log has 0, 1, 2, ...). */
export function seqs(events: LogEvent[]): number[] {
  return events.map((e) => e.seq);
}

export function count(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

export function header(headers: [string, string][], name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}

const PROXY_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'all_proxy'];

/**
 * Clears every proxy variable (the machine's own must not route test
 * connections) and returns a function that puts process.env back as it was.
 */
export function isolateProxyEnv(): () => void {
  const saved = { ...process.env };
  for (const v of PROXY_VARS) delete process.env[v];
  return () => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  };
}
