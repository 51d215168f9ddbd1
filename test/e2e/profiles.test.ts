// Profiles, saved messages and variables end to end: real Chromium (Debian's,
// through playwright-core) against `framescope serve` (browser mode) as a
// child process, with real `ws` servers on 127.0.0.1. What is saved must
// survive the server's restart on the same --data-dir.
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { browserSuite, type ServeProcess, WAIT, until, waitForStatus, typeMessage, CONTRACT_NAMES, controlNames } from '../support/browser-ui.js';

const TEST_TIMEOUT = 180_000;

const suite = browserSuite();

/** A fresh page on a served UI; dialogs (a window.confirm would be one) and uncaught errors are recorded. */
const openUi = (s: ServeProcess) => suite.openUi(s.url, { viewport: { width: 1400, height: 900 } });

function profiles(page: Page): Locator {
  return page.getByRole('list', { name: 'Profiles', exact: true });
}

function profileItem(page: Page, name: string): Locator {
  return profiles(page).getByRole('listitem').filter({ has: page.getByRole('button', { name: `Connect from ${name}`, exact: true }) });
}

async function saveProfile(page: Page, name: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Profile name', exact: true }).fill(name);
  await page.getByRole('button', { name: 'Save profile', exact: true }).click();
  await profileItem(page, name).waitFor();
}

/** Shows a profile's saved messages (its name button toggles them). */
async function expand(page: Page, name: string): Promise<Locator> {
  const item = profileItem(page, name);
  const toggle = item.getByRole('button', { name, exact: true });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  return item;
}

/** Saves the composer's draft as a named message of the profile. */
async function saveDraft(page: Page, item: Locator, name: string): Promise<void> {
  await item.getByRole('textbox', { name: 'Saved message name', exact: true }).fill(name);
  await item.getByRole('button', { name: 'Save draft as message', exact: true }).click();
  await item.getByRole('button', { name: `Send ${name}`, exact: true }).waitFor();
}

describe('profiles in Chromium (browser mode)', () => {
  it(
    'saves a profile with a text and a binary message, sends them with one click, and finds both after a restart',
    async () => {
      const got: { binary: boolean; data: Buffer }[] = [];
      const echo = await suite.server((ws) => ws.on('message', (data: Buffer, isBinary) => got.push({ binary: isBinary, data: Buffer.from(data) })));
      const dir = suite.tempDir('framescope-profiles-');
      const first = await suite.serve(dir);
      const { page, dialogs, pageErrors } = await openUi(first);

      await page.getByRole('textbox', { name: 'URL', exact: true }).fill(echo.url);
      await saveProfile(page, 'Echo <b>server</b>');
      const item = await expand(page, 'Echo <b>server</b>');
      await typeMessage(page, 'hello {"saved": 1}');
      await saveDraft(page, item, 'greeting');
      await page.getByRole('radio', { name: 'Binary', exact: true }).check();
      await typeMessage(page, '00ff10fe');
      await saveDraft(page, item, 'bytes');

      // one click connects from the profile, one click sends each saved message
      await item.getByRole('button', { name: 'Connect from Echo <b>server</b>', exact: true }).click();
      await waitForStatus(page, 'Open');
      await item.getByRole('button', { name: 'Send greeting', exact: true }).click();
      await until('the server got the saved text', () => got.length).toBe(1);
      await item.getByRole('button', { name: 'Send bytes', exact: true }).click();
      await until('the server got the saved bytes', () => got.length).toBe(2);
      expect(got).toEqual([
        { binary: false, data: Buffer.from('hello {"saved": 1}') },
        { binary: true, data: Buffer.from([0x00, 0xff, 0x10, 0xfe]) },
      ]);
      // the sidebar's controls take none of the connection view's names
      expect(await controlNames(page)).toEqual(Object.fromEntries(CONTRACT_NAMES.map((n) => [n, n === 'Connect' ? 0 : 1])));
      await page.screenshot({ path: '/tmp/profiles-e2e-saved.png' });
      await page.close();

      await first.stop();
      const second = await suite.serve(dir);
      const again = await openUi(second);
      const restored = await expand(again.page, 'Echo <b>server</b>');
      await expect.poll(() => restored.innerText(), { timeout: WAIT }).toContain(echo.url);
      await restored.getByRole('button', { name: 'Send greeting', exact: true }).waitFor();
      await restored.getByRole('button', { name: 'Send bytes', exact: true }).waitFor();
      const saved = restored.getByRole('list', { name: 'Saved messages of Echo <b>server</b>', exact: true }).getByRole('listitem');
      expect(await saved.allInnerTexts()).toEqual([expect.stringContaining('hello {"saved": 1}'), expect.stringContaining('00ff10fe')]);
      await again.page.screenshot({ path: '/tmp/profiles-e2e-restored.png' });

      // renamed in place, then deleted after the in-page confirmation
      await restored.getByRole('button', { name: 'Rename Echo <b>server</b>', exact: true }).click();
      await again.page.getByRole('textbox', { name: 'New name for Echo <b>server</b>', exact: true }).fill('Echo renamed');
      await again.page.getByRole('button', { name: 'Save name', exact: true }).click();
      await profileItem(again.page, 'Echo renamed').waitFor();
      expect(await profileItem(again.page, 'Echo <b>server</b>').count()).toBe(0);
      const renamed = await expand(again.page, 'Echo renamed');
      await renamed.getByRole('button', { name: 'Delete Echo renamed', exact: true }).click();
      await again.page.getByRole('button', { name: 'Yes, delete Echo renamed', exact: true }).click();
      await until('the profile is gone', () => profiles(again.page).getByRole('listitem').count()).toBe(0);

      expect([...dialogs, ...again.dialogs]).toHaveLength(0);
      expect([...pageErrors, ...again.pageErrors]).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'connects from a profile whose URL holds {{port}}, resolved from the active environment',
    async () => {
      const paths: string[] = [];
      const target = await suite.server((_ws, req) => paths.push(req.url ?? ''));
      const { page, dialogs, pageErrors } = await openUi(await suite.serve(suite.tempDir('framescope-profiles-')));

      // an environment "local" with port = the server's port, made active
      await page.getByText('Edit environments', { exact: true }).click();
      await page.getByRole('textbox', { name: 'New environment name', exact: true }).fill('local');
      await page.getByRole('button', { name: 'Add environment', exact: true }).click();
      await page.getByRole('textbox', { name: 'Name of local variable 1', exact: true }).fill('port');
      await page.getByRole('textbox', { name: 'Value of port', exact: true }).fill(String(target.port));
      await page.getByRole('button', { name: 'Save environments', exact: true }).click();
      const picker = page.getByRole('combobox', { name: 'Active environment', exact: true });
      await picker.getByRole('option', { name: 'local', exact: true }).waitFor({ state: 'attached' });
      await picker.selectOption('local');
      await until('the environment is active', () => picker.inputValue()).toBe('local');

      // the preview under the URL box resolves it before anything is dialled
      const templated = 'ws://127.0.0.1:{{port}}/';
      const resolved = `ws://127.0.0.1:${target.port}/`;
      await page.getByRole('textbox', { name: 'URL', exact: true }).fill(templated);
      await page.getByText(resolved, { exact: true }).waitFor();
      await saveProfile(page, 'Templated');
      // a fresh tab, so the connection comes from the profile alone
      await page.getByRole('button', { name: 'New tab', exact: true }).click();
      await page.getByRole('textbox', { name: 'URL', exact: true }).fill('ws://127.0.0.1:1/unused');

      await page.getByRole('button', { name: 'Connect from Templated', exact: true }).click();
      await waitForStatus(page, 'Open');
      expect(await page.getByRole('textbox', { name: 'URL', exact: true }).inputValue()).toBe(templated);
      await until('the server got the connection', () => paths).toEqual(['/']);
      await page.getByRole('tab', { name: 'Handshake', exact: true }).click();
      await page.getByRole('tabpanel').getByText(resolved, { exact: true }).waitFor();
      await page.screenshot({ path: '/tmp/profiles-e2e-handshake.png' });

      expect(dialogs).toHaveLength(0);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
