/**
 * Folders and files without permission. Root reads and writes whatever the
 * mode bits say, so when the tests run as root the service runs in a child
 * process as `nobody` (uid 65534), for whom chmod 000 holds; otherwise as
 * the current user. Each case gets a message naming the path and the
 * problem, and no file is overwritten. The child runs a world-readable copy
 * of the built service, since nobody may not reach the checkout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { chmod, chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROFILES_DIR, WORKSPACE_FILE } from '../../shared/workspace.js';
import { copyForAnotherUser } from '../support/copy-for-another-user.js';
import { ensureBuilt } from '../support/processes.js';
import { removeTempDirs, tempDir } from '../support/workspace-harness.js';

const AS_ROOT = process.getuid?.() === 0;
const NOBODY = 65534;
const CALLS_SCRIPT = 'test/support/workspace-calls.mjs';
// The script can be copied where nobody reaches it, the Node.js binary running the tests cannot (say, under /root/.nvm).
const nodeRunsAsNobody = !AS_ROOT || spawnSync(process.execPath, ['--version'], { uid: NOBODY, gid: NOBODY }).status === 0;

type Result = { ok: true; output: any } | { ok: false; code: string; message: string };

/** Runs the calls in a child process as the unprivileged user. */
function runCalls(dataDir: string, calls: [string, unknown][]): Promise<Result[]> {
  return new Promise((resolve, reject) => {
    const ids = AS_ROOT ? { uid: NOBODY, gid: NOBODY } : {};
    execFile(process.execPath, [callsScript, dataDir, JSON.stringify(calls)], { ...ids, cwd: '/' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

/** A folder the unprivileged user owns, inside a temp folder it can reach. */
async function ownedDir(base: string, name: string): Promise<string> {
  const d = path.join(base, name);
  await mkdir(d, { recursive: true });
  if (AS_ROOT) await chown(d, NOBODY, NOBODY);
  return d;
}

const profileText = (id: string, name: string) =>
  JSON.stringify({ formatVersion: 1, id, name, settings: { url: 'ws://x/' }, messages: [], variables: {} }, null, 2) + '\n';

let base = '';
let dataDir = '';
let callsScript = '';
beforeAll(async () => {
  ensureBuilt();
  const copy = await tempDir('framescope-perm-code-');
  await copyForAnotherUser(copy, [CALLS_SCRIPT]);
  callsScript = path.join(copy, CALLS_SCRIPT);
  base = await tempDir('framescope-perm-');
  await chmod(base, 0o755);
  dataDir = await ownedDir(base, 'data');
});
afterAll(async () => {
  // give root's cleanup its way back in
  await chmod(path.join(base, 'locked'), 0o755).catch(() => {});
  await removeTempDirs();
});

const who = AS_ROOT ? 'nobody, started by root' : 'the current user';
describe.skipIf(!nodeRunsAsNobody)(`folders and files without permission (as ${who}; skipped where nobody cannot run ${process.execPath})`, () => {
  it('workspace.open refuses a folder it cannot read and write, and one it cannot reach', async () => {
    const locked = await ownedDir(base, 'locked');
    await chmod(locked, 0o000);
    const [noAccess, below] = await runCalls(dataDir, [
      ['workspace.open', { path: locked }],
      ['workspace.open', { path: path.join(locked, 'inner'), create: true }],
    ]);
    expect(noAccess).toMatchObject({ ok: false, code: 'INVALID_PATH', message: expect.stringMatching(new RegExp(`cannot read and write in ${locked}: permission denied`)) });
    expect(below).toMatchObject({ ok: false, code: 'INVALID_PATH', message: expect.stringMatching(/cannot be reached: permission denied/) });
  });

  it('an unreadable profiles folder or profile file is reported by name; the rest loads; nothing is written over', async () => {
    const root = await ownedDir(base, 'ws');
    await writeFile(path.join(root, WORKSPACE_FILE), JSON.stringify({ formatVersion: 1, name: 'W' }) + '\n');
    const profiles = await ownedDir(root, PROFILES_DIR);
    const good = profileText('3b241101-e2bb-4255-8caf-4136c566a962', 'Good');
    const hidden = profileText('a3bb189e-8bf9-4888-9912-ace4e6543002', 'Hidden');
    await writeFile(path.join(profiles, 'good.json'), good);
    await writeFile(path.join(profiles, 'hidden.json'), hidden);
    if (AS_ROOT) for (const f of [WORKSPACE_FILE]) await chown(path.join(root, f), NOBODY, NOBODY);
    await chmod(path.join(profiles, 'hidden.json'), 0o000);

    const [opened] = await runCalls(dataDir, [['workspace.open', { path: root }]]);
    expect(opened.ok).toBe(true);
    const view = (opened as { output: any }).output.workspace;
    expect(view.profiles.map((p: { name: string }) => p.name)).toEqual(['Good']);
    expect(view.problems).toEqual([{ file: `${PROFILES_DIR}/hidden.json`, field: null, message: 'cannot be read (EACCES)' }]);

    await chmod(profiles, 0o000);
    const [again, save] = await runCalls(dataDir, [
      ['workspace.open', { path: root }],
      ['profiles.save', { profile: { name: 'New', settings: { url: 'ws://y/' } } }],
    ]);
    expect(again.ok).toBe(true);
    expect((again as { output: any }).output.workspace.problems).toEqual([
      { file: PROFILES_DIR, field: null, message: expect.stringMatching(/the folder cannot be read \(EACCES\)/) },
    ]);
    expect(save).toMatchObject({ ok: false, code: 'FILE_PROBLEM', message: expect.stringContaining(PROFILES_DIR) });
    await chmod(profiles, 0o755);
    await chmod(path.join(profiles, 'hidden.json'), 0o644);
    expect(await readFile(path.join(profiles, 'good.json'), 'utf8')).toBe(good);
    expect(await readFile(path.join(profiles, 'hidden.json'), 'utf8')).toBe(hidden);
  });

  it('a workspace folder that became read-only: the save fails with a message and the file is unchanged', async () => {
    const root = await ownedDir(base, 'readonly');
    const [made, saved] = await runCalls(dataDir, [
      ['workspace.open', { path: root, create: true }],
      ['profiles.save', { profile: { name: 'Mine', settings: { url: 'ws://x/' } } }],
    ]);
    expect(made.ok && saved.ok).toBe(true);
    const id = (saved as { output: any }).output.profile.id;
    const file = path.join(root, PROFILES_DIR, 'mine.json');
    const before = await readFile(file, 'utf8');
    await chmod(path.join(root, PROFILES_DIR), 0o555);
    const [, edit] = await runCalls(dataDir, [
      ['workspace.open', { path: root }],
      ['profiles.save', { profile: { ...(saved as { output: any }).output.profile, settings: { url: 'ws://changed/' } } }],
    ]);
    await chmod(path.join(root, PROFILES_DIR), 0o755);
    expect(edit).toMatchObject({ ok: false, code: 'WRITE_FAILED', message: expect.stringMatching(new RegExp(`cannot save ${PROFILES_DIR}/mine.json \\(EACCES\\); the file on disk is unchanged`)) });
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(id).toBeTruthy();
  });
});
