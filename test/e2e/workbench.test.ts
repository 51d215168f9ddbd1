// The workbench at 1280x720 in Debian's Chromium against `framescope serve`:
// each "no silent surprise" of issue 10, the keyboard, the messages view, and
// an axe-core check (injected through playwright-core) of the main screens in
// light and dark. Controls are found by their accessible names.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { servedUi, until, waitForStatus, typeMessage } from '../support/browser-ui.js';

const TEST_TIMEOUT = 150_000;
const suite = servedUi();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const openUi = (colorScheme: 'light' | 'dark' = 'light') => suite.openUi(suite.serve.url, { viewport: { width: 1280, height: 720 }, colorScheme });

async function connect(page: Page, url: string): Promise<void> {
  await page.getByRole('textbox', { name: 'URL', exact: true }).fill(url);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
}

/** Serious and critical axe-core violations on the page as it is. */
async function axeProblems(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => (window as unknown as { axe: { run: (o: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run({ resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('the workbench at 1280x720 (browser mode)', () => {
  it(
    'starts with the sidebar open and 60 characters of payload beside it; Ctrl+Enter sends from the editor and Esc leaves it; ? shows the shortcuts',
    async () => {
      const long = 'x'.repeat(30) + '0123456789'.repeat(6);
      const received: string[] = [];
      const echo = await suite.server((ws) => {
        ws.on('message', (d: Buffer) => received.push(String(d)));
        ws.send(long);
      });
      const { page, pageErrors } = await openUi();
      await page.getByRole('button', { name: 'Save profile', exact: true }).waitFor();
      await connect(page, echo.url);
      await waitForStatus(page, 'Open');
      const cell = page.getByRole('table', { name: 'Frames', exact: true }).getByRole('row').filter({ hasText: 'xxxx' }).locator('.payload');
      await cell.waitFor();
      // characters of payload the cell shows: its width over one character's
      const chars = await cell.evaluate((el) => {
        const probe = document.createElement('span');
        probe.textContent = '0'.repeat(100);
        el.appendChild(probe);
        const per = probe.getBoundingClientRect().width / 100;
        probe.remove();
        return el.getBoundingClientRect().width / per;
      });
      expect(chars).toBeGreaterThanOrEqual(60);

      await typeMessage(page, 'sent by keyboard');
      await page.keyboard.press('ControlOrMeta+Enter');
      await until('the server got the draft', () => received).toEqual(['sent by keyboard']);
      await page.getByRole('textbox', { name: 'Message', exact: true }).focus();
      await page.keyboard.press('Escape');
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Send');

      await page.getByRole('tab', { name: 'Frames', exact: true }).focus();
      await page.keyboard.press('ArrowRight');
      expect(await page.getByRole('tab', { name: 'Messages', exact: true }).getAttribute('aria-selected')).toBe('true');
      await page.getByRole('list', { name: 'Messages', exact: true }).getByRole('listitem').filter({ hasText: 'sent by keyboard' }).waitFor();
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      await page.keyboard.press('Escape');
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'groups a fragmented message under its first frame, which shows it whole, and folds the group to that row',
    async () => {
      const echo = await suite.server((ws) => {
        ws.send('alpha ', { fin: false });
        ws.send('beta ', { fin: false });
        ws.send('gamma', { fin: true });
        ws.send('after');
      });
      const { page, pageErrors } = await openUi();
      await connect(page, echo.url);
      await waitForStatus(page, 'Open');
      const rows = page.getByRole('table', { name: 'Frames', exact: true }).getByRole('row');
      await rows.filter({ hasText: 'after' }).waitFor();
      const head = rows.filter({ hasText: 'alpha beta gamma' });
      expect(await head.count()).toBe(1);
      expect(await rows.filter({ hasText: 'continuation' }).count()).toBe(2);
      const fold = head.getByRole('button', { name: /^Collapse the 3 frames of message #\d+$/ });
      expect(await fold.getAttribute('aria-expanded')).toBe('true');
      await fold.click();
      await until('the continuations folded away', () => rows.filter({ hasText: 'continuation' }).count()).toBe(0);
      // the head stays, with the whole message, and says how many frames it holds
      expect(await head.innerText()).toMatch(/3 frames/);
      await rows.filter({ hasText: 'after' }).waitFor();
      const unfold = head.getByRole('button', { name: /^Expand the 3 frames of message #\d+$/ });
      expect(await unfold.getAttribute('aria-expanded')).toBe('false');
      await unfold.click();
      await until('the continuations back', () => rows.filter({ hasText: 'continuation' }).count()).toBe(2);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'the first start shows the way in (the URL box, the profiles, the shortcut sheet) until dismissed; empty panes say what to do next',
    async () => {
      const { page, pageErrors } = await openUi();
      const hint = page.getByRole('region', { name: 'Getting started', exact: true });
      await hint.waitFor();
      await hint.getByRole('button', { name: 'Go to the URL box', exact: true }).click();
      await until('the URL box has the cursor', () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('URL');
      await hint.getByRole('button', { name: 'Show the profiles', exact: true }).click();
      await until('the profile name has the cursor', () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Profile name');
      await hint.getByRole('button', { name: 'Show the shortcuts', exact: true }).click();
      const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await sheet.waitFor();
      await page.keyboard.press('Escape');
      await sheet.waitFor({ state: 'hidden' });
      // the empty panes say what to do next
      expect(await page.getByText(/^Pick a row of the log/).isVisible()).toBe(true);
      await page.getByRole('tab', { name: 'Handshake', exact: true }).click();
      expect(await page.getByText(/^No handshake yet: press Connect/).isVisible()).toBe(true);
      await hint.getByRole('button', { name: 'Got it', exact: true }).click();
      await hint.waitFor({ state: 'detached' });
      await page.getByText(/^Nothing here yet\. Type a ws:\/\/ or wss:\/\/ URL above and press Connect/).waitFor();
      // dismissed stays dismissed
      await page.reload();
      await page.getByText(/^Nothing here yet/).waitFor();
      expect(await hint.count()).toBe(0);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'closing a tab with a live connection asks first, then closes it with 1001',
    async () => {
      const closes: number[] = [];
      const echo = await suite.server((ws) => ws.on('close', (code) => closes.push(code)));
      const { page, pageErrors } = await openUi();
      await connect(page, echo.url);
      await waitForStatus(page, 'Open');
      const name = `Close tab ${new URL(echo.url).host}`;
      await page.getByRole('button', { name, exact: true }).click();
      const question = page.getByRole('dialog', { name: 'Close this tab?' });
      await question.waitFor();
      await question.getByRole('button', { name: 'Keep the tab' }).click();
      await waitForStatus(page, 'Open');
      expect(closes).toEqual([]);
      await page.getByRole('button', { name, exact: true }).click();
      await question.getByRole('button', { name: 'Close the connection and the tab' }).click();
      await until('the server saw 1001', () => closes).toEqual([1001]);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'lists unknown variables before connecting and connects only when told to',
    async () => {
      const headers: (string | undefined)[] = [];
      const s = await suite.server((_ws, req) => headers.push(req.headers['x-token'] as string | undefined));
      const { page, pageErrors } = await openUi();
      await page.getByRole('textbox', { name: 'URL', exact: true }).fill(s.url);
      await page.getByRole('button', { name: 'Options', exact: true }).click();
      await page.getByRole('button', { name: 'Add header', exact: true }).click();
      await page.getByRole('textbox', { name: 'Header 1 name', exact: true }).fill('X-Token');
      await page.getByRole('textbox', { name: 'Header 1 value', exact: true }).fill('{{nosuchtoken}}');
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      const question = page.getByRole('dialog', { name: 'Unknown variables' });
      await question.getByText('{{nosuchtoken}}', { exact: false }).waitFor();
      await question.getByRole('button', { name: 'Don’t connect' }).click();
      expect(await page.getByRole('status').innerText()).toContain('Closed');
      expect(headers).toEqual([]);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await question.getByRole('button', { name: 'Connect anyway' }).click();
      await waitForStatus(page, 'Open');
      expect(headers).toEqual(['{{nosuchtoken}}']);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'asks before saving a profile under a name that is taken: rename keeps both, overwrite makes no second file',
    async () => {
      const { page, pageErrors } = await openUi();
      const profiles = page.getByRole('list', { name: 'Profiles', exact: true });
      const save = async (name: string) => {
        await page.getByRole('textbox', { name: 'Profile name', exact: true }).fill(name);
        await page.getByRole('button', { name: 'Save profile', exact: true }).click();
      };
      const unique = `taken-${Date.now()}`;
      await page.getByRole('textbox', { name: 'URL', exact: true }).fill('ws://127.0.0.1:1/one');
      await save(unique);
      await profiles.getByRole('button', { name: `Connect from ${unique}`, exact: true }).waitFor();
      // a fresh tab, not from that profile, under the same name
      await page.getByRole('button', { name: 'New tab', exact: true }).click();
      await page.getByRole('textbox', { name: 'URL', exact: true }).fill('ws://127.0.0.1:1/two');
      await save(unique);
      const question = page.getByRole('dialog', { name: `A profile named “${unique}” exists` });
      await question.getByRole('button', { name: `Save as “${unique} 2”` }).click();
      await profiles.getByRole('button', { name: `Connect from ${unique} 2`, exact: true }).waitFor();
      await page.getByRole('button', { name: 'New tab', exact: true }).click();
      await page.getByRole('textbox', { name: 'URL', exact: true }).fill('ws://127.0.0.1:1/three');
      await save(unique);
      await question.getByRole('button', { name: `Overwrite “${unique}”` }).click();
      await until('the profile holds the new URL', () => profiles.getByRole('listitem').filter({ hasText: 'ws://127.0.0.1:1/three' }).count()).toBe(1);
      expect(await profiles.getByRole('button', { name: new RegExp(`^Connect from ${unique}`) }).count()).toBe(2);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'opens an imported HAR in a tab, and says so when the same HAR is imported again',
    async () => {
      const har = JSON.stringify({
        log: {
          version: '1.2',
          creator: { name: 'test', version: '1' },
          entries: [
            {
              startedDateTime: new Date().toISOString(),
              time: 1,
              _resourceType: 'websocket',
              request: { method: 'GET', url: `ws://127.0.0.1:1/har-${Date.now()}`, httpVersion: 'HTTP/1.1', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
              response: { status: 101, statusText: 'Switching Protocols', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 0, mimeType: 'x-unknown' }, redirectURL: '', headersSize: -1, bodySize: 0 },
              cache: {},
              timings: { send: 0, wait: 0, receive: 0 },
              _webSocketMessages: [
                { type: 'send', time: Date.now() / 1000, opcode: 1, data: 'hello from the har' },
                { type: 'receive', time: Date.now() / 1000, opcode: 1, data: 'hello back' },
              ],
            },
          ],
        },
      });
      const { page, pageErrors } = await openUi();
      const file = { name: 'again.har', mimeType: 'application/json', buffer: Buffer.from(har) };
      await page.getByLabel('Import HAR', { exact: true }).setInputFiles(file);
      await until('the import opened in a tab', () => page.getByRole('tab', { name: /^Recording: again\.har/ }).count()).toBe(1);
      await page.getByRole('table', { name: 'Frames', exact: true }).getByRole('row').filter({ hasText: 'hello back' }).waitFor();
      await page.getByLabel('Import HAR', { exact: true }).setInputFiles(file);
      const question = page.getByRole('dialog', { name: 'Imported before' });
      await question.getByText('again.har was imported before', { exact: false }).waitFor();
      await question.getByRole('button', { name: 'Open the existing recording' }).click();
      await until('the existing recording opened again, nothing imported twice', () => page.getByRole('tab', { name: /^Recording: again\.har/ }).count()).toBe(2);
      expect(await page.getByRole('list', { name: 'Recordings', exact: true }).getByRole('listitem').filter({ hasText: 'again.har' }).count()).toBe(1);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'has no serious or critical axe-core violations on the main screens, light and dark',
    async () => {
      const echo = await suite.server((ws) => {
        ws.on('message', (d, b) => ws.send(d, { binary: b }));
        ws.send('{"type":"hello","n":1}');
      });
      // one page, both schemes on each screen: the page keeps its tabs, so a second page would come back to this one's
      const { page } = await openUi('light');
      const both = async (screen: string) => {
        for (const colorScheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme });
          expect(await axeProblems(page), `${colorScheme}, ${screen}`).toEqual([]);
        }
      };
      await both('before connecting');
      await connect(page, echo.url);
      await waitForStatus(page, 'Open');
      await page.getByRole('table', { name: 'Frames', exact: true }).getByRole('row').filter({ hasText: 'hello' }).first().click();
      await both('frames view');
      // a ping and its pong: markers in the messages view, beside the one message, not items of its list
      await page.getByRole('button', { name: 'Ping', exact: true }).click();
      await page.getByRole('table', { name: 'Frames', exact: true }).getByRole('row').filter({ hasText: 'pong' }).first().waitFor();
      await page.getByRole('tab', { name: 'Messages', exact: true }).click();
      const messages = page.getByRole('list', { name: 'Messages', exact: true });
      await messages.getByText(/pong/).first().waitFor();
      expect(await messages.getByRole('listitem').count()).toBe(1);
      await messages.getByRole('listitem').first().click();
      await both('messages view');
    },
    TEST_TIMEOUT,
  );
});
