/**
 * The measured sides of `npm run bench:capture`, each run in its own process
 * (its peak RSS is then the process's own): `bare URL` is a plain `ws`
 * client counting messages; `app URL DATADIR` is the app's pipeline, a
 * SessionService with recording on in a workspace under DATADIR and one
 * summary subscriber, as `framescope serve` runs it; `reopen DATADIR ID
 * NEEDLE` opens that recording, pages to its last row and runs a text filter
 * to the end. Each prints one JSON line.
 */
import { WebSocket } from 'ws';
import { SessionService } from '../../../electron/services/session-service.js';
import type { Push } from '../../../electron/services/service-types.js';
import { WorkspaceService } from '../../../electron/workspace/workspace-service.js';
import { RecordingsService } from '../../../electron/recordings/recordings-service.js';
import { dispatch } from '../../../electron/ipc/dispatch.js';
import { startAppServices } from '../../../electron/app/app-services.js';

const [mode, ...args] = process.argv.slice(2);

function out(result: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ ...result, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
}

async function bare(url: string): Promise<void> {
  const t0 = performance.now();
  let messages = 0;
  const ws = new WebSocket(url);
  ws.on('message', () => messages++);
  await new Promise((r) => ws.on('close', r));
  out({ ms: performance.now() - t0, messages });
}

async function app(url: string, dataDir: string): Promise<void> {
  let pushes = 0;
  let pushedBytes = 0;
  let closed!: () => void;
  const done = new Promise<void>((r) => (closed = r));
  let sessionId = '';
  // the one renderer's worth of pushes: what it would be sent, in bytes
  const push: Push = (name, payload) => {
    pushes++;
    pushedBytes += JSON.stringify({ push: name, payload }).length;
    if (name === 'log.summary' && (payload as { sessionId: string; notable: { type: string }[] }).notable.some((e) => e.type === 'close') && (payload as { sessionId: string }).sessionId === sessionId) closed();
  };
  // the services as framescope serve wires them
  const { workspace, sessions, handlers } = startAppServices({ dataDir, push, dialog: null });
  const t0 = performance.now();
  sessionId = ((await dispatch(handlers, 'session.open', { settings: { url } })) as { sessionId: string }).sessionId;
  const { id } = (await dispatch(handlers, 'recordings.ofSession', { sessionId })) as { id: string };
  await done;
  const closedMs = performance.now() - t0;
  await sessions.disposeAll();
  const ms = performance.now() - t0;
  await workspace.close();
  out({ ms, closedMs, pushes, pushedBytes, recordingId: id, file: `${await workspace.root()}/recordings/${id}.ndjson` });
}

async function reopen(dataDir: string, id: string, needle: string): Promise<void> {
  const workspace = new WorkspaceService({ dataDir });
  const recordings = new RecordingsService(workspace);
  const sessions = new SessionService({ push: () => undefined, resolver: workspace, recorder: recordings.recorder });
  const handlers = { ...sessions.handlers, ...workspace.handlers, ...recordings.handlersFor(sessions) };
  const t0 = performance.now();
  const { sessionId } = (await dispatch(handlers, 'recordings.open', { id })) as { sessionId: string };
  const first = (await dispatch(handlers, 'log.frames', { sessionId, from: 0, count: 1 })) as { total: number };
  const last = (await dispatch(handlers, 'log.frames', { sessionId, from: first.total - 50, count: 50 })) as { rows: { seq: number }[] };
  const lastRowMs = performance.now() - t0;
  const t1 = performance.now();
  let progressUpdates = 0;
  let found: { total: number; scan?: { done: boolean; scanned: number; of: number } };
  for (;;) {
    found = (await dispatch(handlers, 'log.frames', { sessionId, filter: { text: needle }, from: 0, count: 50 })) as typeof found;
    if (!found.scan || found.scan.done) break;
    progressUpdates++;
  }
  const filterMs = performance.now() - t1;
  await sessions.disposeAll();
  await workspace.close();
  out({ lastRowMs, rows: first.total, lastSeq: last.rows.at(-1)?.seq, filterMs, matches: found.total, progressUpdates });
}

if (mode === 'bare') await bare(args[0]);
else if (mode === 'app') await app(args[0], args[1]);
else if (mode === 'reopen') await reopen(args[0], args[1], args[2]);
else throw new Error(`unknown mode ${mode}`);
