/**
 * `npm run dist` for Linux, as a user runs it (electron-builder's command
 * line with build/electron-builder.yml), building the `dir` and `deb`
 * targets without downloading anything:
 * - Electron is a stand-in distribution (the `electronDist` option) whose
 *   binary carries a fuse wire like the real one's;
 * - fpm, which turns the staged files into the .deb, is a stand-in that
 *   records electron-builder's request: electron-builder downloads fpm from
 *   GitHub and Debian 12 does not package it, so the package is checked as
 *   electron-builder hands it to fpm (control fields, files, .desktop entry);
 * - any other download would go to a closed port on loopback and fail the build.
 * The built app.asar is read with @electron/asar and the fuses with
 * @electron/fuses, the copies electron-builder itself uses.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronStandIn, STOCK_FUSES } from '../support/electron-stand-in.js';
import { packageName, productionPackagePaths } from '../support/production-packages.js';
import { ensureUiBuilt } from '../support/browser-ui.js';
import { ROOT } from '../support/processes.js';

const fromBuilder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
const asar = fromBuilder('@electron/asar') as typeof import('@electron/asar');
const fuses = fromBuilder('@electron/fuses') as typeof import('@electron/fuses');
const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
const electronVersion: string = createRequire(import.meta.url)('electron/package.json').version;
const FPM_STAND_IN = fileURLToPath(new URL('../support/fpm-stand-in.cjs', import.meta.url));
// Nothing listens there: a download attempt fails at once instead of waiting on the network.
const NOWHERE = 'http://127.0.0.1:9/';

interface FpmRequest {
  args: string[];
  desktopEntry: string | null;
}

let base = '';
let release = '';
let fpm: FpmRequest;
let entries: string[] = [];

beforeAll(async () => {
  ensureUiBuilt();
  base = await mkdtemp(path.join(os.tmpdir(), 'framescope-dist-'));
  release = path.join(base, 'release');
  const fpmPath = path.join(base, 'fpm');
  await writeFile(fpmPath, `#!/bin/sh\nexec '${process.execPath}' '${FPM_STAND_IN}' "$@"\n`);
  await chmod(fpmPath, 0o755);
  const record = path.join(base, 'fpm-request.json');
  const electronDist = await electronStandIn(path.join(base, 'electron-dist'), electronVersion);
  await run(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/electron-builder/cli.js'),
      ...['--config', 'build/electron-builder.yml', '--linux', 'dir', 'deb', '--publish', 'never'],
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${release}`,
    ],
    {
      ...process.env,
      CUSTOM_FPM_PATH: fpmPath,
      FRAMESCOPE_FPM_RECORD: record,
      ELECTRON_MIRROR: NOWHERE,
      ELECTRON_BUILDER_BINARIES_MIRROR: NOWHERE,
    },
  );
  fpm = JSON.parse(await readFile(record, 'utf8'));
  entries = asar.listPackage(path.join(release, 'linux-unpacked/resources/app.asar'), { isPack: false });
}, 300_000);
afterAll(() => rm(base, { recursive: true, force: true }));

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`electron-builder exited ${code}:\n${output}`))));
  });
}

/** The value after `flag` in fpm's arguments (the last, when repeated), and every value of a repeated one. */
const option = (flag: string) => fpm.args[fpm.args.lastIndexOf(flag) + 1];
const options = (flag: string) => fpm.args.flatMap((a, i) => (a === flag ? [fpm.args[i + 1]] : []));

describe('the app archive (app.asar) of `--linux dir`', () => {
  it('holds the main process, the shared code, the bundled preload and the renderer bundle', () => {
    expect(entries).toEqual(expect.arrayContaining(['/package.json', '/dist/electron/main.js', '/dist/electron/window/hardening.js', '/dist/shared/ipc/schemas.js', '/dist/preload/preload.cjs', '/dist/renderer/index.html']));
    const assets = entries.filter((e) => e.startsWith('/dist/renderer/assets/'));
    expect(assets.some((e) => /\/index-[\w-]+\.js$/.test(e))).toBe(true);
    expect(assets.some((e) => /\/editor\.worker-[\w-]+\.js$/.test(e))).toBe(true);
    expect(assets.some((e) => /\/json\.worker-[\w-]+\.js$/.test(e))).toBe(true);
  });

  it('holds nothing but package.json, the built dist/ folders and node_modules: no tests, no sources', () => {
    const outside = entries.filter((e) => !/^\/(package\.json|node_modules(\/.*)?|dist(\/(electron|shared|preload|renderer)(\/.*)?)?)$/.test(e));
    expect(outside).toEqual([]);
    expect(entries.filter((e) => /\.(ts|cts|mts|map)$/.test(e))).toEqual([]);
    expect(entries.filter((e) => /\/(test|tests|__tests__|benchmarks)(\/|$)/.test(e))).toEqual([]);
    // tsc's copy of the preload (the window loads the bundled one), and npm start's launcher and install step
    expect(entries.filter((e) => e === '/dist/electron/preload.js' || e.startsWith('/dist/electron/launch'))).toEqual([]);
  });

  it('holds exactly the production dependencies, none of the devDependencies', () => {
    const packed = new Set(entries.filter((e) => /^\/node_modules\/(@[^/]+\/)?[^/@]+$/.test(e)).map((e) => packageName(e.slice(1))));
    expect([...packed].sort()).toEqual([...new Set(productionPackagePaths().map(packageName))].sort());
    expect(Object.keys(pkg.devDependencies).filter((d) => packed.has(d))).toEqual([]);
  });

  it("has the project's package.json, naming the main process", async () => {
    const packed = JSON.parse(asar.extractFile(path.join(release, 'linux-unpacked/resources/app.asar'), 'package.json').toString());
    expect(packed).toMatchObject({ name: 'framescope', version: pkg.version, main: 'dist/electron/main.js', desktopName: 'framescope.desktop' });
  });
});

describe('the fuses, flipped by electron-builder in the stand-in binary (the real one cannot be downloaded here)', () => {
  it('no run-as-node, NODE_OPTIONS or --inspect; cookie encryption, asar only, asar integrity; no file:// privileges', async () => {
    const wire = await fuses.getCurrentFuseWire(path.join(release, 'linux-unpacked/framescope'));
    const state = Object.fromEntries(STOCK_FUSES.map(([name], i) => [name, String.fromCharCode(wire[i as keyof typeof wire] as number)]));
    expect(state).toEqual({
      RunAsNode: '0',
      EnableCookieEncryption: '1',
      EnableNodeOptionsEnvironmentVariable: '0',
      EnableNodeCliInspectArguments: '0',
      EnableEmbeddedAsarIntegrityValidation: '1',
      OnlyLoadAppFromAsar: '1',
      // not configured: left as Electron ships it
      LoadBrowserProcessSpecificV8Snapshot: '0',
      GrantFileProtocolExtraPrivileges: '0',
    });
  });
});

describe('the deb, as electron-builder asks fpm for it (fpm is a download from GitHub, not in Debian 12)', () => {
  it('control fields: package name, version, maintainer, homepage, dependencies', () => {
    expect(option('-t')).toBe('deb');
    expect(option('--name')).toBe('framescope');
    expect(option('--version')).toBe(pkg.version);
    expect(option('--maintainer')).toBe(`${pkg.author.name} <${pkg.author.email}>`);
    expect(option('--maintainer')).toMatch(/^[^<>]+ <[^@<>\s]+@[^@<>\s]+\.[a-z]+>$/);
    expect(option('--url')).toBe(pkg.homepage);
    expect(option('--license')).toBe('MIT');
    expect(option('--architecture')).toBe('amd64');
    expect(option('--description').split('\n')).toEqual(['WebSocket debugger', ` ${pkg.description}`]);
    expect(options('-d')).toEqual(expect.arrayContaining(['libgtk-3-0', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0']));
  });

  it('installs the unpacked app under /opt/Framescope, its icons, and its .desktop entry', () => {
    const files = Object.fromEntries(fpm.args.filter((a) => /^\/.*=\//.test(a)).map((a) => [a.slice(a.lastIndexOf('=/') + 1), a.slice(0, a.lastIndexOf('=/'))]));
    expect(files['/opt/Framescope']).toBe(path.join(release, 'linux-unpacked') + '/');
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(['/usr/share/icons/hicolor/256x256/apps/framescope.png', '/usr/share/icons/hicolor/512x512/apps/framescope.png', '/usr/share/applications/framescope.desktop']),
    );
  });

  it('the .desktop entry starts the app from the menu and matches its window', () => {
    const entry = Object.fromEntries(
      fpm.desktopEntry!.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(fpm.desktopEntry!.split('\n')[0]).toBe('[Desktop Entry]');
    expect(entry).toMatchObject({
      Name: 'Framescope',
      Type: 'Application',
      Exec: expect.stringMatching(/^"?\/opt\/Framescope\/framescope"? %U$/),
      Icon: 'framescope',
      Categories: 'Development;',
      Comment: pkg.description,
      // Electron's app_id / WM_CLASS, from package.json's desktopName
      StartupWMClass: 'framescope',
    });
  });
});
