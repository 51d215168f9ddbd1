// What a page is given, end to end: real Chromium (Debian's, through
// playwright-core) against `framescope serve` as a child process. A secret of
// the workspace reaches a real `ws` server, and comes back from it, while the
// page shows its {{name}} marker everywhere and exports it only after the person confirms; client
// certificate files are uploaded, never typed, and authenticate to a real
// wss server that requires one.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { WebSocketServer } from 'ws';
import { wsServer } from '../support/processes.js';
import { browserSuite, sendMessage, until, type ServeProcess } from '../support/browser-ui.js';
import { makeTestCerts } from '../support/certs.js';

const TEST_TIMEOUT = 180_000;
const SECRET = 's3cret-e2e-7f1d';

const suite = browserSuite();
let serve: ServeProcess;

// one serve per test: the tabs a page leaves (live ones too) come back in the next page of the same server
beforeEach(async () => {
  // a workspace whose active environment has a secret, as the person would have saved it
  const dataDir = suite.tempDir('framescope-contained-');
  const root = path.join(dataDir, 'workspaces', 'default');
  mkdirSync(path.join(root, 'profiles'), { recursive: true });
  const json = (o: unknown) => JSON.stringify(o, null, 2) + '\n';
  writeFileSync(path.join(root, 'framescope-workspace.json'), json({ formatVersion: 1, name: 'default', environments: [{ name: 'dev', variables: {}, secrets: ['token'] }], activeEnvironment: 'dev' }));
  writeFileSync(path.join(root, 'framescope-secrets.local.json'), json({ formatVersion: 1, values: { dev: { token: SECRET } } }));
  serve = await suite.serve(dataDir);
}, 60_000);

const openPage = () => suite.openUi(serve.url, { viewport: { width: 1400, height: 900 }, acceptDownloads: true });

async function download(page: Page, click: () => Promise<void>): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  return readFileSync(await d.path(), 'utf8');
}

describe('a secret in the page', () => {
  it(
    'goes to the server, shows as {{token}} in the preview, the log and the recording, and is exported only when confirmed',
    async () => {
      const seen: string[] = [];
      // the server says the secret back, as a token endpoint might
      const echo = await wsServer({}, (ws, req) => {
        seen.push(req.url ?? '');
        ws.send(`welcome ${SECRET}`);
        ws.on('message', (d, binary) => ws.send(d, { binary }));
      });
      suite.cleanup(() => echo.close());
      const { page, pageErrors } = await openPage();

      await page.getByRole('textbox', { name: 'URL', exact: true }).fill(`${echo.url}?key={{token}}`);
      await page.getByText(`Resolves to`).waitFor();
      expect(await page.locator('.url-preview code').innerText()).toBe(`${echo.url}?key={{token}}`);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Open' }).waitFor();
      await until('the welcome, masked', async () => await page.getByRole('table', { name: 'Frames', exact: true }).innerText()).toContain('welcome {{token}}');
      await sendMessage(page, 'hello');
      await until('the echo', async () => (await page.getByRole('table', { name: 'Frames', exact: true }).innerText()).split('hello').length - 1).toBe(2);
      await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Closed' }).waitFor();
      expect(seen).toEqual([`/?key=${SECRET}`]);
      expect(await page.content()).not.toContain(SECRET);

      const item = page.getByRole('list', { name: 'Recordings', exact: true }).getByRole('listitem').first();
      if (!(await item.isVisible())) await page.getByRole('button', { name: 'Show sidebar', exact: true }).click();
      await item.getByRole('button', { name: /^Open .* read-only$/ }).click();
      await page.getByText('Recording (read-only)', { exact: true }).waitFor();
      const exportHar = page.getByRole('button', { name: 'Export HAR', exact: true });

      const masked = await download(page, () => exportHar.click());
      expect(masked).toContain('{{token}}');
      expect(masked).not.toContain(SECRET);

      await page.getByRole('checkbox', { name: 'Include secret values', exact: true }).check();
      await exportHar.click();
      const confirm = page.getByRole('group', { name: 'Export secret values?', exact: true });
      await confirm.waitFor();
      // Cancel exports nothing and asks again next time
      await confirm.getByRole('button', { name: 'Cancel', exact: true }).click();
      await until('the question is gone', () => confirm.count()).toBe(0);
      await page.getByRole('checkbox', { name: 'Include secret values', exact: true }).check();
      await exportHar.click();
      const clear = await download(page, () => confirm.getByRole('button', { name: 'Export HAR with secret values', exact: true }).click());
      expect(clear).toContain(SECRET);
      // the choice was for that one export
      expect(await page.getByRole('checkbox', { name: 'Include secret values', exact: true }).isChecked()).toBe(false);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});

describe('client certificate files in browser mode', () => {
  it(
    'are uploaded, not typed, and open a wss connection to a server that requires them',
    async () => {
      const certs = makeTestCerts();
      suite.cleanup(() => certs.cleanup());
      const server = https.createServer({ cert: certs.server.cert, key: certs.server.key, ca: certs.ca.cert, requestCert: true, rejectUnauthorized: true });
      const wss = new WebSocketServer({ server });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      suite.cleanup(() => new Promise<void>((r) => server.close(() => r())));
      suite.cleanup(() => wss.clients.forEach((c) => c.terminate()));
      const { page, pageErrors } = await openPage();

      await page.getByRole('button', { name: 'Options', exact: true }).click();
      // no text box takes a path
      expect(await page.getByRole('group', { name: 'CA file', exact: true }).getByRole('textbox').count()).toBe(0);
      for (const [label, file] of [
        ['CA file', 'ca.pem'],
        ['Client certificate file', 'client.pem'],
        ['Client key file', 'client.key'],
      ]) {
        await page.getByLabel(`Upload ${label}`, { exact: true }).setInputFiles(path.join(certs.dir, file));
        await page.getByRole('group', { name: label, exact: true }).getByText(`${file} (uploaded)`).waitFor();
      }
      await page.getByRole('textbox', { name: 'URL', exact: true }).fill(`wss://localhost:${(server.address() as AddressInfo).port}/`);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Open' }).waitFor();
      await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Closed' }).waitFor();
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
