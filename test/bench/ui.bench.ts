/**
 * `npm run bench:ui`: the UI under a flood, in browser mode (not part of `npm test`).
 *
 * Starts `framescope serve` and a local `ws` server on 127.0.0.1, drives the
 * served UI in Debian's Chromium (playwright-core, never a browser download)
 * to connect by the accessible names of contracts section 3 (textbox `URL`,
 * button `Connect`, role=status `Open`), then the server floods that one
 * connection with RATE small text messages a second for FLOOD_MS, sent in
 * ~10 ms slices so the rate is real. Prints, each with its goal and PASS/MISS:
 *
 * - the longest main-thread task in the renderer, from PerformanceObserver
 *   'longtask' entries (registered by an init script, before the page's own
 *   code runs) between the click on Connect and the end of the settle time,
 *   and how many tasks over 50 ms there were;
 * - frames shown in the log (the toolbar's counter and the table's
 *   aria-rowcount, once the UI has settled) against frames the server sent,
 *   and whether the last row's payload is the server's last message;
 * - the renderer's JS heap at the end, after a forced garbage collection.
 *
 * With FRAMESCOPE_BENCH_PROFILE=FILE, also writes a CPU profile of the
 * renderer over the measured window, and with FRAMESCOPE_BENCH_TRACE=FILE a
 * Chrome trace of it (open either in Chrome's DevTools).
 *
 * Also prints, for information: the rate achieved, each renderer task's CPU
 * time next to its wall time (from a light Chrome trace; 'longtask' counts
 * wall time, which on a loaded machine includes time the thread waited for a
 * CPU, and this bench alone keeps two CPUs busy), the longest gap between
 * animation frames, long tasks while the page loaded, the serve process's
 * resident memory. FRAMESCOPE_BENCH_VERBOSE=1 adds the IPC traffic into the
 * page and the time of each long task.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Page } from 'playwright-core';
import { WebSocketServer, type WebSocket } from 'ws';

const RATE = 100_000; // messages per second
const FLOOD_MS = 10_000;
const SLICE_MS = 10;
const TOTAL = (RATE * FLOOD_MS) / 1000;
/** After the flood, how long the UI may take to show everything. */
const SETTLE_MAX_MS = 20_000;
/** The count must hold still this long to count as settled (when it falls short). */
const STILL_MS = 3_000;

const GOAL_LONGEST_TASK_MS = 100;
const GOAL_HEAP_MB = 150;

// dist/test/bench/ui.bench.js -> the repository root
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Every message is small, numbered, and the last is recognisable. */
const message = (n: number) => `{"n":${n},"k":"tick"}`;

interface PageProbe {
  longTasks: { start: number; duration: number }[];
  ipc: { messages: number; bytes: number; maxBytes: number; handlerMs: number; maxHandlerMs: number };
  maxRafGap: number;
  markT: number;
}

/** Runs in the page before any of its scripts (as source: this file is compiled without the DOM library). */
const PROBE = `(() => {
  const b = { longTasks: [], maxRafGap: 0, markT: Infinity, ipc: { messages: 0, bytes: 0, maxBytes: 0, handlerMs: 0, maxHandlerMs: 0 } };
  window.__bench = b;
  // the app's IPC socket: what arrives on it and how long its handlers take
  const add = WebSocket.prototype.addEventListener;
  WebSocket.prototype.addEventListener = function (type, listener, options) {
    if (type !== 'message' || typeof listener !== 'function') return add.call(this, type, listener, options);
    return add.call(this, type, function (ev) {
      const size = typeof ev.data === 'string' ? ev.data.length : 0;
      const t = performance.now();
      try {
        return listener.call(this, ev);
      } finally {
        if (t >= b.markT) {
          const d = performance.now() - t;
          b.ipc.messages++;
          b.ipc.bytes += size;
          b.ipc.maxBytes = Math.max(b.ipc.maxBytes, size);
          b.ipc.handlerMs += d;
          b.ipc.maxHandlerMs = Math.max(b.ipc.maxHandlerMs, d);
        }
      }
    }, options);
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  let last = 0;
  const raf = (t) => {
    if (last && t >= b.markT) b.maxRafGap = Math.max(b.maxRafGap, t - last);
    last = t;
    requestAnimationFrame(raf);
  };
  requestAnimationFrame(raf);
})();`;

/** What page-side code sees; the bench has no DOM types. */
type PageGlobal = any;

function startServe(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/framescope.js'), 'serve', '--no-open', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`framescope serve printed no URL in 15 s:\n${out}\n${err}`)), 15_000);
    child.stdout.on('data', (d) => {
      out += d;
      const url = /^Framescope UI: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    });
    child.once('exit', (code) => reject(new Error(`framescope serve exited (${code}):\n${out}\n${err}`)));
  });
}

function wsServer(): Promise<{ wss: WebSocketServer; port: number; peer: Promise<WebSocket> }> {
  return new Promise((resolve, reject) => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
    const peer = new Promise<WebSocket>((res) => wss.once('connection', (ws) => res(ws)));
    wss.once('listening', () => resolve({ wss, port: (wss.address() as { port: number }).port, peer }));
    wss.once('error', reject);
  });
}

/** Sends TOTAL messages at RATE, paced by the clock in SLICE_MS slices; resolves once the socket has taken them all. */
async function flood(ws: WebSocket): Promise<{ sendMs: number; drainMs: number; maxBuffered: number }> {
  const socket = (ws as unknown as { _socket: Socket })._socket;
  const start = performance.now();
  let sent = 0;
  let maxBuffered = 0;
  while (sent < TOTAL) {
    const due = Math.min(TOTAL, Math.floor(((performance.now() - start) * RATE) / 1000));
    // one write per slice, not one per message: the load generator should cost little next to what it measures
    socket.cork();
    while (sent < due) ws.send(message(sent++));
    socket.uncork();
    maxBuffered = Math.max(maxBuffered, ws.bufferedAmount);
    if (sent < TOTAL) await sleep(SLICE_MS);
  }
  const sendMs = performance.now() - start;
  while (ws.bufferedAmount > 0) await sleep(5);
  return { sendMs, drainMs: performance.now() - start, maxBuffered };
}

async function shownCounts(page: Page): Promise<{ counter: number; rows: number }> {
  return page.evaluate(() => {
    const { document } = globalThis as PageGlobal;
    const text = document.querySelector('[aria-label="Rates"]')?.textContent ?? '';
    const table = document.querySelector('[role="table"][aria-label="Frames"]');
    // the counter reads "1,000,000 frames · …"
    return { counter: Number(/^([\d,]+)/.exec(text.trim())?.[1].replaceAll(',', '') ?? NaN), rows: Number(table?.getAttribute('aria-rowcount') ?? NaN) - 1 };
  });
}

/**
 * The renderer's main-thread tasks in a Chrome trace: the longest by CPU
 * time, and the CPU and wall time they took in all. On a busy machine a
 * task's wall time (what 'longtask' measures) includes time the thread was
 * not running; its CPU time does not.
 */
function rendererTasks(trace: { traceEvents?: TraceEvent[] } | TraceEvent[]): { longestCpuMs: number; longestCpuWallMs: number; cpuS: number; wallS: number } | null {
  const events = Array.isArray(trace) ? trace : (trace.traceEvents ?? []);
  const threads = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.name !== 'ThreadControllerImpl::RunTask' || e.tdur === undefined) continue;
    const key = `${e.pid}:${e.tid}`;
    if (!threads.has(key)) continue;
    byThread.set(key, [...(byThread.get(key) ?? []), e]);
  }
  // the page's renderer is the one that worked most
  const tasks = [...byThread.values()].sort((a, b) => b.length - a.length)[0];
  if (!tasks) return null;
  let longest = tasks[0];
  for (const t of tasks) if (t.tdur! > longest.tdur!) longest = t;
  const sum = (f: (t: TraceEvent) => number) => tasks.reduce((a, t) => a + f(t), 0) / 1e6;
  return { longestCpuMs: longest.tdur! / 1000, longestCpuWallMs: longest.dur! / 1000, cpuS: sum((t) => t.tdur!), wallS: sum((t) => t.dur!) };
}

interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

function rssMb(pid: number | undefined): number {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

async function main(): Promise<void> {
  const t0 = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'framescope-bench-ui-'));
  const serve = await startServe(dataDir);
  const server = await wsServer();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const errors: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript({ content: PROBE });
    await page.goto(serve.url);
    const urlBox = page.getByRole('textbox', { name: 'URL', exact: true });
    await urlBox.waitFor();
    // let the page finish loading (Monaco and all) before the measured window opens
    await page.waitForLoadState('networkidle');
    await sleep(500);
    const cdp = await page.context().newCDPSession(page);

    const profileFile = process.env.FRAMESCOPE_BENCH_PROFILE;
    if (profileFile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    // Always a light trace (task boundaries only), for each task's CPU time next to its wall time.
    const traceFile = process.env.FRAMESCOPE_BENCH_TRACE;
    const categories = traceFile ? ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'toplevel'] : ['toplevel'];
    await browser.startTracing(page, { categories, ...(traceFile ? { path: traceFile } : {}) });

    await cdp.send('Performance.enable');
    const metricsAt = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const before = await metricsAt();

    await urlBox.fill(`ws://127.0.0.1:${server.port}/`);
    await page.evaluate(() => ((globalThis as PageGlobal).__bench.markT = performance.now()));
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Open' }).waitFor();
    const ws = await server.peer;

    const f = await flood(ws);
    const lastPayload = message(TOTAL - 1);

    // settle: until every frame is shown, or the count stops moving
    const settleStart = performance.now();
    let shown = await shownCounts(page);
    let stillSince = performance.now();
    while (performance.now() - settleStart < SETTLE_MAX_MS) {
      await sleep(250);
      const now = await shownCounts(page);
      if (now.counter !== shown.counter || now.rows !== shown.rows) stillSince = performance.now();
      shown = now;
      if (shown.counter >= TOTAL && shown.rows >= TOTAL) break;
      if (performance.now() - stillSince > STILL_MS) break;
    }
    const settleMs = performance.now() - settleStart;
    // the last row, once its page has come and the view has scrolled to it (or what is there when the settle time runs out)
    const lastRowCells = () =>
      page.evaluate((n): string[] | null => {
        const { document } = globalThis as PageGlobal;
        const row = document.querySelector(`[role="table"][aria-label="Frames"] [role="row"][aria-rowindex="${n + 1}"]`);
        if (!row) return null;
        return Array.from(row.querySelectorAll('[role="cell"]') as ArrayLike<PageGlobal>, (c) => (c.textContent ?? '').trim());
      }, shown.rows);
    let lastRow = await lastRowCells();
    while (!(lastRow?.[6] ?? '').startsWith(lastPayload) && performance.now() - settleStart < SETTLE_MAX_MS) {
      await sleep(100);
      lastRow = await lastRowCells();
    }

    if (profileFile) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(profileFile, JSON.stringify(profile));
    }
    const cpu = rendererTasks(JSON.parse((await browser.stopTracing()).toString('utf8')));
    const after = await metricsAt();
    const spent = (k: string) => (after[k] - before[k]).toFixed(2);
    const probeOut: PageProbe = await page.evaluate(() => (globalThis as PageGlobal).__bench);
    const measured = probeOut.longTasks.filter((t) => t.start + t.duration >= probeOut.markT);
    const loading = probeOut.longTasks.filter((t) => t.start + t.duration < probeOut.markT);
    const longest = Math.max(0, ...measured.map((t) => t.duration));

    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const heapMb = heap.usedSize / 2 ** 20;
    const serveRss = rssMb(serve.child.pid);

    const rate = TOTAL / (f.sendMs / 1000);
    const payloadCell = lastRow?.[6] ?? '';
    const lastOk = payloadCell.startsWith(lastPayload) && lastRow?.[0] !== undefined;
    const countsOk = shown.counter === TOTAL && shown.rows === TOTAL;

    console.log(`ui bench: ${TOTAL} messages (${message(0).length}-${lastPayload.length} B text) to one connection, target ${RATE}/s for ${FLOOD_MS / 1000} s`);
    console.log(
      `  rate: ${Math.round(rate)} msg/s achieved (sent in ${(f.sendMs / 1000).toFixed(2)} s, socket drained at ${(f.drainMs / 1000).toFixed(2)} s, peak buffered ${f.maxBuffered} B)`,
    );
    console.log(
      `  longest main-thread task: ${measured.length ? `${longest.toFixed(0)} ms` : 'none over 50 ms'}; ${measured.length} long tasks > 50 ms (goal: under ${GOAL_LONGEST_TASK_MS} ms) ${verdict(longest < GOAL_LONGEST_TASK_MS)}`,
    );
    console.log(
      `  frames shown: ${shown.counter} in the counter, ${shown.rows} rows (aria-rowcount - 1), of ${TOTAL} sent; settled in ${(settleMs / 1000).toFixed(1)} s after the socket drained; last row ${lastOk ? 'is' : 'is NOT'} the last message (${JSON.stringify(payloadCell)}) (goal: none lost) ${verdict(countsOk && lastOk)}`,
    );
    console.log(`  renderer JS heap at the end: ${heapMb.toFixed(1)} MB after GC (goal: under ${GOAL_HEAP_MB} MB) ${verdict(heapMb < GOAL_HEAP_MB)}`);
    if (cpu) {
      console.log(
        `  info: renderer main-thread tasks (trace): ${cpu.cpuS.toFixed(2)} s CPU in ${cpu.wallS.toFixed(2)} s of tasks; the longest by CPU took ${cpu.longestCpuMs.toFixed(0)} ms CPU (${cpu.longestCpuWallMs.toFixed(0)} ms wall); load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} CPUs`,
      );
    }
    console.log(
      `  info: longest gap between animation frames ${probeOut.maxRafGap.toFixed(0)} ms; page load had ${loading.length} long tasks (longest ${Math.max(0, ...loading.map((t) => t.duration)).toFixed(0)} ms, not counted); renderer main thread busy ${spent('TaskDuration')} s (script ${spent('ScriptDuration')} s, layout ${spent('LayoutDuration')} s, style ${spent('RecalcStyleDuration')} s); serve process RSS ${serveRss.toFixed(0)} MB; page errors: ${errors.length ? errors.join(' / ') : 'none'}; run ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    if (process.env.FRAMESCOPE_BENCH_VERBOSE) {
      const ipc = probeOut.ipc;
      console.log(
        `  IPC socket into the page: ${ipc.messages} messages, ${(ipc.bytes / 2 ** 20).toFixed(1)} MB (largest ${(ipc.maxBytes / 1024).toFixed(0)} KiB); handlers ${ipc.handlerMs.toFixed(0)} ms in all, longest ${ipc.maxHandlerMs.toFixed(0)} ms`,
      );
      console.log(`  long tasks (ms after Connect: duration): ${measured.map((t) => `${(t.start - probeOut.markT).toFixed(0)}: ${t.duration.toFixed(0)}`).join(', ')}`);
    }
    ws.terminate();
  } finally {
    await browser.close().catch(() => undefined);
    server.wss.close();
    serve.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
