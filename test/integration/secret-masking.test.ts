/**
 * Secret values stay out of what the renderer and the disk get: a session
 * whose URL, header and messages carry a secret puts the value on the wire
 * (a real `ws` echo server sees it), while its log, its pushed summaries and
 * its recording file hold the `{{name}}` marker. Previews are masked, exports
 * too unless the person asks for the values (unmaskSecrets), a replay sends
 * the values again, and an imported HAR is masked as it is saved.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LogEvent } from '../../shared/log-events.js';
import { echoServerForFile, RecordingsHarness } from '../support/recordings-harness.js';

const SECRET = 'tok-9f3a/+ü';
const BINARY_SECRET = 'bin-secret-42';
const seenByServer: { url: string; auth: string | undefined }[] = [];
const echo = echoServerForFile('/masked', {}, (req) => seenByServer.push({ url: req.url ?? '', auth: req.headers.authorization }));

let h: RecordingsHarness;
beforeEach(async () => {
  h = await RecordingsHarness.start();
  await h.call('workspace.saveEnvironments', {
    environments: [{ name: 'dev', variables: { who: 'ada' }, secrets: ['token', 'blob'] }],
    activeEnvironment: 'dev',
    secretValues: { dev: { token: SECRET, blob: BINARY_SECRET } },
  });
});
afterEach(() => h.stop());

/** Opens a session that carries the secrets in every place, exchanges messages with the echo server, and closes it. */
async function maskedSession(): Promise<{ sessionId: string; id: string; events: LogEvent[] }> {
  const { sessionId } = await h.call('session.open', {
    settings: { url: `${echo.url}?key={{token}}&who={{who}}`, headers: [['Authorization', 'Bearer {{token}}']] },
  });
  await h.pushes.waitFor(sessionId, (e) => e.type === 'state' && e.state === 'open');
  await h.call('session.send', { sessionId, kind: 'text', text: `{"auth":"${SECRET}"}` });
  await h.call('session.send', { sessionId, kind: 'binary', dataHex: Buffer.from(`\u0000${BINARY_SECRET}\u00ff`, 'latin1').toString('hex') });
  await h.pushes.waitFor(sessionId, () => h.pushes.events(sessionId).filter((e) => e.type === 'message' && e.dir === 'in').length === 2);
  const { id } = await h.call('recordings.ofSession', { sessionId });
  await h.call('session.close', { sessionId, code: 1000 });
  await h.waitForRecording(id!, (r) => !r.live);
  return { sessionId, id: id!, events: h.pushes.events(sessionId) };
}

const hexOf = (s: string) => Buffer.from(s, 'utf8').toString('hex');
/** the secret as the URL parser puts it in a query */
const IN_QUERY = new URL(`ws://h/?${SECRET}`).search.slice(1);
const leaks = (text: string) => [SECRET, encodeURIComponent(SECRET), IN_QUERY, BINARY_SECRET, hexOf(SECRET), hexOf(BINARY_SECRET)].filter((v) => text.includes(v));

describe('a session that carries secrets', () => {
  it('sends the values, and logs, pushes and records the markers', async () => {
    const { events, id } = await maskedSession();
    const server = seenByServer[seenByServer.length - 1];
    expect(server.auth).toBe(`Bearer ${SECRET}`);
    expect(server.url).toBe(`/masked?key=${IN_QUERY}&who=ada`);

    const request = events.find((e) => e.type === 'handshake-request');
    expect(request).toMatchObject({ url: `${echo.url}?key={{token}}&who=ada` });
    expect((request as { headers: [string, string][] }).headers).toContainEqual(['Authorization', 'Bearer {{token}}']);
    const messages = events.filter((e) => e.type === 'message');
    expect(messages.map((m) => m.text ?? Buffer.from(m.data!, 'hex').toString('latin1'))).toEqual([
      '{"auth":"{{token}}"}',
      '\u0000{{blob}}\u00ff',
      '{"auth":"{{token}}"}',
      '\u0000{{blob}}\u00ff',
    ]);
    // the frame keeps its length on the wire; its payload shows the marker
    const frame = events.find((e) => e.type === 'frame' && e.dir === 'out' && e.opcode === 1);
    expect(frame).toMatchObject({ length: Buffer.byteLength(`{"auth":"${SECRET}"}`), payload: hexOf('{"auth":"{{token}}"}') });

    expect(leaks(JSON.stringify(events))).toEqual([]);
    expect(leaks(JSON.stringify(h.pushes.summaries))).toEqual([]);
    const file = path.join(await h.recordingsDir(), `${id}.ndjson`);
    expect(leaks(await readFile(file, 'utf8'))).toEqual([]);
  });

  it('exports the markers by default, and the values only when asked for this export', async () => {
    const { id } = await maskedSession();
    for (const format of ['har', 'ndjson', 'messages-json', 'messages-ndjson', 'messages-text'] as const) {
      const masked = await h.call('recordings.export', { id, format });
      expect(leaks(masked.content), format).toEqual([]);
      expect(masked.content, format).toContain('{{token}}');
      const clear = await h.call('recordings.export', { id, format, unmaskSecrets: true });
      expect(clear.content, format).toContain(SECRET);
    }
  });

  it('masks a recording made before the secret was set, when it is exported', async () => {
    const { sessionId } = await h.call('session.open', { settings: { url: echo.url } });
    await h.pushes.waitFor(sessionId, (e) => e.type === 'state' && e.state === 'open');
    await h.call('session.send', { sessionId, kind: 'text', text: 'later-secret' });
    await h.pushes.waitFor(sessionId, (e) => e.type === 'message' && e.dir === 'in');
    const { id } = await h.call('recordings.ofSession', { sessionId });
    await h.call('session.close', { sessionId, code: 1000 });
    await h.waitForRecording(id!, (r) => !r.live);
    const { workspace } = await h.call('workspace.get', {});
    await h.call('workspace.saveEnvironments', {
      environments: workspace.environments.map((e) => ({ ...e, secrets: [...e.secrets, 'late'] })),
      activeEnvironment: 'dev',
      secretValues: { dev: { late: 'later-secret' } },
    });
    const out = await h.call('recordings.export', { id: id!, format: 'messages-text' });
    expect(out.content).not.toContain('later-secret');
    expect(out.content).toContain('{{late}}');
  });

  it('replays with the values the markers stand for', async () => {
    const { id } = await maskedSession();
    const before = seenByServer.length;
    const { recordingId } = await h.call('recordings.replay', { id, timing: 'fast' });
    await h.waitForRecording(recordingId, (r) => !r.live);
    expect(seenByServer.slice(before)).toEqual([{ url: `/masked?key=${IN_QUERY}&who=ada`, auth: `Bearer ${SECRET}` }]);
    const replayed = (await h.readBack(recordingId)).events;
    expect(replayed.filter((e) => e.type === 'message' && e.dir === 'in').map((m) => (m as { text?: string }).text ?? null)).toEqual(['{"auth":"{{token}}"}', null]);
    expect(leaks(JSON.stringify(replayed))).toEqual([]);
  });
});

describe('refusals', () => {
  it('name the setting without its secret', async () => {
    for (const settings of [{ url: `ws://127.0.0.1:99999/?k={{token}}` }, { url: echo.url, origin: 'https://{{token}}.example/path' }]) {
      const e = await h.call('session.open', { settings }).then(
        () => null,
        (x: Error) => x,
      );
      expect(e?.message, settings.url).toContain('{{token}}');
      expect(leaks(e!.message)).toEqual([]);
    }
  });
});

describe('previews and imports', () => {
  it('variables.resolve shows a secret as its marker, wherever its value ends up', async () => {
    expect(await h.call('variables.resolve', { text: 'ws://h/?k={{token}}&who={{who}}' })).toEqual({ text: 'ws://h/?k={{token}}&who=ada', missing: [] });
    const { workspace } = await h.call('workspace.get', {});
    // a plain variable whose value is the secret's shows the marker too
    await h.call('workspace.saveEnvironments', {
      environments: workspace.environments.map((e) => ({ ...e, variables: { ...e.variables, copy: SECRET } })),
      activeEnvironment: 'dev',
    });
    expect(await h.call('variables.resolve', { text: '{{copy}}' })).toEqual({ text: '{{token}}', missing: [] });
  });

  it('an imported HAR is saved with markers, its recording and its profile', async () => {
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'WebInspector', version: '537.36' },
        entries: [
          {
            _resourceType: 'websocket',
            startedDateTime: '2024-01-01T00:00:00.000Z',
            time: 1,
            request: { method: 'GET', url: `wss://api.example/ws?key=${encodeURIComponent(SECRET)}`, httpVersion: 'HTTP/1.1', headers: [{ name: 'X-Api-Key', value: SECRET }], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
            response: { status: 101, statusText: 'Switching Protocols', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 0, mimeType: '' }, redirectURL: '', headersSize: -1, bodySize: 0 },
            cache: {},
            timings: { send: 0, wait: 0, receive: 0 },
            _webSocketMessages: [{ type: 'send', time: 1704067200, opcode: 1, data: `hello ${SECRET}` }],
          },
        ],
      },
    };
    const { recordings, profileIds } = await h.call('recordings.importHar', { fileName: 'a.har', content: JSON.stringify(har) });
    const file = path.join(await h.recordingsDir(), `${recordings[0].id}.ndjson`);
    const saved = await readFile(file, 'utf8');
    expect(leaks(saved)).toEqual([]);
    expect(saved).toContain('hello {{token}}');
    const { profile } = await h.call('profiles.get', { id: profileIds[0] });
    expect(profile.settings).toMatchObject({ url: 'wss://api.example/ws?key={{token}}', headers: [['X-Api-Key', '{{token}}']] });
  });
});
