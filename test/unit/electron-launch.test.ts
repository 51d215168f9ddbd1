/**
 * `npm start`'s launcher: how it finds Electron's binary, and, where the
 * binary is missing (as on these machines), the one-line notice and browser
 * mode in its place. It never launches Electron: the run test is skipped
 * wherever a binary is installed.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findElectron } from '../../electron/launch/find-electron.js';

const LAUNCHER = fileURLToPath(new URL('../../dist/electron/launch.js', import.meta.url));

describe('the npm start launcher (Electron is not launched)', () => {
  it('finds the binary the electron package names, and says why there is none', () => {
    expect(findElectron(() => process.execPath)).toEqual({ path: process.execPath });
    expect(findElectron(() => '/nowhere/electron')).toEqual({ missing: 'no file at /nowhere/electron' });
    expect(
      findElectron(() => {
        throw new Error('Electron failed to install correctly, please delete node_modules/electron and try installing again\nmore');
      }),
    ).toEqual({ missing: 'Electron failed to install correctly, please delete node_modules/electron and try installing again' });
  });

  it.skipIf('path' in findElectron())('without the binary, says so in one line and starts browser mode, printing its URL', async () => {
    const child = spawn(process.execPath, [LAUNCHER, '--no-open', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = /Framescope UI: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`launcher exited (${code}): ${err}`)));
    });
    expect(err.trim().split('\n')).toEqual([expect.stringMatching(/^framescope: Electron's binary is missing \(.+\); starting browser mode instead$/)]);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    // The launcher passes the signal on and the server stops with it.
    expect(await exited).toBe(0);
  });
});
