/**
 * `npm run bench:capture`: capture at wire speed, side by side with a bare
 * `ws` client on the same stream (not part of `npm test`).
 *
 * A flood server in its own process sends COUNT binary frames of 100 B as
 * fast as the socket takes them. Each side runs in its own process, in
 * interleaved rounds (bare, cli, app, bare, ...), and medians are compared:
 *
 * - `framescope connect URL --ndjson > /dev/null` against the bare client,
 *   both timed as commands from start to exit: goal >= 0.5;
 * - the app pipeline (SessionService with recording on and one summary
 *   subscriber, as `framescope serve` runs it) against the bare client, both
 *   timed from connecting to the close: goal >= 0.25, with every frame in the
 *   recording (counted with grep);
 * - peak RSS of the process that owns the connection (the CLI's and the
 *   app's), goal under 400 MB;
 * - reopening the recording: its last row, goal under 1 s; a text filter
 *   over it, goal under 1 s (at 10,000,000 frames: progress shown, and done).
 *
 * Usage: npm run bench:capture [-- --count N] [-- --rounds R] [-- --large]
 * (--large adds the 10,000,000-frame run: about 7 GB of recording on disk).
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const HERE = join(ROOT, 'dist/test/bench/capture');
const CLI = join(ROOT, 'dist/electron/cli.js');

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000000' }, rounds: { type: 'string', default: '3' }, large: { type: 'boolean', default: false } } });

interface Run {
  /** from the process's start to its exit, as a user would time the command */
  wallMs: number;
  /** as the process measured itself, from connecting to the close (the app and bare sides) */
  ms: number;
  maxRssKb: number;
  [k: string]: unknown;
}

/** Runs a node process to its end; its JSON line (or, for the CLI, its exit) and peak RSS. */
function run(args: string[], stdoutToNull = false): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', join(ROOT, 'test/support/report-rss.mjs'), ...args], {
      stdio: ['ignore', stdoutToNull ? openSync('/dev/null', 'w') : 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      const ms = performance.now() - t0;
      const rss = /MAXRSS_KB (\d+)/.exec(err);
      if (code !== 0 || !rss) return reject(new Error(`${args.join(' ')} exited ${code}\n${err}`));
      const json = out.trim() ? (JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>) : {};
      resolve({ ...json, wallMs: ms, ms: typeof json.ms === 'number' ? json.ms : ms, maxRssKb: Number(rss[1]) });
    });
  });
}

function floodServer(count: number): Promise<{ url: string; stop(): void }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(HERE, 'flood-server.js'), String(count), '100'], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (d: Buffer) => {
      const m = /READY (\d+)/.exec(String(d));
      if (m) resolve({ url: `ws://127.0.0.1:${m[1]}/`, stop: () => child.kill() });
    });
    child.on('exit', (code) => reject(new Error(`flood server exited ${code}`)));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const line = (what: string, figure: string, goal: string, pass: boolean) => console.log(`${what.padEnd(58)} ${figure.padStart(16)}   goal ${goal.padEnd(10)} ${pass ? 'PASS' : 'MISS'}`);
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

async function scale(count: number, rounds: number, withRatios: boolean): Promise<void> {
  console.log(`\n${count.toLocaleString('en')} frames of 100 B${withRatios ? `, ${rounds} interleaved rounds (medians)` : ''}`);
  const server = await floodServer(count);
  const dataDir = mkdtempSync(join(tmpdir(), 'framescope-bench-'));
  try {
    const bare: Run[] = [];
    const cli: Run[] = [];
    const app: Run[] = [];
    for (let r = 0; r < rounds; r++) {
      if (withRatios) bare.push(await run([join(HERE, 'clients.js'), 'bare', server.url]));
      if (withRatios) cli.push(await run([CLI, 'connect', server.url, '--ndjson'], true));
      // every round's recording is kept until the end: the last one is reopened below
      app.push(await run([join(HERE, 'clients.js'), 'app', server.url, dataDir]));
    }
    const last = app.at(-1)!;
    const framesInFile = Number(execFileSync('grep', ['-c', '"dir":"in","fin":true,"rsv1":false,"rsv2":false,"rsv3":false,"masked":false,"opcode":2,"length":100,', String(last.file)], { encoding: 'utf8' }).trim());
    if (withRatios) {
      const bareMs = median(bare.map((x) => x.ms));
      console.log(`bare ws client: ${bareMs.toFixed(0)} ms connected, ${median(bare.map((x) => x.wallMs)).toFixed(0)} ms as a command (${Math.round(count / (bareMs / 1000)).toLocaleString('en')} frames/s)`);
      // both as commands, start to exit: the bare client pays for starting node too
      const cliRatio = median(cli.map((x, i) => bare[i].wallMs / x.wallMs));
      line('framescope connect --ndjson > /dev/null, vs bare ws', `${cliRatio.toFixed(2)} (${median(cli.map((x) => x.wallMs)).toFixed(0)} ms)`, '>= 0.5', cliRatio >= 0.5);
      const appRatio = median(app.map((x, i) => bare[i].ms / (x.closedMs as number)));
      line('app pipeline (recording on, 1 subscriber), vs bare ws', `${appRatio.toFixed(2)} (${median(app.map((x) => x.closedMs as number)).toFixed(0)} ms)`, '>= 0.25', appRatio >= 0.25);
      line('peak RSS, framescope connect', mb(Math.max(...cli.map((x) => x.maxRssKb))), '< 400 MB', Math.max(...cli.map((x) => x.maxRssKb)) < 400 * 1024);
    }
    line('every frame in the recording (grep)', `${framesInFile.toLocaleString('en')}`, `${count.toLocaleString('en')}`, framesInFile === count);
    line('peak RSS, app pipeline', mb(Math.max(...app.map((x) => x.maxRssKb))), '< 400 MB', Math.max(...app.map((x) => x.maxRssKb)) < 400 * 1024);
    console.log(`  pushes to the subscriber: ${Number(last.pushes)} pushes, ${((last.pushedBytes as number) / 1024).toFixed(0)} KiB in all`);

    // one frame's number, as a tester looks for one message: its payload starts with it (hex, big-endian)
    const needle = Math.floor(count * 0.777).toString(16).padStart(8, '0');
    const reopened = await run([join(HERE, 'clients.js'), 'reopen', dataDir, String(last.recordingId), needle]);
    line('reopened recording: its last row shown', `${(reopened.lastRowMs as number).toFixed(0)} ms`, '< 1000 ms', (reopened.lastRowMs as number) < 1000 && reopened.lastSeq !== undefined);
    const filterMs = reopened.filterMs as number;
    if (count <= 1_000_000) line('text filter over it, to the end', `${filterMs.toFixed(0)} ms`, '< 1000 ms', filterMs < 1000);
    else line('text filter over it: progress shown, then done', `${filterMs.toFixed(0)} ms, ${Number(reopened.progressUpdates)} updates`, 'progress', (reopened.progressUpdates as number) > 0);
    console.log(`  matches: ${Number(reopened.matches)}; peak RSS reopening: ${mb(reopened.maxRssKb)}`);
  } finally {
    server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await scale(Number(values.count), Number(values.rounds), true);
if (values.large) await scale(10_000_000, 1, false);
