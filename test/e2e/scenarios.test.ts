// Scenarios in the app, end to end: Debian's Chromium against `framescope
// serve` and a real `ws` chat server the test starts. A session is recorded,
// made into a scenario from its recording (Save as scenario), checked in the
// editor (monaco-yaml's schema and the loader's own problems), saved, and
// run into a tab where its steps tick off (passing); the server then
// changes what it answers, and the same scenario fails, its failing step
// shown and the message it was about selected in the log.
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { wsText } from '../../electron/host/ws-text.js';
import { servedUi, until, sendMessage, waitForStatus } from '../support/browser-ui.js';

const TEST_TIMEOUT = 180_000;
const suite = servedUi();

function frameRows(page: Page): Locator {
  return page.getByRole('table', { name: 'Frames', exact: true }).getByRole('row');
}

function steps(page: Page): Locator {
  return page.getByRole('list', { name: 'Scenario steps', exact: true }).getByRole('listitem');
}

/** The text in the scenario editor, as Monaco shows it (its spaces are no-break spaces). */
async function editorText(page: Page): Promise<string> {
  return (await page.locator('.scenario-yaml .view-lines').innerText()).replace(/\u00a0/g, ' ');
}

describe('scenarios in Chromium (browser mode)', () => {
  it(
    'makes a scenario from a recording, runs it (passes), then fails it after the server changes, showing the failing step and its message',
    async () => {
      // join, then talk; `closed` makes the room answer with an error instead
      let closed = false;
      const chat = await suite.server((ws) =>
        ws.on('message', (data) => {
          const text = wsText(data);
          if (text.startsWith('{')) ws.send(closed ? JSON.stringify({ type: 'error', code: 'ROOM_CLOSED' }) : JSON.stringify({ type: 'joined', room: JSON.parse(text).room }));
          else ws.send(`echo: ${text}`);
        }),
      );
      const { page, pageErrors } = await suite.openUi(suite.serve.url, { viewport: { width: 1400, height: 900 } });

      // a session, recorded as it runs
      await page.getByRole('textbox', { name: 'URL', exact: true }).fill(chat.url);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await waitForStatus(page, 'Open');
      await sendMessage(page, '{"type":"join","room":"lobby"}');
      await frameRows(page).filter({ hasText: 'joined' }).waitFor();
      await sendMessage(page, 'hello');
      await frameRows(page).filter({ hasText: 'echo: hello' }).waitFor();
      await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
      await waitForStatus(page, 'Closed');

      // its recording, opened read-only, made into a scenario
      const recordings = page.getByRole('list', { name: 'Recordings', exact: true }).getByRole('listitem');
      await until('the finished recording', async () => (await recordings.allInnerTexts()).filter((t) => !/\blive\b/.test(t))).toHaveLength(1);
      await recordings.first().getByRole('button', { name: /^Open .* read-only$/ }).click();
      await page.getByText('Recording (read-only)', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Save as scenario', exact: true }).click();
      const editor = page.getByRole('dialog', { name: /scenario/i });
      await editor.waitFor();
      await until('the recorded session as steps', () => editorText(page)).toMatch(/send: \{ json: \{ type: join, room: lobby \} \}[\s\S]*expect: \{ equals: '\{"type":"joined","room":"lobby"\}' \}[\s\S]*send: hello[\s\S]*expect: \{ equals: "echo: hello" \}[\s\S]*close: \{ code: 1000 \}/);
      // by JSON keys, the joined answer is matched by its keys
      await editor.getByRole('radio', { name: 'By JSON keys' }).click();
      await until('the keys of the joined answer', () => editorText(page)).toContain('{ path: $.type, exists: true }, { path: $.room, exists: true }');
      await editor.getByRole('radio', { name: 'Exact' }).click();
      await until('exact again', () => editorText(page)).toContain(`equals: '{"type":"joined","room":"lobby"}'`);

      // an edit the schema refuses is marked (monaco-yaml) and named by the loader, as `framescope run` would
      await page.getByRole('textbox', { name: 'Scenario YAML' }).focus();
      await page.keyboard.press('ControlOrMeta+Home');
      await page.keyboard.type('bogus: 1');
      await page.keyboard.press('Enter');
      await editor.getByRole('list', { name: 'Scenario problems' }).getByText('line 1: bogus: not a field here').waitFor();
      await page.locator('.scenario-yaml .squiggly-error').first().waitFor();
      await page.locator('.scenario-yaml .view-lines span', { hasText: /^bogus$/ }).first().hover();
      await page.locator('.monaco-hover').filter({ hasText: /Property bogus is not allowed/ }).waitFor();
      await page.screenshot({ path: '/tmp/scenarios-e2e-editor.png' });
      // taken back out
      await page.getByRole('textbox', { name: 'Scenario YAML' }).focus();
      await page.keyboard.press('ControlOrMeta+Home');
      await page.keyboard.press('Shift+ArrowDown');
      await page.keyboard.press('Delete');
      await until('no problems left', () => editor.getByRole('list', { name: 'Scenario problems' }).count()).toBe(0);

      await editor.getByRole('textbox', { name: 'Scenario file' }).fill('chat.yaml');
      await editor.getByRole('button', { name: 'Save scenario', exact: true }).click();
      const scenarios = page.getByRole('list', { name: 'Scenarios', exact: true }).getByRole('listitem');
      await scenarios.filter({ hasText: 'scenarios/chat.yaml' }).waitFor();

      // run into a tab: every step ticks off (the editor's is the one Run scenario while it is open)
      expect(await page.getByRole('button', { name: 'Run scenario', exact: true }).count()).toBe(1);
      await editor.getByRole('button', { name: 'Run scenario', exact: true }).click();
      await editor.waitFor({ state: 'hidden' });
      const run = page.getByRole('complementary', { name: 'Scenario run' });
      await page.getByRole('tab', { name: /^Scenario: 127\.0\.0\.1:\d+ / }).and(page.locator('[aria-selected=true]')).waitFor();
      await run.getByText('Passed', { exact: true }).waitFor();
      const passed = await steps(page).allInnerTexts();
      expect(passed.length).toBe(5);
      for (const s of passed) expect(s).toMatch(/^✓/);
      expect(passed.map((s) => /^✓\s*passed\s*\d+ (\w+( close)?)/.exec(s)?.[1])).toEqual(['send', 'expect', 'send', 'expect', 'close']);
      await frameRows(page).filter({ hasText: 'echo: hello' }).waitFor();

      // the server changes: the same scenario, run again from the list, fails at the join's answer, and the log jumps to that message
      closed = true;
      expect(await scenarios.filter({ hasText: 'scenarios/chat.yaml' }).getAttribute('aria-current')).toBe('true');
      await page.getByRole('button', { name: 'Run scenario', exact: true }).click();
      await run.getByText('Failed', { exact: true }).waitFor();
      const failed = await steps(page).allInnerTexts();
      expect(failed).toHaveLength(2);
      expect(failed[0]).toMatch(/^✓/);
      expect(failed[1]).toMatch(/^✗\s*failed\s*2 expect/);
      expect(failed[1]).toContain('ROOM_CLOSED');
      expect(failed[1]).toContain(`expected: a message equal to "{\\"type\\":\\"joined\\",\\"room\\":\\"lobby\\"}"`);
      const selected = frameRows(page).and(page.locator('[aria-selected=true]'));
      await until('the failing message is selected', () => selected.innerText()).toContain('ROOM_CLOSED');
      await page.screenshot({ path: '/tmp/scenarios-e2e-failed.png' });

      // a reload: the failed run's tab comes back with its steps, as the main process kept them
      await page.reload();
      // two runs, two tabs: the failed one is the later
      await page.getByRole('tab', { name: /^Scenario: / }).last().click();
      await run.getByText('Failed', { exact: true }).waitFor();
      expect(await steps(page).allInnerTexts()).toEqual(failed);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
