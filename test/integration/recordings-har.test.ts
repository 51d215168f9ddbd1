/**
 * HAR and message exports: a recorded session exported as HAR (Chrome's
 * `_webSocketMessages` form) and imported back gives the same messages,
 * types and times; a HAR written by hand in Chrome's exact format is
 * imported as a read-only recording and a profile; bad HARs get one error
 * naming the problem.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { LogEvent } from '../../shared/log-events.js';
import { echoServerForFile, message, type RecordingsHarness, harnessForEachTest } from '../support/recordings-harness.js';

const CHROME_HAR = new URL('../fixtures/chrome.har', import.meta.url);

const echo = echoServerForFile('/har?x=1');
let url: string;
beforeAll(() => {
  url = echo.url;
});

let h: RecordingsHarness;
harnessForEachTest((started) => (h = started));

type Exported = { dir: string; time: string; type: string; text?: string; hex?: string };
const messagesOf = async (id: string) => JSON.parse((await h.call('recordings.export', { id, format: 'messages-json' })).content) as Exported[];

describe('HAR', () => {
  it('round trip: a recorded session exported and imported back has the same messages, types and times', async () => {
    const { sessionId } = await h.call('session.open', { settings: { url, headers: [['X-Api-Key', 'k1']], subprotocols: [] } });
    await h.pushes.waitFor(sessionId, (e) => e.type === 'state' && e.state === 'open');
    await h.call('session.send', { sessionId, kind: 'text', text: 'héllo {"a":1}\nline two' });
    await h.call('session.send', { sessionId, kind: 'binary', dataHex: '00ff10807f' });
    await h.call('session.send', { sessionId, kind: 'text', text: '' });
    const inCount = () => h.pushes.events(sessionId).filter((e) => e.type === 'message' && e.dir === 'in').length;
    await h.pushes.waitFor(sessionId, () => inCount() === 3);
    const { id } = await h.call('recordings.ofSession', { sessionId });
    await h.call('session.close', { sessionId, code: 1000 });
    await h.waitForRecording(id!, (r) => !r.live);

    const har = await h.call('recordings.export', { id: id!, format: 'har' });
    expect(har).toMatchObject({ mimeType: 'application/json' });
    expect(har.fileName).toMatch(/\.har$/);
    const entry = JSON.parse(har.content).log.entries[0];
    expect(entry).toMatchObject({ _resourceType: 'websocket', request: { method: 'GET', url }, response: { status: 101 } });
    expect(entry.request.headers).toContainEqual({ name: 'X-Api-Key', value: 'k1' });
    // echoes may come before or after the later sends: compare each direction in its own order
    const kinds = (type: string) => entry._webSocketMessages.filter((m: { type: string }) => m.type === type).map((m: { opcode: number }) => m.opcode);
    expect(kinds('send')).toEqual([1, 2, 1]);
    expect(kinds('receive')).toEqual([1, 2, 1]);
    expect(entry._webSocketMessages.find((m: { opcode: number }) => m.opcode === 2).data).toBe(Buffer.from('00ff10807f', 'hex').toString('base64'));

    const imported = await h.call('recordings.importHar', { fileName: har.fileName, content: har.content });
    expect(imported.recordings).toHaveLength(1);
    const back = imported.recordings[0];
    expect(back).toMatchObject({ source: 'har', url, messagesIn: 3, messagesOut: 3, live: false });
    const original = await messagesOf(id!);
    expect(original).toHaveLength(6);
    expect(await messagesOf(back.id)).toEqual(original);

    // the import reads like any recording, and its profile carries the URL and our own header
    const { events } = await h.readBack(back.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    const profile = (await h.call('profiles.get', { id: imported.profileIds[0] })).profile;
    expect(profile.settings).toMatchObject({ url, headers: [['X-Api-Key', 'k1']] });
  });

  it("imports Chrome DevTools' own HAR: text and binary messages, and a profile without the handshake's headers", async () => {
    const content = await readFile(CHROME_HAR, 'utf8');
    const { recordings, profileIds } = await h.call('recordings.importHar', { fileName: 'chrome.har', content });
    expect(recordings).toHaveLength(1);
    const r = recordings[0];
    expect(r).toMatchObject({ source: 'har', url: 'wss://app.example.test/socket?room=42', messagesOut: 1, messagesIn: 2, framesIn: 0, live: false, pinned: false });
    expect(r.start).toBe(Date.parse('2025-03-14T09:26:53.912Z'));
    const messages = await messagesOf(r.id);
    expect(messages).toEqual([
      { dir: 'out', time: '2025-03-14T09:26:53.954Z', type: 'text', text: '{"op":"join","room":42}' },
      { dir: 'in', time: '2025-03-14T09:26:53.987Z', type: 'text', text: '{"op":"joined","members":3}' },
      { dir: 'in', time: '2025-03-14T09:26:54.501Z', type: 'binary', hex: '00010203ff80' },
    ]);
    const { events } = await h.readBack(r.id);
    expect(events[0]).toMatchObject({ type: 'handshake-request', method: 'GET', url: r.url });
    expect(events[1]).toMatchObject({ type: 'handshake-response', status: 101 });

    const { profile } = await h.call('profiles.get', { id: profileIds[0] });
    expect(profile.settings).toMatchObject({ url: r.url, subprotocols: ['chat.v2', 'chat.v1'], deflate: true });
    const names = profile.settings.headers.map(([n]) => n.toLowerCase());
    expect(names).toEqual(['accept-encoding', 'accept-language', 'cache-control', 'cookie', 'origin', 'pragma', 'user-agent']);
  });

  it('refuses a bad HAR with one error naming the problem', async () => {
    const bad: [string, RegExp][] = [
      ['{not json', /bad\.har is not JSON/],
      ['{"log":{}}', /bad\.har is not a HAR file: it has no log\.entries array/],
      ['{"log":{"entries":[{"request":{"url":"https://x.test/"}}]}}', /bad\.har has no WebSocket entry/],
      ['{"log":{"entries":[{"_resourceType":"websocket","request":{"url":"wss://x.test/"},"_webSocketMessages":[{"type":"send","time":1,"opcode":9,"data":""}]}]}}', /entry 0 _webSocketMessages\[0\]: opcode must be 1 \(text\) or 2 \(binary\)/],
      ['{"log":{"entries":[{"_resourceType":"websocket","request":{}}]}}', /entry 0 has no request\.url/],
    ];
    for (const [content, problem] of bad) {
      await expect(h.call('recordings.importHar', { fileName: 'bad.har', content })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(problem) });
    }
    expect((await h.call('recordings.list', {})).recordings).toEqual([]);
  });
});

describe('message exports', () => {
  it('writes every message as JSON, NDJSON and one line of text each', async () => {
    const t = Date.parse('2026-01-02T03:04:05.678Z');
    const events: LogEvent[] = [message(0, t, 'out', 'a\nb'), message(1, t + 1, 'in', new Uint8Array([1, 2, 255]))];
    await h.writeRecording('m', events);
    const json = await h.call('recordings.export', { id: 'm', format: 'messages-json' });
    expect(JSON.parse(json.content)).toEqual([
      { dir: 'out', time: '2026-01-02T03:04:05.678Z', type: 'text', text: 'a\nb' },
      { dir: 'in', time: '2026-01-02T03:04:05.679Z', type: 'binary', hex: '0102ff' },
    ]);
    const nd = await h.call('recordings.export', { id: 'm', format: 'messages-ndjson' });
    expect(nd.content.trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual(JSON.parse(json.content));
    const text = await h.call('recordings.export', { id: 'm', format: 'messages-text' });
    expect(text).toMatchObject({ mimeType: 'text/plain', content: '2026-01-02T03:04:05.678Z out text a\\nb\n2026-01-02T03:04:05.679Z in binary 0102ff\n' });
    const ndjson = await h.call('recordings.export', { id: 'm', format: 'ndjson' });
    expect(ndjson.content.trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual(events);
  });
});
