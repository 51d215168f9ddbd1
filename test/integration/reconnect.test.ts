// Reconnect through SessionService against a real ws server: the same log
// continues after a separator, by hand or automatically with backoff.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { SessionService } from '../../electron/services/session-service.js';
import { systemClock, type Clock } from '../../electron/services/clock.js';
import { RECONNECT_MAX_MS, ReconnectPolicy } from '../../electron/services/reconnect-policy.js';
import { dispatch } from '../../electron/ipc/dispatch.js';
import { PushCollector, readerOf } from '../support/push-collector.js';
import type { LogEvent } from '../../shared/log-events.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function server(onConnection: (ws: WebSocket, n: number) => void): Promise<string> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  let n = 0;
  wss.on('connection', (ws) => onConnection(ws, ++n));
  cleanups.push(() => new Promise((r) => wss.close(r)));
  return `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`;
}

function setup(clock?: Clock) {
  const pushes = new PushCollector();
  const service = new SessionService({ push: pushes.push, clock });
  pushes.readWith(readerOf(service.handlers));
  cleanups.push(() => service.disposeAll());
  const call = (name: string, input: unknown) => dispatch(service.handlers, name, input) as Promise<Record<string, unknown>>;
  return { pushes, call };
}

function log(events: LogEvent[]) {
  return events.map((e) => (e.type === 'state' ? `state:${e.state}` : e.type === 'frame' ? `frame:${e.dir}:${e.opcode}` : e.type));
}

describe('reconnect', () => {
  it('continues the same log after a separator, seq without gaps', async () => {
    const url = await server((ws) => ws.on('message', (d, bin) => ws.send(d, { binary: bin })));
    const { pushes, call } = setup();
    const { sessionId } = (await call('session.open', { settings: { url } })) as { sessionId: string };
    await pushes.waitFor(sessionId, (e) => e.type === 'state' && e.state === 'open');
    await call('session.close', { sessionId, code: 1000, reason: '' });
    await pushes.waitFor(sessionId, (e) => e.type === 'state' && e.state === 'closed');
    await expect(call('session.reconnect', { sessionId: 'nope' })).rejects.toThrow(/no connection nope/);

    await call('session.reconnect', { sessionId });
    await pushes.waitForCount(sessionId, (e) => e.type === 'state' && e.state === 'open', 2);
    await call('session.send', { sessionId, kind: 'text', text: 'again' });
    await pushes.waitFor(sessionId, (e) => e.type === 'message' && e.dir === 'in');
    await expect(call('session.reconnect', { sessionId })).rejects.toThrow(/cannot reconnect: the connection is open/);

    const events = pushes.events(sessionId);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    const sep = events.findIndex((e) => e.type === 'reconnect');
    expect(events[sep]).toMatchObject({ type: 'reconnect', attempt: 1, reason: 'manual', url });
    expect(log(events.slice(sep - 2, sep + 4))).toEqual(['close', 'state:closed', 'reconnect', 'state:connecting', 'handshake-request', 'handshake-response']);

    // the separator is a row of the frame log, between the two connections' frames
    const rows = (await call('log.frames', { sessionId, from: 0, count: 100 })).rows as LogEvent[];
    const types = rows.map((r) => (r.type === 'frame' ? r.opcode : r.type));
    expect(types).toEqual([8, 8, 'reconnect', 1, 1]);
  });

  it('reconnects by itself when the server drops the connection', async () => {
    let connections = 0;
    const url = await server((ws, n) => {
      connections = n;
      // the first connection is dropped without a closing handshake
      if (n === 1) ws.terminate();
    });
    const { pushes, call } = setup();
    const { sessionId } = (await call('session.open', { settings: { url, autoReconnect: true } })) as { sessionId: string };
    await pushes.waitForCount(sessionId, (e) => e.type === 'state' && e.state === 'open', 2);
    const sep = pushes.events(sessionId).find((e) => e.type === 'reconnect');
    expect(sep).toMatchObject({ attempt: 1, reason: 'automatic' });
    expect(pushes.events(sessionId).find((e) => e.type === 'close')).toMatchObject({ wasClean: false });
    expect(connections).toBe(2);
  });

  it('backs off 1 s, doubling, while reconnects fail to open, and starts again at 1 s once one opened', async () => {
    // upgrade attempts: the 1st opens and is dropped, the 2nd to 4th are refused (503), the 5th opens and is dropped, the 6th stays
    let attempts = 0;
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, verifyClient: (_info, done) => done(![2, 3, 4].includes(++attempts), 503) });
    await new Promise((r) => wss.once('listening', r));
    cleanups.push(() => new Promise((r) => wss.close(r)));
    wss.on('connection', (ws) => attempts !== 6 && ws.terminate());
    // the service's own clock, except that a reconnect's wait is noted and then not waited for
    const asked: number[] = [];
    const clock: Clock = {
      ...systemClock,
      setTimeout: (f, ms) => {
        if (ms < 1000) return systemClock.setTimeout(f, ms);
        asked.push(ms);
        return systemClock.setTimeout(f, 0);
      },
    };
    const { pushes, call } = setup(clock);
    const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`;
    const { sessionId } = (await call('session.open', { settings: { url, autoReconnect: true } })) as { sessionId: string };
    await pushes.waitForCount(sessionId, (e) => e.type === 'state' && e.state === 'open', 3);
    expect(asked).toEqual([1000, 2000, 4000, 8000, 1000]);
    const separators = pushes.events(sessionId).filter((e) => e.type === 'reconnect');
    expect(separators.map((e) => e.type === 'reconnect' && [e.attempt, e.reason])).toEqual([1, 2, 3, 4, 1].map((n) => [n, 'automatic']));
    expect(attempts).toBe(6);
    expect(new ReconnectPolicy(systemClock).delay(20)).toBe(RECONNECT_MAX_MS);
  });
});
