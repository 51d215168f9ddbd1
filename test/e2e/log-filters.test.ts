// The frame log's filters in Debian's Chromium against `framescope serve`:
// regex, case, length, time and JSON conditions, and the one inline message
// a bad one gets; a filter running over a large log (its progress, the rows
// found so far, Cancel); the capture status beside the connection state.
// Controls are found by their accessible names.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { servedUi, startServe, WAIT, until, waitForStatus } from '../support/browser-ui.js';

const TEST_TIMEOUT = 150_000;

const suite = servedUi();
const { server, cleanup } = suite;

/** A tab at 1280x720; `before` runs before the page loads (to route its IPC socket). */
const openUi = (url: string, before?: (page: Page) => Promise<void>) => suite.openUi(url, { viewport: { width: 1280, height: 720 } }, before);

async function connect(page: Page, url: string): Promise<void> {
  await page.getByRole('textbox', { name: 'URL', exact: true }).fill(url);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await waitForStatus(page, 'Open');
}

/** The payload cell of every row on screen, in order. */
function payloads(page: Page): Promise<string[]> {
  return page
    .getByRole('table', { name: 'Frames', exact: true })
    .getByRole('row')
    .evaluateAll((rows) => rows.map((r) => r.querySelectorAll('[role="cell"]')[6]?.textContent ?? null).filter((p): p is string => p !== null));
}

function shows(page: Page, expected: string[]) {
  return expect.poll(() => payloads(page), { timeout: WAIT }).toEqual(expected);
}

function counters(page: Page): Promise<string> {
  return page.getByLabel('Rates', { exact: true }).innerText();
}

function filterProblem(page: Page) {
  return page.getByRole('alert').filter({ hasText: 'Meanwhile the log uses the last value that worked' });
}

describe('frame log filters in Chromium', () => {
  it(
    'filters by regular expression, case, length, JSON and time; a bad condition is said inline, keeps its last working value, and the rest still applies',
    async () => {
      const binary = Buffer.from(Array.from({ length: 64 }, (_, i) => i));
      const s = await server((ws) => {
        ws.send('{"type":"trade","px":101}');
        ws.send('{"type":"quote","px":100}');
        ws.send('Alpha beta');
        ws.send('alpha gamma');
        ws.send(binary);
      });
      const { page, pageErrors } = await openUi(suite.serve.url);
      await connect(page, s.url);
      const trade = '{"type":"trade","px":101}';
      const quote = '{"type":"quote","px":100}';
      const all = [trade, quote, 'Alpha beta', 'alpha gamma', binary.toString('hex')];
      await shows(page, all);

      const text = page.getByRole('textbox', { name: 'Filter text', exact: true });
      const regex = page.getByRole('button', { name: 'Regular expression', exact: true });
      const matchCase = page.getByRole('button', { name: 'Match case', exact: true });
      await text.fill('^alpha');
      await regex.click();
      expect(await regex.getAttribute('aria-pressed')).toBe('true');
      await shows(page, ['Alpha beta', 'alpha gamma']);
      await matchCase.click();
      await shows(page, ['alpha gamma']);
      expect(await counters(page)).toMatch(/^1 matching of 5 frames/);

      // an unfinished group: said once, naming the field, and the log keeps the last filter
      await text.fill('(alpha');
      await filterProblem(page).waitFor();
      expect(await filterProblem(page).innerText()).toMatch(/^Filter text: not a regular expression: .*group/i);
      expect(await text.getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByRole('alert').filter({ hasText: /filter/i }).count()).toBe(1);
      await shows(page, ['alpha gamma']);
      // the other conditions still apply meanwhile
      const direction = page.getByRole('combobox', { name: 'Direction', exact: true });
      await direction.selectOption('out');
      await shows(page, []);
      await direction.selectOption('all');
      await shows(page, ['alpha gamma']);
      await text.press('Escape');
      await shows(page, all);
      expect(await filterProblem(page).count()).toBe(0);

      await page.getByRole('button', { name: 'More filters', exact: true }).click();
      const min = page.getByRole('textbox', { name: 'Minimum length', exact: true });
      const max = page.getByRole('textbox', { name: 'Maximum length', exact: true });
      await min.fill('60');
      await shows(page, [binary.toString('hex')]);
      await max.fill('30');
      await filterProblem(page).filter({ hasText: 'Minimum length: 60 is more than the maximum, 30' }).waitFor();
      await shows(page, [binary.toString('hex')]);
      await min.fill('');
      await shows(page, [trade, quote, 'Alpha beta', 'alpha gamma']);
      await max.fill('');

      const json = page.getByRole('textbox', { name: 'JSON filter', exact: true });
      await json.fill('$.type = "trade"');
      await shows(page, [trade]);
      await json.fill('$.type != trade');
      await shows(page, [quote]);
      await json.fill('$..type');
      await filterProblem(page).filter({ hasText: /^JSON filter: .*a name must follow "\." at position 2/ }).waitFor();
      await shows(page, [quote]);
      await json.fill('$.px');
      await shows(page, [trade, quote]);
      await json.press('Control+A');
      await json.press('Delete');
      await shows(page, all);

      const from = page.getByRole('textbox', { name: 'From time', exact: true });
      const to = page.getByRole('textbox', { name: 'To time', exact: true });
      expect(await from.getAttribute('title')).toMatch(/clock time on the day the log began.*"last 30 s"/);
      await from.fill('soon');
      await filterProblem(page).filter({ hasText: 'From time: "soon" is not a time' }).waitFor();
      await from.fill('last 1 h');
      await expect.poll(() => filterProblem(page).count(), { timeout: WAIT }).toBe(0);
      await shows(page, all);
      await from.fill('');
      // midnight of the day the log began: before its first frame
      await to.fill('00:00');
      await shows(page, []);
      await to.fill('');
      await shows(page, all);
      await page.screenshot({ path: '/tmp/log-filters-e2e-filters.png' });
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'while a filter scan runs: its progress as it comes, the rows found so far, a scrollable log, and Cancel',
    async () => {
      // The main process decides when a scan runs in the background; this
      // test makes one, so the UI is checked whatever the log's size: the IPC
      // socket is routed and log.frames answers for the filter "match" say
      // the scan is still going, with 40 of the log's 100 matches found so far.
      const FOUND = 40;
      const OF = 10_000;
      let scanned = 0;
      let cancelledFor: string | null = null;
      let sessionId: string | null = null;
      const routeIpc = async (page: Page) => {
        await page.routeWebSocket(/\/ipc\?/, (ws) => {
          const toServer = ws.connectToServer();
          const calls = new Map<number, { call: string; input: { sessionId?: string; from: number; filter?: { text?: string } } }>();
          ws.onMessage((m) => {
            const msg = JSON.parse(String(m));
            calls.set(msg.id, msg);
            if (msg.call === 'log.cancelScan') cancelledFor = msg.input.sessionId;
            toServer.send(m);
          });
          toServer.onMessage((m) => {
            const msg = JSON.parse(String(m));
            const req = calls.get(msg.id);
            if (req?.call === 'log.frames' && req.input.filter?.text === 'match' && msg.ok) {
              sessionId = req.input.sessionId ?? null;
              if (!cancelledFor) scanned = Math.min(OF - 1000, scanned + 500);
              const out = msg.output;
              out.rows = out.rows.slice(0, Math.max(0, FOUND - req.input.from));
              out.total = Math.min(out.total, FOUND);
              out.scan = { filterKey: JSON.stringify(req.input.filter), scanned, of: OF, matches: FOUND, done: false, ...(cancelledFor ? { cancelled: true } : {}) };
              ws.send(JSON.stringify(msg));
              return;
            }
            ws.send(m);
          });
        });
      };
      const s = await server((ws) => {
        for (let i = 0; i < 1000; i++) ws.send(i % 10 === 0 ? `match ${i}` : `other ${i}`);
      });
      const { page, pageErrors } = await openUi(suite.serve.url, routeIpc);
      await connect(page, s.url);
      await until('all 1,000 frames counted', () => counters(page)).toMatch(/^1,000 frames/);

      await page.getByRole('textbox', { name: 'Filter text', exact: true }).fill('match');
      const progress = page.getByRole('progressbar', { name: 'Filter progress', exact: true });
      await progress.waitFor();
      // progress is read again while the scan runs, with no summary to prompt it (the log is idle)
      await until('the progress moves on', async () => Number(await progress.getAttribute('value'))).toBeGreaterThanOrEqual(3000);
      expect(await page.getByText(/^Filtering… [\d,]+ of 10,000 rows, 40 matches/).count()).toBe(1);
      expect(await counters(page)).toMatch(/^40 matching of 1,000 frames/);
      // following the end: the newest match found so far
      await until('the last match found is shown', async () => (await payloads(page)).at(-1)).toBe('match 390');
      await page.screenshot({ path: '/tmp/log-filters-e2e-scanning.png' });

      // the rows found so far can be scrolled while the scan runs; scrolling up stops following
      await page.getByRole('table', { name: 'Frames', exact: true }).hover();
      await page.mouse.wheel(0, -10_000);
      await until('the first match is in view', async () => (await payloads(page))[0]).toBe('match 0');
      expect(await page.getByRole('checkbox', { name: 'Autoscroll' }).isChecked()).toBe(false);

      await page.getByRole('button', { name: 'Cancel filter', exact: true }).click();
      await page.getByText(/^Filter cancelled after [\d,]+ of 10,000 rows: 40 matches$/).waitFor();
      expect(cancelledFor).toBe(sessionId);
      expect(await progress.count()).toBe(0);
      expect(await page.getByRole('table', { name: 'Frames', exact: true }).getAttribute('aria-rowcount')).toBe(String(FOUND + 1));
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'a filter over a 100,000-frame log finds every match, and no progress is left on screen once it is done',
    async () => {
      const N = 100_000;
      const s = await server((ws) => {
        for (let i = 0; i < N; i++) ws.send(i % 1000 === 7 ? `needle ${i}` : `hay ${i}`);
      });
      const { page, pageErrors } = await openUi(suite.serve.url);
      await connect(page, s.url);
      await until('every frame counted', () => counters(page)).toMatch(/^100,000 frames/);
      await page.getByRole('textbox', { name: 'Filter text', exact: true }).fill('needle');
      await until('every match found', () => counters(page)).toMatch(/^100 matching of 100,000 frames/);
      await until('the last match at the end of the log', async () => (await payloads(page)).at(-1)).toBe('needle 99007');
      expect((await payloads(page)).every((p) => p.startsWith('needle '))).toBe(true);
      expect(await page.getByRole('progressbar', { name: 'Filter progress', exact: true }).count()).toBe(0);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'says beside the connection state when capture stopped, and keeps the state the one role=status',
    async () => {
      // a workspace whose recordings folder is a file: the log cannot be written
      const dataDir = mkdtempSync(join(tmpdir(), 'framescope-capture-'));
      const workspace = join(dataDir, 'workspaces', 'default');
      mkdirSync(join(workspace, 'profiles'), { recursive: true });
      writeFileSync(join(workspace, 'framescope-workspace.json'), JSON.stringify({ formatVersion: 1, name: 'Default', environments: [], activeEnvironment: null }, null, 2) + '\n');
      writeFileSync(join(workspace, 'recordings'), 'not a folder\n');
      const broken = await startServe(dataDir);
      cleanup(async () => {
        await broken.stop();
        rmSync(dataDir, { recursive: true, force: true });
      });
      const s = await server((ws) => ws.send('hello'));
      const { page, pageErrors } = await openUi(broken.url);
      await connect(page, s.url);
      // beside the state, in the status strip
      const strip = page.getByRole('group', { name: 'Connection result', exact: true });
      await strip.getByText(/^⚠ Capture stopped: [\d,]+ events? missing$/).waitFor();
      await waitForStatus(page, 'Open');
      await page.screenshot({ path: '/tmp/log-filters-e2e-capture-stopped.png' });
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
