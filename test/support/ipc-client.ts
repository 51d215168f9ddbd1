import { WebSocket } from 'ws';
import type { ServerMessage } from '../../shared/ipc/api.js';
import type { PushEvents } from '../../shared/ipc/events.js';
import type { LogEvent } from '../../shared/log-events.js';
import { PushCollector } from './push-collector.js';

/** An answer to a call (a ServerMessage that is not a push). */
export type Answer = Extract<ServerMessage, { id: number }>;

/** The browser side of browser mode's /ipc socket: numbered calls, answers, and the log summaries pushed. */
export class IpcClient {
  readonly opened: Promise<void>;
  readonly pushes = new PushCollector(async (sessionId, from, count) => {
    const r = await this.call('log.range', { sessionId, from, count });
    if (!r.ok) throw new Error(`log.range: ${r.error.message}`);
    return r.output as { events: LogEvent[]; total: number };
  });
  private nextId = 1;
  private readonly answers = new Map<number, (m: ServerMessage) => void>();
  private readonly unnumbered: ServerMessage[] = [];
  private unnumberedWaiter: (() => void) | null = null;

  constructor(readonly ws: WebSocket) {
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.on('message', (data) => {
      const m = JSON.parse((data as Buffer).toString('utf8')) as ServerMessage;
      if ('push' in m) {
        // the workspace's and the recordings list's pushes are not the business of the tests that use this
        if (m.push === 'log.summary') this.pushes.record(m.payload as PushEvents['log.summary']);
        return;
      }
      const waiter = this.answers.get(m.id);
      if (waiter) {
        this.answers.delete(m.id);
        waiter(m);
        return;
      }
      this.unnumbered.push(m);
      this.unnumberedWaiter?.();
    });
  }

  call(call: string, input: unknown): Promise<Answer> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.answers.set(id, resolve as (m: ServerMessage) => void);
      this.ws.send(JSON.stringify({ id, call, input }));
    });
  }

  /** The next answer that matches no call of ours (the answer to a message without an id). */
  async nextAnswer(): Promise<Answer> {
    while (!this.unnumbered.length) await new Promise<void>((r) => (this.unnumberedWaiter = r));
    return this.unnumbered.shift() as Answer;
  }
}

/** A tab of the browser-mode server at `url` (as startBrowserHost returns it), connected. */
export async function connectTab(host: { url: string; token: string }, options: { maxPayload?: number } = {}): Promise<IpcClient> {
  const authority = new URL(host.url).host;
  const client = new IpcClient(new WebSocket(`ws://${authority}/ipc?token=${host.token}`, { origin: `http://${authority}`, ...options }));
  await client.opened;
  return client;
}
