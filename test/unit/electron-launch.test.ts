/**
 * `npm start`'s launcher: how it finds Electron's binary without loading the
 * `electron` package (which would download it), and, where the binary is
 * missing (as on these machines), the one-line notice and browser mode in its
 * place; and npm install's step that downloads the binary. Electron is never
 * launched: the run test is skipped wherever a binary is installed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { on, once } from 'node:events';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { findElectron } from '../../electron/launch/find-electron.js';

const LAUNCHER = fileURLToPath(new URL('../../dist/electron/launch.js', import.meta.url));
const CLI = fileURLToPath(new URL('../../dist/electron/cli.js', import.meta.url));
const INSTALL = fileURLToPath(new URL('../../dist/electron/launch/install-electron.js', import.meta.url));

let base = '';
beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'framescope-launch-'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

/** A folder shaped like the installed `electron` package: path.txt, and dist/ with the binary if `withBinary`. */
async function electronPackage(name: string, o: { pathTxt?: string; withBinary?: boolean }): Promise<string> {
  const dir = path.join(base, name);
  await mkdir(path.join(dir, 'dist'), { recursive: true });
  if (o.pathTxt !== undefined) await writeFile(path.join(dir, 'path.txt'), o.pathTxt);
  if (o.withBinary) {
    await writeFile(path.join(dir, 'dist', 'electron'), '#!/bin/sh\n');
    await chmod(path.join(dir, 'dist', 'electron'), 0o755);
  }
  return dir;
}

describe('finding Electron (the package is read, never loaded)', () => {
  it('finds the binary that path.txt names under dist/', async () => {
    const dir = await electronPackage('installed', { pathTxt: 'electron', withBinary: true });
    expect(findElectron(dir, {})).toEqual({ path: path.join(dir, 'dist', 'electron') });
  });

  it('says the binary was never downloaded when there is no path.txt (Electron 42+ downloads on first load)', async () => {
    const dir = await electronPackage('fresh', {});
    expect(findElectron(dir, {})).toEqual({ missing: 'it was never downloaded; `npx install-electron` downloads it' });
  });

  it('names the file that path.txt promises and that is not there', async () => {
    const dir = await electronPackage('emptied', { pathTxt: 'electron' });
    expect(findElectron(dir, {})).toEqual({ missing: `no file at ${path.join(dir, 'dist', 'electron')}` });
  });

  it('looks under ELECTRON_OVERRIDE_DIST_PATH when it is set, as the package does', async () => {
    const fresh = await electronPackage('fresh-override', {});
    const dist = path.join(await electronPackage('elsewhere', { pathTxt: 'electron', withBinary: true }), 'dist');
    expect(findElectron(fresh, { ELECTRON_OVERRIDE_DIST_PATH: dist })).toEqual({ path: path.join(dist, 'electron') });
  });
});

describe("npm install's download of Electron's binary (the prepare script)", () => {
  /** Runs the step with downloads pointed at a closed port on loopback and a fresh cache: nothing can come from the network. */
  const install = (env: NodeJS.ProcessEnv) => {
    const clean = { ...process.env };
    delete clean.ELECTRON_SKIP_BINARY_DOWNLOAD;
    delete clean.ELECTRON_OVERRIDE_DIST_PATH;
    const r = spawnSync(process.execPath, [INSTALL], {
      env: { ...clean, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: path.join(base, 'electron-cache'), ...env },
      encoding: 'utf8',
    });
    return { status: r.status, output: r.stdout + r.stderr };
  };

  it('is skipped with ELECTRON_SKIP_BINARY_DOWNLOAD=1, as Electron\'s own install script was', () => {
    expect(install({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })).toEqual({ status: 0, output: '' });
  });

  it('is skipped when the binary is there', async () => {
    const dist = path.join(await electronPackage('present', { pathTxt: 'electron', withBinary: true }), 'dist');
    expect(install({ ELECTRON_OVERRIDE_DIST_PATH: dist })).toEqual({ status: 0, output: '' });
  });

  it.skipIf('path' in findElectron())("otherwise runs Electron's own download, whose failure fails the install", () => {
    const r = install({});
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/fetch failed|ECONNREFUSED/);
  });
});

/** workspace.get over browser mode's /ipc, as the page calls it. */
async function workspaceGet(pageUrl: string): Promise<{ path: string }> {
  const page = new URL(pageUrl);
  const ws = new WebSocket(`ws://${page.host}/ipc?token=${page.searchParams.get('token')}`, { origin: page.origin });
  try {
    await once(ws, 'open');
    ws.send(JSON.stringify({ id: 1, call: 'workspace.get', input: {} }));
    // pushes (workspace.changed) may come first
    for await (const [data] of on(ws, 'message')) {
      const message = JSON.parse(String(data));
      if (message.id !== 1) continue;
      expect(message).toMatchObject({ ok: true });
      return message.output.workspace;
    }
    throw new Error('the socket ended without an answer');
  } finally {
    ws.close();
  }
}

/** Starts `args` (the launcher or the CLI) with a fresh data folder; resolves once it prints the UI's URL. */
async function startUi(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const dataDir = await mkdtemp(path.join(base, 'data-'));
  const child = spawn(process.execPath, [...args, '--no-open', '--port', '0', '--data-dir', dataDir], { stdio: ['pipe', 'pipe', 'pipe'], env });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (code, signal) => resolve([code, signal])));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Framescope UI: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    void exited.then(([code, signal]) => reject(new Error(`exited (${code ?? signal}) before printing the URL: ${err}`)));
  });
  return { child, dataDir, url, exited, stderr: () => err };
}

describe('the npm start launcher (Electron is not launched)', () => {
  it.skipIf('path' in findElectron())('without the binary, says so in one line and starts browser mode on the given data folder', async () => {
    const env = { ...process.env };
    delete env.ELECTRON_OVERRIDE_DIST_PATH;
    const ui = await startUi([LAUNCHER], env);
    const page = await fetch(ui.url, { headers: { Connection: 'close' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect((await workspaceGet(ui.url)).path).toBe(path.join(ui.dataDir, 'workspaces', 'default'));

    ui.child.kill('SIGTERM');
    // The launcher passes the signal on and the server stops with it.
    expect(await ui.exited).toEqual([0, null]);
    expect(ui.stderr().trim().split('\n')).toEqual([expect.stringMatching(/^framescope: Electron's binary is missing \(.+\); starting browser mode instead$/)]);
  });
});

describe('framescope serve stopped by a signal', () => {
  const preload = (name: string) => ['--require', fileURLToPath(new URL(`../support/${name}`, import.meta.url))];

  // Each was a death by SIGTERM (the launcher's exit 1) once in a few runs under load.
  it('exits 0 on a SIGTERM that comes the moment the URL is printed', async () => {
    const ui = await startUi([...preload('pause-after-url.cjs'), CLI, 'serve']);
    ui.child.kill('SIGTERM');
    ui.child.stdin.end('go');
    expect(await ui.exited).toEqual([0, null]);
    expect(ui.stderr()).toBe('');
  });

  it("exits 0 on a SIGTERM that comes while a file write holds write-file-atomic's signal hook", async () => {
    const ui = await startUi([...preload('write-in-progress.cjs'), CLI, 'serve']);
    ui.child.kill('SIGTERM');
    expect(await ui.exited).toEqual([0, null]);
    expect(ui.stderr()).toBe('');
  });
});
