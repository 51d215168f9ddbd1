/**
 * Replay and compare: a recorded session sent again to a real `ws` echo
 * server (as fast as possible, and with the original timing) is itself a
 * recording whose incoming messages equal the first's, over a connection
 * with the recorded settings; two recordings compared message by message,
 * JSON by value.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent, MessageLogEvent } from '../../shared/log-events.js';
import { echoServerForFile, message, type RecordingsHarness, harnessForEachTest } from '../support/recordings-harness.js';

/** the handshake headers of every connection the server took */
const handshakes: Record<string, string | string[] | undefined>[] = [];
const echo = echoServerForFile('/replay', { handleProtocols: (p) => [...p][0] ?? false }, (req) => handshakes.push(req.headers));
let url: string;
beforeAll(() => {
  url = echo.url;
});

let h: RecordingsHarness;
harnessForEachTest((started) => (h = started));

const SENT: [kind: 'text' | 'binary', body: string][] = [
  ['text', '{"op":"join","room":1}'],
  ['binary', '0001feff'],
  ['text', 'plain text'],
  ['text', '{"op":"say","text":"hi"}'],
];

const incoming = (events: LogEvent[]) =>
  events.filter((e): e is MessageLogEvent => e.type === 'message' && e.dir === 'in').map((m) => [m.opcode, m.text ?? m.data]);

/** Records a session that sends SENT to the echo server and gets every echo back; returns its recording id. */
async function recordOriginal(): Promise<string> {
  const { sessionId } = await h.call('session.open', { settings: { url, headers: [['X-Trace', 't-1']], subprotocols: ['chat.v1'] } });
  await h.pushes.waitFor(sessionId, (e) => e.type === 'state' && e.state === 'open');
  for (const [kind, body] of SENT) await h.call('session.send', kind === 'text' ? { sessionId, kind, text: body } : { sessionId, kind, dataHex: body });
  await h.pushes.waitFor(sessionId, () => h.pushes.events(sessionId).filter((e) => e.type === 'message' && e.dir === 'in').length === SENT.length);
  const { id } = await h.call('recordings.ofSession', { sessionId });
  await h.call('session.close', { sessionId, code: 1000 });
  await h.waitForRecording(id!, (r) => !r.live);
  return id!;
}

describe('replay', () => {
  for (const timing of ['fast', 'original'] as const) {
    it(`sends the outgoing messages again (${timing} timing), recorded, and gets the same replies`, async () => {
      const original = await recordOriginal();
      const before = handshakes.length;
      const { sessionId, recordingId } = await h.call('recordings.replay', { id: original, timing });
      expect(recordingId).not.toBe(original);
      expect((await h.call('recordings.ofSession', { sessionId })).id).toBe(recordingId);
      const replay = await h.waitForRecording(recordingId, (r) => !r.live);
      expect(replay).toMatchObject({ source: 'replay', url, messagesOut: SENT.length, messagesIn: SENT.length });

      const first = (await h.readBack(original)).events;
      const second = (await h.readBack(recordingId)).events;
      expect(incoming(second)).toEqual(incoming(first));
      expect(incoming(second)).toHaveLength(SENT.length);
      // the replay ends with a normal close of its own
      expect(second.find((e) => e.type === 'close')).toMatchObject({ initiator: 'client', wasClean: true, sentCode: 1000 });
      // the same settings as recorded: own headers and subprotocols, the handshake's own ones fresh
      const replayed = handshakes[before];
      expect(replayed['x-trace']).toBe('t-1');
      expect(replayed['sec-websocket-protocol']).toBe('chat.v1');
      expect(replayed['sec-websocket-key']).not.toBe(handshakes[before - 1]['sec-websocket-key']);

      const compared = await h.call('recordings.compare', { left: original, right: recordingId });
      expect(compared.differences).toBe(0);
      expect(compared.messages).toHaveLength(2 * SENT.length);
    });
  }

  it('replays to another URL, and names a recording without one', async () => {
    const original = await recordOriginal();
    const { recordingId } = await h.call('recordings.replay', { id: original, url: url + '/elsewhere', timing: 'fast' });
    expect(await h.waitForRecording(recordingId, (r) => !r.live)).toMatchObject({ url: url + '/elsewhere', messagesIn: SENT.length });
    await h.writeRecording('bare', [message(0, 1, 'out', 'x')]);
    await expect(h.call('recordings.replay', { id: 'bare' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/no URL to replay to/) });
  });
});

describe('compare', () => {
  it('finds JSON equal whatever the key order, and real differences', async () => {
    const t = 1_700_000_000_000;
    await h.writeRecording('left', [
      message(0, t, 'out', '{"a":1,"b":{"c":[1,2],"d":"x"}}'),
      message(1, t + 1, 'in', '{"ok":true,"n":5}'),
      message(2, t + 2, 'in', new Uint8Array([1, 2, 3])),
      message(3, t + 3, 'in', 'same text'),
    ]);
    await h.writeRecording('right', [
      message(0, t, 'out', '{ "b": { "d": "x", "c": [1, 2] }, "a": 1 }'),
      message(1, t + 1, 'in', '{"n":6,"ok":true}'),
      message(2, t + 2, 'in', new Uint8Array([1, 2, 3])),
      message(3, t + 3, 'in', 'same text'),
      message(4, t + 4, 'in', 'extra'),
    ]);
    const { messages, differences } = await h.call('recordings.compare', { left: 'left', right: 'right' });
    expect(messages.map((m) => [m.dir, m.index, m.same, m.json])).toEqual([
      ['out', 0, true, true],
      ['in', 0, false, true],
      ['in', 1, true, false],
      ['in', 2, true, false],
      ['in', 3, false, false],
    ]);
    expect(messages[4]).toMatchObject({ left: null, right: { seq: 4, opcode: 1, preview: 'extra' } });
    expect(differences).toBe(2);
  });
});
