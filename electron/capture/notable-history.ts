import { MAX_NOTABLE, MAX_RTTS, type LogSummary, type NotableLogEvent } from '../../shared/ipc/events.js';

/** Kept whatever else came since: the panels show the latest connection's handshake and open from them. */
const HEADS = new Set<NotableLogEvent['type']>(['handshake-request', 'handshake-response', 'open']);

/**
 * What a window that comes back to a live connection (a reload, a reopened
 * window) needs to show it as it is, kept as events arrive: the latest
 * connection's handshake and open, the last MAX_NOTABLE notable events
 * (states, close, errors, reconnects) and the last MAX_RTTS round trips.
 * Bounded, so a long lenient session full of errors costs no more.
 */
export class NotableHistory {
  private readonly heads = new Map<NotableLogEvent['type'], NotableLogEvent>();
  private readonly recent: NotableLogEvent[] = [];
  private readonly rtts: LogSummary['rtts'] = [];

  note(e: NotableLogEvent): void {
    // a new attempt's request starts a new set of heads: the previous connection's response must not be shown with it
    if (e.type === 'handshake-request') this.heads.clear();
    if (HEADS.has(e.type)) this.heads.set(e.type, e);
    this.recent.push(e);
    if (this.recent.length > MAX_NOTABLE) this.recent.shift();
  }

  rtt(r: LogSummary['rtts'][number]): void {
    this.rtts.push(r);
    if (this.rtts.length > MAX_RTTS) this.rtts.shift();
  }

  /** In log order, each once. */
  events(): NotableLogEvent[] {
    const kept = new Set(this.recent);
    const older = [...this.heads.values()].filter((e) => !kept.has(e));
    return [...older, ...this.recent].sort((a, b) => a.seq - b.seq);
  }

  roundTrips(): LogSummary['rtts'] {
    return [...this.rtts];
  }
}
