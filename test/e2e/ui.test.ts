// The renderer end to end: real Chromium (Debian's, through playwright-core)
// against `framescope serve` (browser mode) as a child process, talking to
// real `ws` servers on 127.0.0.1. Controls are found by the accessible names
// of contracts section 3. One server process and one browser for the file.
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawServer, wsServer } from '../support/processes.js';
import { servedUi, WAIT, until, waitForStatus, typeMessage, sendMessage, composerText, CONTRACT_NAMES, controlNames } from '../support/browser-ui.js';

const TEST_TIMEOUT = 150_000;

const suite = servedUi();
const { server, cleanup } = suite;

/** A fresh tab on the served UI; `before` runs before the page loads (to route its IPC socket). */
const openUi = (before?: (page: Page) => Promise<void>) => suite.openUi(suite.serve.url, { viewport: { width: 1400, height: 900 } }, before);

function status(page: Page): Locator {
  return page.getByRole('status');
}

async function connect(page: Page, url: string): Promise<void> {
  await page.getByRole('textbox', { name: 'URL', exact: true }).fill(url);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
}

function framesTable(page: Page): Locator {
  return page.getByRole('table', { name: 'Frames', exact: true });
}

const OPCODES = ['continuation', 'text', 'binary', 'close', 'ping', 'pong'];

interface Row {
  dir: 'in' | 'out' | '?';
  opcode: string;
  /** the whole row's text, cells joined by " | " */
  text: string;
}

/**
 * The frame rows on screen: each row's direction and opcode name as its cells
 * show them (contracts section 3: `out`/`in` or arrows, then the name).
 */
async function shownRows(page: Page): Promise<Row[]> {
  const cells = await framesTable(page)
    .getByRole('row')
    .evaluateAll((rows) =>
      rows
        .map((r) => Array.from(r.querySelectorAll('[role="cell"], [role="gridcell"]'), (c) => (c.textContent ?? '').trim()))
        .filter((cs) => cs.length > 0),
    );
  return cells.map((cs) => {
    const dirCell = cs.find((c) => /^(↑|↓|→|←)?\s*(out|in)$|^(↑|↓|→|←)$/.test(c)) ?? '';
    const dir = /out|↑|→/.test(dirCell) ? 'out' : /in|↓|←/.test(dirCell) ? 'in' : '?';
    const opcode = cs.map((c) => new RegExp(`^(↳\\s*)?(${OPCODES.join('|')})`).exec(c)?.[2]).find(Boolean) ?? '?';
    return { dir, opcode, text: cs.join(' | ') };
  });
}

/** "dir opcode" plus whether the row text contains `payload`. */
function matches(r: Row, dir: string, opcode: string, payload: string): boolean {
  return r.dir === dir && r.opcode === opcode && r.text.includes(payload);
}

async function waitForRow(page: Page, dir: 'in' | 'out', opcode: string, payload: string): Promise<Row> {
  let found: Row | undefined;
  await expect
    .poll(
      async () => {
        const rows = await shownRows(page);
        found = rows.find((r) => matches(r, dir, opcode, payload));
        return found ? 'found' : rows.map((r) => `${r.dir} ${r.opcode}: ${r.text}`);
      },
      { timeout: WAIT, message: `a ${dir} ${opcode} row with "${payload}"` },
    )
    .toBe('found');
  return found!;
}

/** The row locator whose text includes `payload` (for clicking). */
function rowWith(page: Page, payload: string): Locator {
  return framesTable(page).getByRole('row').filter({ hasText: payload });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `/tmp/ui-e2e-${name}.png` });
}

describe('framescope UI in Chromium (browser mode)', () => {
  it(
    'sends a 33 MB file from the composer whole, handed over in chunks, and the page stays connected',
    async () => {
      const file = Buffer.alloc(33 * 1024 * 1024);
      for (let i = 0; i < file.length; i += 997) file[i] = i & 0xff;
      const dir = mkdtempSync(join(tmpdir(), 'framescope-file-'));
      cleanup(() => rmSync(dir, { recursive: true, force: true }));
      writeFileSync(join(dir, 'big.bin'), file);
      const echo = await server((ws) => {
        ws.on('message', (data: Buffer, isBinary) => {
          const digest = createHash('sha256').update(data).digest('hex');
          ws.send(`got ${isBinary ? 'binary' : 'text'} ${data.length} ${digest === createHash('sha256').update(file).digest('hex') ? 'same' : 'different'}`);
        });
      });
      const { page, pageErrors } = await openUi();
      await connect(page, echo.url);
      await waitForStatus(page, 'Open');
      await page.getByRole('radio', { name: 'Binary', exact: true }).check();
      await page.getByLabel('Composer').locator('input[type=file]').setInputFiles(join(dir, 'big.bin'));
      await page.getByText('big.bin · 33.0 MiB', { exact: false }).waitFor();
      const send = page.getByRole('button', { name: 'Send', exact: true });
      await until('Send is enabled', () => send.isEnabled()).toBe(true);
      await send.click();
      await waitForRow(page, 'in', 'text', `got binary ${file.length} same`);
      await waitForStatus(page, 'Open');
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'connects, sends text and binary, pings with an RTT, and closes with 4001 "bye"',
    async () => {
      const got = { messages: [] as { binary: boolean; data: Buffer }[], pings: 0, closes: [] as [number, string][] };
      const echo = await server((ws) => {
        ws.on('message', (data: Buffer, isBinary) => {
          got.messages.push({ binary: isBinary, data: Buffer.from(data) });
          ws.send(data, { binary: isBinary });
        });
        ws.on('ping', () => got.pings++);
        ws.on('close', (code, reason) => got.closes.push([code, reason.toString('utf8')]));
      });
      const { page, dialogs, pageErrors } = await openUi();

      await connect(page, echo.url);
      await waitForStatus(page, 'Open');

      // text, both ways
      await sendMessage(page, 'hello framescope');
      await waitForRow(page, 'out', 'text', 'hello framescope');
      await waitForRow(page, 'in', 'text', 'hello framescope');
      expect(got.messages).toEqual([{ binary: false, data: Buffer.from('hello framescope') }]);

      // binary, typed as hex; bytes that are not text, so the preview is hex
      await page.getByRole('radio', { name: 'Binary', exact: true }).check();
      expect(await page.getByRole('radio', { name: 'Text', exact: true }).isChecked()).toBe(false);
      await sendMessage(page, '00ff10fe80');
      await waitForRow(page, 'out', 'binary', '00ff10fe80');
      await waitForRow(page, 'in', 'binary', '00ff10fe80');
      expect(got.messages[1]).toEqual({ binary: true, data: Buffer.from([0x00, 0xff, 0x10, 0xfe, 0x80]) });
      expect(got.messages).toHaveLength(2);

      // ping: the server's pong comes back with its round-trip time
      await page.getByRole('button', { name: 'Ping', exact: true }).click();
      await waitForRow(page, 'out', 'ping', '');
      const pongRow = await waitForRow(page, 'in', 'pong', '');
      expect(pongRow.text).toMatch(/rtt/i);
      expect(got.pings).toBe(1);
      const rtts = page.getByRole('table', { name: 'Round-trip times', exact: true }).getByRole('row');
      await rtts.first().waitFor();
      expect(await rtts.count()).toBe(1);
      expect(await rtts.first().innerText()).toMatch(/\d+(\.\d+)?\s*ms/);

      // the echoed text in the inspector
      await rowWith(page, 'hello framescope').last().click();
      await page.getByRole('button', { name: 'Text view', exact: true }).click();
      await page.getByRole('tabpanel', { name: 'Inspector', exact: true }).getByText('hello framescope', { exact: true }).waitFor();
      await shot(page, 'open');
      // with the inspector showing a frame, each contract name is still on exactly one control
      expect(await controlNames(page)).toEqual(Object.fromEntries(CONTRACT_NAMES.map((n) => [n, n === 'Connect' ? 0 : 1])));

      // close with a code and reason
      await page.getByRole('textbox', { name: 'Close code', exact: true }).fill('4001');
      await page.getByRole('textbox', { name: 'Close reason', exact: true }).fill('bye');
      await page.getByRole('button', { name: 'Close', exact: true }).click();
      await waitForStatus(page, 'Closed');
      await until('the server saw the close', () => got.closes).toEqual([[4001, 'bye']]);
      await waitForRow(page, 'out', 'close', '4001');
      expect((await waitForRow(page, 'out', 'close', 'bye')).text).toContain('4001');
      await waitForRow(page, 'in', 'close', '4001');

      const timeline = page.getByRole('list', { name: 'Timeline', exact: true }).getByRole('listitem');
      await expect
        .poll(async () => (await timeline.allInnerTexts()).map((t) => /CONNECTING|OPEN|CLOSING|CLOSED/.exec(t)?.[0] ?? t), { timeout: WAIT })
        .toEqual(['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']);
      const result = page.getByLabel('Close result', { exact: true });
      await result.waitFor();
      const resultText = await result.innerText();
      expect(resultText).toMatch(/Initiator\s*client/);
      expect(resultText).toMatch(/wasClean\s*true/);
      expect(resultText).toMatch(/4001/);
      await shot(page, 'closed');

      expect(dialogs).toHaveLength(0);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'the messages view lists each message with its direction and the message as it came: text as text (JSON too), binary as hex, compressed ones inflated',
    async () => {
      const json = '{"type":"join","room":"lobby","n":1}';
      const long = 'a compressed message, '.repeat(3);
      const s = await wsServer({ perMessageDeflate: { threshold: 0 } }, (ws) => {
        ws.on('message', (data: Buffer) => {
          if (data.toString('utf8') !== 'go') return;
          ws.send(json);
          ws.send(Buffer.from([0x00, 0xff, 0x10, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47]), { binary: true });
          ws.send(long);
        });
      });
      cleanup(() => s.close());
      const { page, pageErrors } = await openUi();
      await page.getByRole('button', { name: 'Options', exact: true }).click();
      await page.getByRole('checkbox', { name: 'permessage-deflate', exact: true }).check();
      await connect(page, s.url);
      await waitForStatus(page, 'Open');
      await sendMessage(page, 'go');
      await waitForRow(page, 'in', 'text', 'a compressed message');
      await page.getByRole('tab', { name: 'Messages', exact: true }).click();
      const items = page.getByRole('list', { name: 'Messages', exact: true }).getByRole('listitem');
      const item = (...texts: string[]) => texts.reduce((l, t) => l.filter({ hasText: t }), items);
      await item('in', json).waitFor();
      expect(await item('out', 'go').count()).toBe(1);
      expect(await item('in', json).count()).toBe(1);
      expect(await item('in', '00ff1041424344454647').count()).toBe(1);
      expect(await item('in', long).count()).toBe(1);
      // every message here came compressed: shown inflated, and marked so
      expect(await item('in', long).innerText()).toMatch(/inflated/);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'with Auto-pong off, a ping from the server goes unanswered',
    async () => {
      const got = { pongs: [] as string[], pongsAtCheck: null as string[] | null };
      const s = await server((ws) => {
        ws.on('pong', (d) => got.pongs.push(d.toString('utf8')));
        ws.on('message', (data: Buffer) => {
          const m = data.toString('utf8');
          if (m === 'go') ws.ping('manual-ping');
          // TCP keeps order: a pong the client sent on receiving the ping would be here already
          if (m === 'check') got.pongsAtCheck = [...got.pongs];
        });
        ws.ping('auto-ping');
      });
      const { page, pageErrors } = await openUi();
      await connect(page, s.url);
      await waitForStatus(page, 'Open');

      // with auto-pong on (the default), the first ping is answered
      const autoPong = page.getByRole('checkbox', { name: 'Auto-pong', exact: true });
      expect(await autoPong.isChecked()).toBe(true);
      await waitForRow(page, 'in', 'ping', 'auto-ping');
      await waitForRow(page, 'out', 'pong', 'auto-ping');
      await until('the server got the automatic pong', () => got.pongs).toEqual(['auto-ping']);

      await autoPong.uncheck();
      expect(await autoPong.isChecked()).toBe(false);
      // calls reach the session in order: auto-pong is off before "go" is sent
      await sendMessage(page, 'go');
      await waitForRow(page, 'in', 'ping', 'manual-ping');
      await sendMessage(page, 'check');
      await waitForRow(page, 'out', 'text', 'check');
      await until('the server got "check"', () => got.pongsAtCheck).not.toBeNull();
      expect(got.pongsAtCheck).toEqual(['auto-ping']);
      expect((await shownRows(page)).filter((r) => r.dir === 'out' && r.opcode === 'pong').map((r) => r.text)).toHaveLength(1);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'shows a failed upgrade with its HTTP status and the start of the body',
    async () => {
      const body = 'nope: forbidden';
      const s = await rawServer((socket) => {
        socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
      });
      cleanup(() => s.close());
      const { page, pageErrors } = await openUi();
      await connect(page, `ws://127.0.0.1:${s.port}/`);
      await waitForStatus(page, 'Closed');
      await page.getByText(body).first().waitFor();
      await page.getByText(/\b403\b/).first().waitFor();
      // shown in the connection's view, whatever side panel is open
      expect(await page.getByText(body).first().isVisible()).toBe(true);
      expect(await page.getByText(/\b403\b/).first().isVisible()).toBe(true);
      // no frames crossed; the refusal itself is a row of the log (issue 10). The row comes with the
      // log's next push, which on a busy machine can land after the status banner shows the error.
      await expect.poll(async () => (await shownRows(page)).length, { timeout: 30_000 }).toBe(1);
      const rows = await shownRows(page);
      expect(rows[0]).toMatchObject({ dir: '?', opcode: '?' });
      expect(rows[0].text).toMatch(/WS_ERR_HANDSHAKE_STATUS.*403 Forbidden/);
      expect(s.connections).toBe(1);
      await shot(page, 'failed-upgrade');
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'keeps markup in payloads inert: text in the log and the inspector, no dialog, no injected element',
    async () => {
      const IMG = '<img src=x onerror=alert(1)>';
      const SCRIPT = '<script>window.__pwned=1</script>';
      const json = JSON.stringify({ html: IMG, script: SCRIPT, list: [IMG] });
      const s = await server((ws) => {
        ws.send(IMG);
        ws.send(SCRIPT);
        ws.send(json);
      });
      const { page, dialogs, pageErrors } = await openUi();
      await connect(page, s.url);
      await waitForStatus(page, 'Open');
      await waitForRow(page, 'in', 'text', IMG);
      await waitForRow(page, 'in', 'text', SCRIPT);
      await waitForRow(page, 'in', 'text', '{"html":');

      const panel = page.getByRole('tabpanel', { name: 'Inspector', exact: true });
      const view = (name: string) => page.getByRole('button', { name: `${name} view`, exact: true });
      for (const payload of [IMG, SCRIPT]) {
        await rowWith(page, payload).filter({ hasNotText: '{"html"' }).first().click();
        await view('Text').click();
        await panel.getByText(payload, { exact: true }).waitFor();
      }

      await rowWith(page, '{"html":').first().click();
      await view('Text').click();
      await panel.getByText(json, { exact: true }).waitFor();
      await view('JSON').click();
      // pretty-printed: only the JSON view has `"html": "` with a space
      await panel.getByText(`"html": ${JSON.stringify(IMG)}`).first().waitFor();
      expect(await panel.innerText()).toContain(`"script": ${JSON.stringify(SCRIPT)}`);
      await view('Tree').click();
      expect(await view('Tree').getAttribute('aria-pressed')).toBe('true');
      await panel.getByText(JSON.stringify(IMG)).first().waitFor();
      const treeText = await panel.innerText();
      expect(treeText).toContain(JSON.stringify(SCRIPT));
      expect(treeText).not.toContain(`"html": ${JSON.stringify(IMG)},`); // not the JSON view's text
      await shot(page, 'xss');

      // nothing ran and nothing was injected
      expect(dialogs).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
      expect(await page.locator('img[src="x"], img[onerror]').count()).toBe(0);
      expect(await page.evaluate(() => Array.from(document.scripts).filter((el) => el.textContent?.includes('__pwned')).length)).toBe(0);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'filters the frame log by text, direction and opcode',
    async () => {
      const received: string[] = [];
      const s = await server((ws) => {
        ws.on('message', (d: Buffer) => received.push(d.toString('utf8')));
        ws.send('alpha from server');
        ws.send('beta from server');
        ws.send(Buffer.from([0xca, 0xfe, 0x00, 0x01]));
      });
      const { page, pageErrors } = await openUi();
      await connect(page, s.url);
      await waitForStatus(page, 'Open');
      await waitForRow(page, 'in', 'binary', 'cafe0001');
      await sendMessage(page, 'alpha from client');
      await page.getByRole('button', { name: 'Ping', exact: true }).click();
      await waitForRow(page, 'in', 'pong', '');
      await until('the server got the text', () => received).toEqual(['alpha from client']);

      const summary = async () => (await shownRows(page)).map((r) => `${r.dir} ${r.opcode}${/from|cafe/.test(r.text) ? ` ${/alpha from server|beta from server|alpha from client|cafe0001/.exec(r.text)?.[0]}` : ''}`);
      const shows = (expected: string[]) => expect.poll(summary, { timeout: WAIT }).toEqual(expected);
      const all = ['in text alpha from server', 'in text beta from server', 'in binary cafe0001', 'out text alpha from client', 'out ping', 'in pong'];
      await shows(all);

      const filter = page.getByRole('textbox', { name: 'Filter text', exact: true });
      const direction = page.getByRole('combobox', { name: 'Direction', exact: true });
      const opcode = page.getByRole('combobox', { name: 'Opcode', exact: true });

      await filter.fill('alpha');
      await shows(['in text alpha from server', 'out text alpha from client']);
      await direction.selectOption('out');
      await shows(['out text alpha from client']);
      await direction.selectOption('in');
      await shows(['in text alpha from server']);
      await shot(page, 'filtered');

      await filter.fill('');
      await shows(['in text alpha from server', 'in text beta from server', 'in binary cafe0001', 'in pong']);
      await opcode.selectOption('binary');
      await shows(['in binary cafe0001']);
      await direction.selectOption('all');
      await opcode.selectOption('control');
      await shows(['out ping', 'in pong']);
      await opcode.selectOption('text');
      await shows(['in text alpha from server', 'in text beta from server', 'out text alpha from client']);
      await opcode.selectOption('all');
      await shows(all);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );
  it(
    'power tools: a raw frame in 3 crafted fragments, reconnect continuing the log, and tabs with their own logs',
    async () => {
      const received: string[] = [];
      const echo = await server((ws) => ws.on('message', (data: Buffer) => received.push(data.toString('utf8'))));
      const { page, pageErrors } = await openUi();
      await connect(page, echo.url);
      await waitForStatus(page, 'Open');

      await page.getByRole('tab', { name: 'Raw frame', exact: true }).click();
      await page.getByRole('textbox', { name: 'Raw payload', exact: true }).fill('abc-def-ghi');
      await page.getByRole('textbox', { name: 'Raw fragments', exact: true }).fill('3');
      await page.getByRole('button', { name: 'Send frame', exact: true }).click();
      // ws reassembles the three frames into the one message
      await until('the server got the fragmented message', () => received).toEqual(['abc-def-ghi']);
      await waitForRow(page, 'out', 'text', 'abc-');
      await waitForRow(page, 'out', 'continuation', 'def-');
      await waitForRow(page, 'out', 'continuation', 'ghi');
      const crafted = (await shownRows(page)).filter((r) => r.dir === 'out' && r.text.includes('crafted'));
      expect(crafted).toHaveLength(3);

      await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
      await waitForStatus(page, 'Closed');
      await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
      await waitForStatus(page, 'Open');
      await expect.poll(async () => (await framesTable(page).getByRole('row').allTextContents()).some((t) => /reconnect #1 \(manual\)/.test(t)), { timeout: WAIT }).toBe(true);
      // the first connection's rows are still in the same log
      await waitForRow(page, 'out', 'text', 'abc-');

      // a close code and reason typed in one tab stay with it
      const closeCode = page.getByRole('textbox', { name: 'Close code', exact: true });
      const closeReason = page.getByRole('textbox', { name: 'Close reason', exact: true });
      await closeCode.fill('4001');
      await closeReason.fill('bye for now');

      await page.getByRole('button', { name: 'New tab', exact: true }).click();
      await expect.poll(async () => (await shownRows(page)).length, { timeout: WAIT }).toBe(0);
      await expect(status(page).textContent()).resolves.toContain('Closed');
      expect([await closeCode.inputValue(), await closeReason.inputValue()]).toEqual(['1000', '']);
      await page.getByRole('tab').filter({ hasText: new URL(echo.url).host }).first().click();
      await waitForStatus(page, 'Open');
      await waitForRow(page, 'out', 'text', 'abc-');
      expect([await closeCode.inputValue(), await closeReason.inputValue()]).toEqual(['4001', 'bye for now']);

      // the Message editor takes fill() and clicks like a plain textbox, and a sent draft clears
      await page.getByRole('tab', { name: 'Compose', exact: true }).click();
      const editor = page.getByRole('textbox', { name: 'Message', exact: true });
      const historySize = async () => Number(/\((\d+)\)/.exec((await page.locator('details.history summary').allTextContents())[0] ?? '')?.[1] ?? 0);
      for (const text of ['first fill', 'second fill']) {
        await editor.fill(text);
        const send = page.getByRole('button', { name: 'Send', exact: true });
        await expect.poll(() => send.isEnabled(), { timeout: WAIT }).toBe(true);
        const sentBefore = await historySize();
        await send.click();
        await until(`the server got "${text}"`, () => received.at(-1)).toBe(text);
        // The server has it before the page hears back; the draft clears once the page has (the history shows it).
        await until(`"${text}" in the history`, historySize).toBe(sentBefore + 1);
      }
      await editor.click();
      await page.keyboard.type('typed');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await until('the server got the typed text', () => received.at(-1)).toBe('typed');
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'a draft typed while the last send is on its way stays in the editor; a sent one comes back with Ctrl+Z or from the history',
    async () => {
      const received: string[] = [];
      const echo = await server((ws) => ws.on('message', (data: Buffer) => received.push(data.toString('utf8'))));
      // the page's IPC socket is routed so the answer to the first session.send can be held back
      let release = () => {};
      const held = new Promise<void>((r) => (release = r));
      const { page, pageErrors } = await openUi(async (p) => {
        await p.routeWebSocket(/\/ipc\?/, (ws) => {
          const toServer = ws.connectToServer();
          let sendCall: number | null = null;
          ws.onMessage((m) => {
            const msg = JSON.parse(String(m)) as { id: number; call: string };
            if (msg.call === 'session.send') sendCall ??= msg.id;
            toServer.send(m);
          });
          toServer.onMessage((m) => {
            const id = (JSON.parse(String(m)) as { id?: number }).id;
            if (id !== undefined && id === sendCall) void held.then(() => ws.send(m));
            else ws.send(m);
          });
        });
      });
      await connect(page, echo.url);
      await waitForStatus(page, 'Open');
      const editor = page.getByRole('textbox', { name: 'Message', exact: true });
      const send = page.getByRole('button', { name: 'Send', exact: true });
      await editor.fill('first');
      await until('Send is enabled', () => send.isEnabled()).toBe(true);
      await send.click();
      await until('the server got the first', () => received).toEqual(['first']);
      // replaced as a person would (fill() on Monaco's textarea types at the cursor)
      await typeMessage(page, 'second');
      release();
      // the first send has come back to the page once it is in the history
      await page.getByText('History (1)', { exact: true }).waitFor();
      await send.click();
      await until('the server got the second, whole', () => received).toEqual(['first', 'second']);
      await until('the sent draft clears', () => composerText(page)).toBe('');
      await editor.focus();
      await page.keyboard.press('ControlOrMeta+Z');
      await until('undo brings the sent draft back', () => composerText(page)).toBe('second');
      await page.getByText('History (2)', { exact: true }).click();
      await page.getByRole('list', { name: 'Sent history' }).getByRole('button', { name: 'text: first', exact: true }).click();
      await until('the history puts the first in its place', () => composerText(page)).toBe('first');
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
