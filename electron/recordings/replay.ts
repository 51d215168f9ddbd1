import type { Connection } from '../net/connection.js';
import type { ConnectSettings } from '../../shared/connect-settings.js';
import type { LogEvent } from '../../shared/log-events.js';
import { parseHex } from '../../shared/hex.js';
import { offersDeflate, ownHeaders, subprotocolsOf } from './har.js';

/** One outgoing message of a recording, and when it went relative to the connection's open. */
interface Step {
  afterMs: number;
  kind: 'text' | 'binary' | 'ping';
  text?: string;
  hex?: string;
}

export interface ReplayPlan {
  settings: ConnectSettings;
  steps: Step[];
}

/**
 * What a replay sends: the recording's outgoing data messages (and its pings
 * when asked), over a connection with the settings its handshake shows:
 * the same subprotocols, Origin, deflate offer and own headers.
 */
export function replayPlan(events: LogEvent[], url: string | undefined, withPings: boolean): ReplayPlan {
  const request = events.find((e) => e.type === 'handshake-request');
  const target = url ?? request?.url;
  if (!target) throw new Error('the recording has no handshake request, so no URL to replay to: give one');
  const headers = request?.headers ?? [];
  const origin = headers.find(([n]) => n.toLowerCase() === 'origin')?.[1];
  // timing counts from the open; an imported HAR has none, so from its first message
  const opened = events.find((e) => e.type === 'open')?.t ?? events.find((e) => e.type === 'message')?.t ?? 0;
  const steps: Step[] = [];
  for (const e of events) {
    const afterMs = Math.max(0, e.t - opened);
    if (e.type === 'message' && e.dir === 'out') steps.push(e.opcode === 1 ? { afterMs, kind: 'text', text: e.text ?? '' } : { afterMs, kind: 'binary', hex: e.data ?? '' });
    if (withPings && e.type === 'frame' && e.dir === 'out' && e.opcode === 9 && !e.crafted) steps.push({ afterMs, kind: 'ping', hex: e.payload });
  }
  return {
    settings: { url: target, headers: ownHeaders(headers).filter(([n]) => n.toLowerCase() !== 'origin'), subprotocols: subprotocolsOf(headers), origin, deflate: offersDeflate(headers) },
    steps,
  };
}

/**
 * Sends the steps once the connection opens, at their original offsets or
 * as fast as the socket takes them (waiting for it to drain), then closes
 * normally. Returns the observer SessionService calls with every event.
 */
export function replayDriver(plan: ReplayPlan, timing: 'original' | 'fast'): (e: LogEvent, c: Connection) => void {
  let started = false;
  return (e, c) => {
    if (e.type !== 'open' || started) return;
    started = true;
    void run(plan.steps, timing, c);
  };
}

async function run(steps: Step[], timing: 'original' | 'fast', c: Connection): Promise<void> {
  const openedAt = Date.now();
  for (const step of steps) {
    if (timing === 'original') {
      const wait = openedAt + step.afterMs - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    } else {
      await c.whenWritable();
    }
    if (c.state !== 'open') return;
    if (step.kind === 'text') c.sendText(step.text!);
    else if (step.kind === 'binary') c.sendBinary(parseHex(step.hex!));
    else c.ping(parseHex(step.hex!));
  }
  if (c.state === 'open') c.close(1000, 'replay done');
}
