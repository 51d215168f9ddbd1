// Recordings end to end: real Chromium (Debian's, through playwright-core)
// against `framescope serve` (browser mode) as a child process and a real
// `ws` echo server on 127.0.0.1. A short session is recorded, reopened
// read-only, exported as HAR through the browser's download, replayed, and
// imported back, the import compared with the original message by message.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { browserSuite, WAIT, until, sendMessage } from '../support/browser-ui.js';

const TEST_TIMEOUT = 180_000;

const suite = browserSuite();

function recordingItems(page: Page): Locator {
  return page.getByRole('list', { name: 'Recordings', exact: true }).getByRole('listitem');
}

/** A recording's name, from its Open button. */
async function nameOf(item: Locator): Promise<string> {
  const label = await item.getByRole('button', { name: /^Open .* read-only$/ }).textContent();
  return /^Open (.*) read-only$/.exec(label ?? '')![1];
}

/** The rows of the active tab's frame log, as text. */
function frameRows(page: Page): Promise<string[]> {
  return page.getByRole('table', { name: 'Frames', exact: true }).getByRole('row').allInnerTexts();
}

/** Rows mentioning each message, both ways (sent, and echoed back). */
function bothWays(rows: string[], message: string): { out: boolean; in: boolean } {
  const mine = rows.filter((r) => r.includes(message));
  return { out: mine.some((r) => r.includes('↑ out')), in: mine.some((r) => r.includes('↓ in')) };
}

interface HarMessage {
  type: 'send' | 'receive';
  opcode: number;
  data: string;
  time: number;
}

describe('recordings in Chromium (browser mode)', () => {
  it(
    'records a session, reopens it read-only, exports it as HAR, replays it, and imports it back with the same messages',
    async () => {
      const echo = await suite.server((ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
      const serve = await suite.serve();
      const page = await suite.browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
      suite.cleanup(() => page.close());
      page.setDefaultTimeout(WAIT);
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      let dialogs = 0;
      page.on('dialog', (d) => {
        dialogs++;
        void d.dismiss().catch(() => undefined);
      });
      await page.goto(serve.url);
      await page.getByRole('textbox', { name: 'URL', exact: true }).waitFor();
      // from 1280 px wide the sidebar starts open

      // a short session: connect, two messages echoed, close
      const messages = ['first <b>message</b>', '{"second": 2}'];
      await page.getByRole('textbox', { name: 'URL', exact: true }).fill(echo.url);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Open' }).waitFor();
      for (const m of messages) {
        await sendMessage(page, m);
        await until(`the echo of ${m}`, async () => bothWays(await frameRows(page), m)).toEqual({ out: true, in: true });
      }
      await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Closed' }).waitFor();

      // the session is in the list, finished, and opens read-only in a tab of its own
      await until('one finished recording', async () => (await recordingItems(page).allInnerTexts()).filter((t) => !/\blive\b/.test(t))).toHaveLength(1);
      const original = recordingItems(page).first();
      expect(await original.innerText()).toContain(echo.url);
      // named now: replays and imports will join the list
      const originalName = await nameOf(original);
      await original.getByRole('button', { name: /^Open .* read-only$/ }).click();
      await page.getByText('Recording (read-only)', { exact: true }).waitFor();
      for (const m of messages) await until(`${m} in the read-only log`, async () => bothWays(await frameRows(page), m)).toEqual({ out: true, in: true });
      // nothing in a read-only tab acts on a connection
      for (const name of ['URL', 'Connect', 'Send', 'Message', 'Ping', 'Close']) expect(await page.getByRole(name === 'URL' || name === 'Message' ? 'textbox' : 'button', { name, exact: true }).count()).toBe(0);
      await page.screenshot({ path: '/tmp/recordings-e2e-read-only.png' });

      // HAR through the browser's own download
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export HAR', exact: true }).click()]);
      const harPath = await download.path();
      const har = JSON.parse(readFileSync(harPath, 'utf8')) as { log: { entries: { request: { url: string }; _webSocketMessages?: HarMessage[] }[] } };
      const entry = har.log.entries.find((e) => e._webSocketMessages);
      expect(entry?.request.url).toBe(echo.url);
      const sent = entry!._webSocketMessages!.filter((m) => m.type === 'send').map((m) => m.data);
      const received = entry!._webSocketMessages!.filter((m) => m.type === 'receive').map((m) => m.data);
      expect(sent).toEqual(messages);
      expect(received).toEqual(messages);

      // replayed as fast as possible: a live tab of its own, the echo server answering again
      await page.getByRole('combobox', { name: 'Replay timing', exact: true }).selectOption('fast');
      await page.getByRole('button', { name: 'Replay', exact: true }).click();
      await page.getByRole('status').waitFor();
      for (const m of messages) await until(`${m} replayed`, async () => bothWays(await frameRows(page), m)).toEqual({ out: true, in: true });
      await page.screenshot({ path: '/tmp/recordings-e2e-replay.png' });
      await until('the replay is listed', () => recordingItems(page).filter({ hasText: 'replay' }).count()).toBe(1);

      // imported back: a new recording with the same messages, and a profile made from it
      await page.getByLabel('Import HAR', { exact: true }).setInputFiles({ name: 'session.har', mimeType: 'application/json', buffer: readFileSync(harPath) });
      await page.getByText(/^Imported 1 recording from session\.har/).waitFor();
      expect(await page.getByText(/A profile was created/).count()).toBe(1);
      const imported = recordingItems(page).filter({ hasText: 'imported HAR' });
      await until('the imported recording is listed', () => imported.count()).toBe(1);
      // the import opens in a tab of its own
      await until('a second read-only tab', () => page.getByRole('tab', { name: /^Recording: / }).count()).toBe(2);
      // a HAR keeps messages, not frames: the imported recording's log lists its messages both ways
      for (const m of messages) await until(`${m} listed from the HAR`, async () => bothWays(await frameRows(page), m)).toEqual({ out: true, in: true });

      // message by message, the import equals the recording it came from
      await page.getByText('Compare two recordings', { exact: true }).click();
      await page.getByRole('combobox', { name: 'Left recording', exact: true }).selectOption({ label: originalName });
      await page.getByRole('combobox', { name: 'Right recording', exact: true }).selectOption({ label: await nameOf(imported) });
      await page.getByRole('button', { name: 'Compare recordings', exact: true }).click();
      const compared = page.getByRole('table', { name: 'Compared messages', exact: true }).getByRole('row');
      await until('four messages compared', () => compared.count()).toBe(1 + 2 * messages.length);
      await page.getByRole('heading', { name: /: no differences$/ }).waitFor();
      const rows = await compared.allInnerTexts();
      for (const m of messages) expect(rows.filter((r) => r.split(m).length === 3)).toHaveLength(2);
      await page.screenshot({ path: '/tmp/recordings-e2e-compared.png' });
      await page.getByRole('button', { name: 'Close comparison', exact: true }).click();

      expect(dialogs).toBe(0);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
