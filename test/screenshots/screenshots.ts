/**
 * `npm run screenshots`: the README's pictures, taken the way the e2e tests
 * drive the UI (not part of `npm test`).
 *
 * Seeds a workspace (two environments, three profiles with saved messages),
 * starts `framescope serve` on it and two local `ws` servers (a chat-like
 * one that speaks JSON, fragments a message, compresses and pings; and one
 * that answers a close), then drives the served UI in Debian's Chromium
 * (playwright-core, never a browser download) at 1440x900 by accessible
 * names, as a person would: connect from a profile, send, pick a row, switch
 * views, close with a code. Each screen is taken in light and dark (the same
 * page, its colour scheme switched) into docs/screenshots/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { WebSocketServer, type WebSocket } from 'ws';
import { wsText } from '../../electron/host/ws-text.js';

// dist/test/screenshots/screenshots.js -> the repository root
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const OUT = join(ROOT, 'docs', 'screenshots');
const VIEWPORT = { width: 1440, height: 900 };
const WAIT = 30_000;
/** Resolves in the page once two frames were drawn (the page's code, as text: this file is not compiled with the DOM's types). */
const TWO_FRAMES = 'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))';

async function main(): Promise<void> {
  const chat = await wsServer({ perMessageDeflate: { threshold: 64 } }, chatPeer);
  const closer = await wsServer({}, (ws) => ws.on('message', (d) => ws.send(`ack ${wsText(d)}`)));
  const dataDir = mkdtempSync(join(tmpdir(), 'framescope-shots-'));
  seedWorkspace(join(dataDir, 'workspaces', 'default'), chat.port, closer.port);
  const serve = await startServe(dataDir);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    page.setDefaultTimeout(WAIT);
    // the pictures show the workbench in use, not the first-run hint
    await page.addInitScript("localStorage.setItem('framescope-first-run-done', 'true')");
    await page.goto(serve.url);
    await page.getByRole('textbox', { name: 'URL', exact: true }).waitFor();
    mkdirSync(OUT, { recursive: true });

    // the frames view: a conversation with JSON, a fragmented message, compression and a ping
    await page.getByRole('button', { name: 'Connect from Chat (local)', exact: true }).click();
    await status(page, 'Open');
    await typeMessage(page, '{"type":"join","room":"lobby"}');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const frames = page.getByRole('table', { name: 'Frames', exact: true }).getByRole('row');
    await frames.filter({ hasText: 'whole message' }).first().waitFor();
    await frames.filter({ hasText: 'history' }).first().waitFor();
    await typeMessage(page, '{\n  "type": "say",\n  "text": "hello from Framescope"\n}');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await frames.filter({ hasText: 'hello from Framescope' }).nth(1).waitFor();
    await page.getByRole('button', { name: 'Ping', exact: true }).click();
    await frames.filter({ hasText: 'rtt' }).first().waitFor();
    await frames.filter({ hasText: 'whole message' }).first().click();
    await shoot(page, 'frames-view');

    // the messages view: the same log as a conversation, a JSON message open in the inspector
    await page.getByRole('tab', { name: 'Messages', exact: true }).click();
    const messages = page.getByRole('list', { name: 'Messages', exact: true }).getByRole('listitem');
    await messages.filter({ hasText: 'snapshot' }).first().click();
    await shoot(page, 'messages-view');

    // the close lab: a second tab closed with a code and reason, its timeline and result
    await page.getByRole('button', { name: 'New tab', exact: true }).click();
    await page.getByRole('button', { name: 'Connect from Close lab', exact: true }).click();
    await status(page, 'Open');
    await page.getByRole('tab', { name: 'Frames', exact: true }).click();
    await typeMessage(page, 'about to close');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await frames.filter({ hasText: 'ack about to close' }).first().waitFor();
    await page.getByRole('textbox', { name: 'Close code', exact: true }).fill('4001');
    await page.getByRole('textbox', { name: 'Close reason', exact: true }).fill('bye for now');
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await status(page, 'Closed');
    await page.getByRole('list', { name: 'Timeline', exact: true }).getByText('closed', { exact: false }).first().waitFor();
    // room for the close controls, its timeline and its result: the inspector above them made as small as it goes
    await page.getByRole('separator', { name: 'Resize the inspector and the connection controls', exact: true }).focus();
    await page.keyboard.press('Home');
    await page.getByRole('list', { name: 'Timeline', exact: true }).scrollIntoViewIfNeeded();
    await frames.filter({ hasText: 'bye for now' }).first().click();
    await shoot(page, 'close-lab');

    // the profiles, last (the sidebar is widened for them): back on the chat tab, environments, profiles, one open with its saved messages
    await page.getByRole('tab', { name: 'Chat (local)', exact: true }).click();
    await status(page, 'Open');
    const chatItem = page.getByRole('list', { name: 'Profiles', exact: true }).getByRole('listitem').filter({ has: page.getByRole('button', { name: 'Chat (local)', exact: true }) });
    await chatItem.getByRole('button', { name: 'Chat (local)', exact: true }).click();
    await chatItem.getByRole('list', { name: 'Saved messages of Chat (local)', exact: true }).getByRole('listitem').first().waitFor();
    // a wider sidebar, as someone working with profiles would drag it
    await page.getByRole('separator', { name: 'Resize the sidebar', exact: true }).focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await shoot(page, 'profiles');
  } finally {
    await browser.close();
    await serve.stop();
    await chat.close();
    await closer.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Takes the page as it is in light and in dark. */
async function shoot(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    // two frames: the new colours painted, and the editor's theme switched with them
    await page.evaluate(TWO_FRAMES);
    const file = join(OUT, `${name}-${colorScheme}.png`);
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function status(page: Page, text: string): Promise<void> {
  await page.getByRole('status').filter({ hasText: text }).waitFor();
}

async function typeMessage(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message', exact: true }).focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
  const send = page.getByRole('button', { name: 'Send', exact: true });
  while (!(await send.isEnabled())) await page.evaluate(TWO_FRAMES);
}

/** A chat server: a welcome, a history snapshot in three fragments, a compressed list, pings, and an echo of what is said. */
function chatPeer(ws: WebSocket): void {
  ws.send(JSON.stringify({ type: 'welcome', server: 'chat-demo', version: '2.4.1' }));
  ws.on('message', (data, binary) => {
    const text = wsText(data);
    if (binary) return ws.send(data, { binary: true });
    const m = JSON.parse(text) as { type: string; room?: string; text?: string };
    if (m.type === 'join') {
      ws.send(JSON.stringify({ type: 'joined', room: m.room, members: 3 }));
      const snapshot = JSON.stringify({ type: 'snapshot', room: m.room, history: [{ from: 'ada', text: 'morning all' }, { from: 'lin', text: 'deploy is green' }, { from: 'sam', text: 'lunch at 12?' }] });
      const third = Math.ceil(snapshot.length / 3);
      ws.send(snapshot.slice(0, third), { fin: false, compress: false });
      ws.send(snapshot.slice(third, 2 * third), { fin: false, compress: false });
      ws.send(snapshot.slice(2 * third), { fin: true, compress: false });
      ws.send(JSON.stringify({ type: 'members', list: ['ada', 'lin', 'sam'].map((name, i) => ({ name, id: 1000 + i, status: 'online', since: '2024-05-01T09:00:00Z' })) }));
      ws.send(Buffer.from([0x82, 0xa4, 0x74, 0x79, 0x70, 0x65, 0xa4, 0x70, 0x69, 0x6e, 0x67]), { binary: true });
      ws.ping('hb-1');
    } else if (m.type === 'say') {
      ws.send(JSON.stringify({ type: 'said', from: 'you', text: m.text }));
    }
  });
}

/** A workspace as a team might commit it: two environments, three profiles, saved messages. */
function seedWorkspace(root: string, chatPort: number, closerPort: number): void {
  mkdirSync(join(root, 'profiles'), { recursive: true });
  const file = (rel: string, value: unknown) => writeFileSync(join(root, rel), JSON.stringify(value, null, 2) + '\n');
  file('framescope-workspace.json', {
    formatVersion: 1,
    name: 'Chat service',
    environments: [
      { name: 'local', variables: { host: '127.0.0.1', chatPort: String(chatPort), closerPort: String(closerPort) }, secrets: [] },
      { name: 'staging', variables: { host: 'chat.staging.example.com', chatPort: '443', closerPort: '443' }, secrets: ['token'] },
    ],
    activeEnvironment: 'local',
  });
  const profile = (id: string, name: string, url: string, extra: Record<string, unknown> = {}) =>
    file(`profiles/${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.json`, {
      formatVersion: 1,
      id,
      name,
      settings: { url, headers: [], subprotocols: [], ...((extra.settings as object) ?? {}) },
      messages: extra.messages ?? [],
      variables: extra.variables ?? {},
    });
  profile('5b0f3c1e-2f4a-4c61-9d1e-0a6b7c8d9e01', 'Chat (local)', 'ws://{{host}}:{{chatPort}}/chat?room={{room}}', {
    settings: { headers: [['X-Client', 'framescope']], deflate: true },
    messages: [
      { name: 'join', kind: 'text', text: '{"type":"join","room":"{{room}}"}' },
      { name: 'say hello', kind: 'text', text: '{"type":"say","text":"hello"}' },
      { name: 'binary probe', kind: 'binary', hex: '82a474797065a470696e67' },
    ],
    variables: { room: 'lobby' },
  });
  profile('5b0f3c1e-2f4a-4c61-9d1e-0a6b7c8d9e02', 'Close lab', 'ws://{{host}}:{{closerPort}}/close-lab');
  profile('5b0f3c1e-2f4a-4c61-9d1e-0a6b7c8d9e03', 'Market feed (staging)', 'wss://feed.staging.example.com/v2/stream', {
    settings: { headers: [['Authorization', 'Bearer {{token}}']], subprotocols: ['feed.v2'] },
    messages: [{ name: 'subscribe', kind: 'text', text: '{"op":"subscribe","channels":["trades"]}' }],
  });
}

async function wsServer(options: ConstructorParameters<typeof WebSocketServer>[0], onConnection: (ws: WebSocket) => void): Promise<{ port: number; close(): Promise<void> }> {
  const wss = new WebSocketServer({ ...options, host: '127.0.0.1', port: 0 });
  wss.on('connection', (ws) => {
    ws.on('error', () => {});
    onConnection(ws);
  });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  return {
    port: (wss.address() as { port: number }).port,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  };
}

async function startServe(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist/electron/cli.js'), 'serve', '--no-open', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const m = /^Framescope UI: (\S+)$/m.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`framescope serve exited (${code}) before printing its URL`)));
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

main().catch((e: Error) => {
  console.error(`screenshots: ${e.stack ?? e.message}`);
  process.exit(1);
});
