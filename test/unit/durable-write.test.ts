/**
 * Atomic writes: whole text or nothing, no temp file left, and the retry of
 * renames that Windows refuses for a moment (an antivirus holding the file).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { retryTransient, writeDurably } from '../../electron/files/durable-write.js';
import { slugify, uniqueStem } from '../../electron/workspace/slug.js';

let dir = '';
afterEach(() => rm(dir, { recursive: true, force: true }));

const failing = (codes: string[]) => {
  let calls = 0;
  const op = async () => {
    const code = codes[calls++];
    if (code) throw Object.assign(new Error(code), { code });
    return 'done';
  };
  return { op, calls: () => calls };
};

describe('writeDurably', () => {
  it('replaces the file whole and leaves no temp file beside it', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'framescope-dw-'));
    const file = path.join(dir, 'a.json');
    await writeFile(file, 'old\n');
    await writeDurably(file, 'new\n');
    expect(await readFile(file, 'utf8')).toBe('new\n');
    expect(await readdir(dir)).toEqual(['a.json']);
  });
});

describe('retryTransient', () => {
  it('retries EPERM, EBUSY and EACCES on Windows, then succeeds', async () => {
    const f = failing(['EPERM', 'EBUSY', 'EACCES']);
    expect(await retryTransient(f.op, 'win32', [1, 1, 1, 1])).toBe('done');
    expect(f.calls()).toBe(4);
  });

  it('gives up after the last delay, with the last error', async () => {
    const f = failing(['EBUSY', 'EBUSY', 'EBUSY']);
    await expect(retryTransient(f.op, 'win32', [1, 1])).rejects.toMatchObject({ code: 'EBUSY' });
    expect(f.calls()).toBe(3);
  });

  it('does not retry elsewhere, nor other errors', async () => {
    const linux = failing(['EACCES']);
    await expect(retryTransient(linux.op, 'linux', [1])).rejects.toMatchObject({ code: 'EACCES' });
    expect(linux.calls()).toBe(1);
    const full = failing(['ENOSPC']);
    await expect(retryTransient(full.op, 'win32', [1])).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(full.calls()).toBe(1);
  });
});

describe('profile file names', () => {
  it('follow the name, readable and safe on every system', () => {
    expect(slugify('Staging API (EU)')).toBe('staging-api-eu');
    expect(slugify('Café crème')).toBe('cafe-creme');
    expect(slugify('../../etc/passwd')).toBe('etc-passwd');
    expect(slugify('CON')).toBe('con-profile');
    expect(slugify('日本')).toBe('profile');
    expect(slugify('x'.repeat(100)).length).toBe(60);
  });

  it('never take a name already there, whatever its case', () => {
    expect(uniqueStem('echo', [])).toBe('echo');
    expect(uniqueStem('echo', ['Echo', 'echo-2'])).toBe('echo-3');
  });
});
