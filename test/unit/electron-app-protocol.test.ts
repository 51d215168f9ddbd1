/**
 * app://framescope/ requests mapped to the built renderer's files (Electron
 * is not launched): the files under the root and nothing outside it, with
 * the strict CSP on every answer.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_CSP, APP_URL, appResponse, isAppUrl } from '../../electron/window/app-protocol.js';

let base = '';
let root = '';
beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'framescope-app-'));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Framescope</title>');
  await writeFile(path.join(root, 'assets', 'index.js'), 'console.log(1)');
  await writeFile(path.join(base, 'secret.txt'), 'not for the page');
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe('the app:// protocol mapping (Electron is not launched)', () => {
  it('serves the page at the root with the strict CSP', async () => {
    const r = await appResponse(root, APP_URL, 'GET');
    expect(r.status).toBe(200);
    expect(String(r.body)).toContain('<title>Framescope</title>');
    expect(r.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(r.headers['Content-Security-Policy']).toBe(APP_CSP);
  });

  it('has a CSP that Monaco works under and that allows no remote or inline script', () => {
    const directives = new Map(APP_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)] as const));
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(directives.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('serves bundle files with their type', async () => {
    const r = await appResponse(root, 'app://framescope/assets/index.js', 'GET');
    expect(r.status).toBe(200);
    expect(r.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(r.headers['X-Content-Type-Options']).toBe('nosniff');
  });

  it('sends the CSP with every answer, not only the page: scripts, refusals, HEAD', async () => {
    const answers = await Promise.all([
      appResponse(root, 'app://framescope/assets/index.js', 'GET'),
      appResponse(root, 'app://framescope/missing.js', 'GET'),
      appResponse(root, 'app://elsewhere/', 'GET'),
      appResponse(root, APP_URL, 'POST'),
      appResponse(root, APP_URL, 'HEAD'),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 404, 404, 405, 200]);
    for (const r of answers) expect(r.headers).toMatchObject({ 'Content-Security-Policy': APP_CSP, 'X-Content-Type-Options': 'nosniff' });
  });

  it.each([
    'app://framescope/../secret.txt',
    'app://framescope/%2e%2e/secret.txt',
    'app://framescope/..%2fsecret.txt',
    'app://framescope/..%5csecret.txt',
    'app://framescope/assets/%2e%2e/%2e%2e/secret.txt',
    'app://framescope/%2fetc%2fpasswd',
  ])('refuses path traversal: %s', async (url) => {
    const r = await appResponse(root, url, 'GET');
    expect(r.status).toBe(404);
    expect(String(r.body)).not.toContain('not for the page');
  });

  it('answers only the app host and only GET and HEAD', async () => {
    expect((await appResponse(root, 'app://elsewhere/index.html', 'GET')).status).toBe(404);
    expect((await appResponse(root, APP_URL, 'POST')).status).toBe(405);
    const head = await appResponse(root, APP_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('knows the app origin from any other', () => {
    expect(isAppUrl('app://framescope/index.html')).toBe(true);
    expect(isAppUrl('app://framescope.evil/')).toBe(false);
    expect(isAppUrl('app://user@framescope/')).toBe(false);
    expect(isAppUrl('file:///index.html')).toBe(false);
    expect(isAppUrl('https://framescope/')).toBe(false);
  });
});
