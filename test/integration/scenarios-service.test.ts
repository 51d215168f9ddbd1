// The app's scenario calls against a real workspace folder and a real `ws`
// server: files saved atomically and listed with their problems (as
// `framescope run` names them), a save that would lose someone's file
// refused, a run into a window session whose steps are pushed and whose
// failing message log.rowOf finds, a cancelled run, and a session's log made
// into a scenario that runs green against the same server. Waits are on
// pushes, never on time.
import { mkdir, mkdtemp, readFile, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/ipc/dispatch.js';
import { RecordingsService } from '../../electron/recordings/recordings-service.js';
import { ScenariosService } from '../../electron/scenarios/scenarios-service.js';
import { SessionService } from '../../electron/services/session-service.js';
import type { Push } from '../../electron/services/service-types.js';
import { WorkspaceService } from '../../electron/workspace/workspace-service.js';
import type { PushEvents } from '../../shared/ipc/events.js';
import { calls, type CallInput, type CallName, type CallOutput } from '../../shared/ipc/schemas.js';
import { SCENARIOS_DIR, type StepReport } from '../../shared/scenario-files.js';
import { wsText } from '../../electron/host/ws-text.js';
import { wsServer, type WsServer } from '../support/processes.js';
import { callError } from '../support/call-error.js';

let dataDir: string;
let workspace: WorkspaceService;
let sessions: SessionService;
let scenarios: ScenariosService;
let server: WsServer;
const progress: PushEvents['scenarios.progress'][] = [];
let changed = 0;
let waiters: (() => void)[] = [];

const push: Push = (name, payload) => {
  if (name === 'scenarios.progress') progress.push(payload as PushEvents['scenarios.progress']);
  if (name === 'scenarios.changed') changed++;
  const w = waiters;
  waiters = [];
  for (const f of w) f();
};

/** One window's handlers, as a transport joins them once: its runs live in them. */
let handlers: Parameters<typeof dispatch>[0];

async function call<C extends CallName>(name: C, input: CallInput<C>): Promise<CallOutput<C>> {
  const out = await dispatch(handlers, name, input);
  const r = calls[name].output.safeParse(out);
  expect(r.success, `${name} output: ${r.error?.message}`).toBe(true);
  return out as CallOutput<C>;
}

/** A run's pushed steps once it is done, waiting on pushes. */
async function finished(sessionId: string): Promise<{ steps: StepReport[]; ok: boolean }> {
  for (;;) {
    const mine = progress.filter((p) => p.sessionId === sessionId);
    const done = mine.find((p) => p.done);
    if (done) return { steps: mine.flatMap((p) => p.steps), ok: done.done!.ok };
    await new Promise<void>((r) => waiters.push(r));
  }
}

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'framescope-scenarios-'));
  workspace = new WorkspaceService({ dataDir, watchDebounceMs: 40, alsoWatch: [SCENARIOS_DIR] });
  const recordings = new RecordingsService(workspace);
  sessions = new SessionService({ push, resolver: workspace, recorder: recordings.recorder });
  scenarios = new ScenariosService(workspace);
  scenarios.subscribe(push);
  handlers = { ...sessions.handlers, ...workspace.handlers, ...recordings.handlersFor(sessions), ...scenarios.handlersFor(sessions, push) };
  progress.length = 0;
  // a chat room: join is answered, anything else echoed
  server = await wsServer({}, (ws) =>
    ws.on('message', (data) => {
      const text = wsText(data);
      ws.send(text.startsWith('{') ? JSON.stringify({ type: 'joined', room: JSON.parse(text).room, at: Date.now() }) : text);
    }),
  );
});

afterEach(async () => {
  await sessions.disposeAll();
  await server.close();
  await workspace.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('scenario files in the workspace', () => {
  it('saves, lists with problems, reads, refuses to lose a file, and deletes', async () => {
    const good = `connect: {url: "${server.url}"}\nsteps:\n  - send: hi\n  - expect: {equals: hi}\n`;
    const saved = await call('scenarios.save', { file: 'echo.yaml', text: good });
    expect(saved.scenario).toEqual({ file: 'echo.yaml', name: 'echo', problems: [] });
    await call('scenarios.save', { file: 'broken.yml', text: 'connect: {url: ws://h/}\nsteps:\n  - sned: hi\n' });
    expect(changed).toBe(2);
    const root = await workspace.root();
    expect(await readFile(path.join(root, 'scenarios', 'echo.yaml'), 'utf8')).toBe(good);
    // no temporary file left beside them
    expect((await readdir(path.join(root, 'scenarios'))).sort()).toEqual(['broken.yml', 'echo.yaml']);

    const { scenarios: list } = await call('scenarios.list', {});
    expect(list.map((s) => s.file)).toEqual(['broken.yml', 'echo.yaml']);
    expect(list[0].problems).toEqual(['scenarios/broken.yml:3: steps[0]: a step needs an action: send, expect, capture, ping, pong, wait, frame, close, repeat']);
    expect((await call('scenarios.check', { file: 'x.yaml', text: 'steps: [}' })).problems[0]).toMatchObject({ line: 1, field: null });

    // a file that exists is replaced only when read first (and unchanged since) or on purpose
    expect((await callError(call('scenarios.save', { file: 'echo.yaml', text: 'steps: []' }))).code).toBe('CONFLICT');
    const read = await call('scenarios.read', { file: 'echo.yaml' });
    expect(read).toEqual({ text: good, revision: saved.revision });
    await writeFile(path.join(root, 'scenarios', 'echo.yaml'), good + '# edited elsewhere\n');
    expect((await callError(call('scenarios.save', { file: 'echo.yaml', text: 'steps: []', baseRevision: read.revision }))).message).toContain('changed on disk');
    await call('scenarios.save', { file: 'echo.yaml', text: good, overwrite: true });

    for (const file of ['../escape.yaml', '.hidden.yaml', 'a/b.yaml', 'notes.txt']) expect((await callError(call('scenarios.read', { file }))).code).toBe('INVALID_INPUT');
    await call('scenarios.delete', { file: 'broken.yml' });
    expect((await call('scenarios.list', {})).scenarios.map((s) => s.file)).toEqual(['echo.yaml']);
    expect((await callError(call('scenarios.delete', { file: 'broken.yml' }))).code).toBe('NOT_FOUND');
  });
});

describe('scenario files changed on disk', () => {
  it('are told to the window when one is added, edited or removed elsewhere, and not when other files of the workspace change', async () => {
    const root = await workspace.root();
    const dir = path.join(root, SCENARIOS_DIR);
    await mkdir(dir, { recursive: true });
    // the workspace's listeners run one after the other: this one, added last, is called once the scenarios have looked
    const looked: (() => void)[] = [];
    workspace.onDiskChange(() => looked.splice(0).forEach((f) => f()));
    // each change is waited for as its push, then read: a list taken before the push would take the change in without one
    const listed = async (change: Promise<unknown>, want: (names: string[]) => boolean) => {
      await change;
      for (;;) {
        const next = new Promise<void>((r) => waiters.push(r));
        if (want((await call('scenarios.list', {})).scenarios.map((s) => `${s.file} ${s.name}`))) return;
        await next;
      }
    };
    const pushed = () => new Promise<void>((r) => waiters.push(r));
    await call('scenarios.list', {});
    const before = changed;
    const other = new Promise<void>((r) => looked.push(r));
    await writeFile(path.join(root, 'notes.md'), 'not a scenario\n');
    await other;
    expect(changed).toBe(before);

    let push = pushed();
    await writeFile(path.join(dir, 'new.yaml'), `connect: {url: "${server.url}"}\nsteps: []\n`);
    await listed(push, (names) => names.join() === 'new.yaml new');
    push = pushed();
    await writeFile(path.join(dir, 'new.yaml'), `name: renamed\nconnect: {url: "${server.url}"}\nsteps: []\n`);
    await listed(push, (names) => names.join() === 'new.yaml renamed');
    push = pushed();
    await unlink(path.join(dir, 'new.yaml'));
    await listed(push, (names) => names.length === 0);
    expect(changed).toBeGreaterThanOrEqual(before + 3);
  });
});

describe('runs into a session', () => {
  it('pushes each step, and log.rowOf finds the message a failure was about', async () => {
    await call('scenarios.save', {
      file: 'join.yaml',
      text: `name: join\nconnect: {url: "${server.url}"}\nsteps:\n  - send: {json: {type: join, room: lobby}}\n  - expect: {json: [{path: $.type, equals: joined}, {path: $.room, equals: lobby}]}\n  - send: hello\n  - expect: {equals: goodbye}\n`,
    });
    const { sessionId, name, url } = await call('scenarios.run', { file: 'join.yaml' });
    expect({ name, url }).toEqual({ name: 'join', url: server.url });
    const { steps, ok } = await finished(sessionId);
    expect(ok).toBe(false);
    expect(steps.map((s) => [s.index, s.action, s.ok])).toEqual([
      [1, 'send', true],
      [2, 'expect', true],
      [3, 'send', true],
      [4, 'expect', false],
    ]);
    expect(steps[3].message).toMatch(/did not match: it is not equal to "goodbye"; it was "hello"/);
    // the failing message is an event of the session's log, found in both views
    const failing = steps[3].seq!;
    const event = (await call('log.event', { sessionId, seq: failing })).event;
    expect(event).toMatchObject({ type: 'message', dir: 'in', text: 'hello' });
    const inFrames = await call('log.rowOf', { sessionId, seq: failing, view: 'frames' });
    expect(inFrames.seq).toBe(failing - 1);
    const rows = (await call('log.frames', { sessionId, from: inFrames.row!, count: 1 })).rows;
    expect(rows[0]).toMatchObject({ seq: failing - 1, type: 'frame', dir: 'in' });
    const inMessages = await call('log.rowOf', { sessionId, seq: failing, view: 'messages' });
    expect((await call('log.messages', { sessionId, from: inMessages.row!, count: 1 })).rows[0]).toMatchObject({ seq: failing });
    // a matched expect names its message too
    expect(steps[1].seq).toBeLessThan(failing);
    // a window that comes back gets the same steps, checked against the contract's RunRecord (call checks every output)
    const { run } = await call('scenarios.runOf', { sessionId });
    expect(run).toEqual({ name: 'join', steps, dropped: 0, done: { ok: false, ms: expect.any(Number) as number } });
    expect(run!.steps[3].near?.length).toBeGreaterThan(0);

    // the run's session is recorded in the workspace, named after it
    const rec = (await call('recordings.list', {})).recordings.find((r) => r.source === 'scenario');
    expect(rec?.name).toBe('join (scenario run)');
  });

  it('a cancelled run fails its step in progress and closes its connection', async () => {
    const { sessionId } = await call('scenarios.run', { file: 'wait.yaml', text: `connect: {url: "${server.url}"}\nsteps:\n  - send: hi\n  - wait: 600000\n  - send: never\n` });
    // the wait has begun once the send before it is reported
    while (!progress.some((p) => p.sessionId === sessionId && p.steps.some((s) => s.action === 'send'))) await new Promise<void>((r) => waiters.push(r));
    await call('scenarios.cancel', { sessionId });
    const { steps, ok } = await finished(sessionId);
    expect(ok).toBe(false);
    expect(steps.at(-1)).toMatchObject({ action: 'wait', ok: false, message: 'the run was cancelled' });
    const events = await sessions.allEvents(sessionId);
    expect(events.at(-1)).toMatchObject({ type: 'state', state: 'closed' });
    expect(events.find((e) => e.type === 'close')).toMatchObject({ initiator: 'client', sentCode: 1000 });
  });

  it('refuses a run whose connection cannot be made, naming why, before any session', async () => {
    expect((await callError(call('scenarios.run', { file: 'p.yaml', text: 'profile: nobody\nsteps: []\n' }))).message).toContain('no profile named "nobody"');
    expect((await callError(call('scenarios.run', { file: 'v.yaml', text: 'connect: {url: "ws://{{host}}/"}\nsteps: []\n' }))).message).toContain('{{host}}');
    expect((await callError(call('scenarios.run', { file: 'bad.yaml', text: 'steps: 3' }))).message).toMatch(/^scenarios\/bad\.yaml:1: /);
  });

  it("makes a session's log into a scenario that runs green against the same server", async () => {
    const { sessionId } = await call('session.open', { settings: { url: server.url } });
    while (!(await sessions.allEvents(sessionId)).some((e) => e.type === 'open')) await new Promise<void>((r) => waiters.push(r));
    const sent = ['{"type":"join","room":"lobby"}', 'hello'];
    await sessions.handlers['session.send']({ sessionId, kind: 'text', text: sent[0], fragments: 1 });
    await sessions.handlers['session.send']({ sessionId, kind: 'text', text: sent[1], fragments: 1 });
    for (;;) {
      const events = await sessions.allEvents(sessionId);
      if (events.filter((e) => e.type === 'message' && e.dir === 'in').length === 2) break;
      await new Promise<void>((r) => waiters.push(r));
    }
    // the joined answer carries a time: by its keys it still matches next time
    const { file, text } = await call('scenarios.fromSession', { sessionId, name: 'Lobby chat', expect: 'json-keys' });
    expect(file).toBe('lobby-chat.yaml');
    expect(text).toContain('- expect: { json: [ { path: $.type, exists: true }, { path: $.room, exists: true }, { path: $.at, exists: true } ] }');
    await call('scenarios.save', { file, text });
    const run = await call('scenarios.run', { file });
    expect(await finished(run.sessionId)).toMatchObject({ ok: true });
  });
});
