/**
 * Crash safety: a child process saves a profile, the environments and the
 * secrets in a loop and is killed with SIGKILL at a random moment, 200 times
 * (several children at a time, each on its own workspace). After every kill, each file parses and is, byte for
 * byte, either the old or the new version, and the workspace loads with no
 * problem. The child runs the built service (dist/), as the app does.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PROFILES_DIR, SECRETS_FILE, WORKSPACE_FILE } from '../../shared/workspace.js';
import { ensureBuilt, ROOT } from '../support/processes.js';
import { removeTempDirs, tempDir, WorkspaceHarness } from '../support/workspace-harness.js';

const KILLS = 200;
/** Each kill costs a Node start (~0.3 s of CPU): spread them over the cores there are. */
const PARALLEL = Math.min(8, Math.max(2, os.availableParallelism()));
const SAVE_LOOP = path.join(ROOT, 'test/support/save-loop.mjs');

afterAll(() => removeTempDirs());

/** One workspace, and every version its three files may hold, made by saving each version once in this process. */
async function prepare() {
  const dataDir = await tempDir('framescope-crash-');
  const h = new WorkspaceHarness({ dataDir });
  const root = (await h.call('workspace.get', {})).workspace.path;
  // big enough that a kill often lands while a file is being written
  const big = (c: string) => c.repeat(64 * 1024);
  const { profile } = await h.call('profiles.save', { profile: { name: 'Crash', settings: { url: 'ws://a/' }, messages: [{ name: 'm', kind: 'text', text: big('a') }] } });
  const profiles = [
    { ...profile, settings: { ...profile.settings, url: 'ws://b/' }, messages: [{ name: 'm', kind: 'text' as const, text: big('b') }] },
    { ...profile, settings: { ...profile.settings, url: 'ws://c/' }, messages: [{ name: 'm', kind: 'text' as const, text: big('c') }] },
  ];
  const environments = [1, 2].map((n) => ({
    environments: [{ name: 'dev', variables: { host: `host-${n}`, pad: big(String(n)) }, secrets: ['token'] }],
    activeEnvironment: 'dev',
    secretValues: { dev: { token: `token-${n}` } },
  }));
  const files = [`${PROFILES_DIR}/crash.json`, WORKSPACE_FILE, SECRETS_FILE];
  const allowed = new Map(files.map((f) => [f, new Set<string>()]));
  const record = async () => {
    for (const f of files) allowed.get(f)!.add(await readFile(path.join(root, f), 'utf8').catch(() => '<absent>'));
  };
  await record();
  for (let i = 0; i < 2; i++) {
    await h.call('profiles.save', { profile: profiles[i] });
    await h.call('workspace.saveEnvironments', environments[i]);
    await record();
  }
  await h.close();
  const versionsFile = path.join(dataDir, 'versions.json');
  await writeFile(versionsFile, JSON.stringify({ profiles, environments }));
  return { dataDir, root, versionsFile, allowed };
}

/** Starts the loop, kills it at a random moment once it is saving; resolves after it died. */
function runAndKill(dataDir: string, versionsFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SAVE_LOOP, dataDir, versionsFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), Math.random() * 40));
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the save loop ended by itself (${code}): ${stderr}`))));
  });
}

describe('crash safety', () => {
  it(`after each of ${KILLS} SIGKILLs mid-save, every file is whole: the old or the new version`, async () => {
    ensureBuilt();
    const workers = await Promise.all(Array.from({ length: PARALLEL }, prepare));
    const seen = new Map<string, Set<string>>();
    // write-file-atomic's temp files left by kills that landed mid-write
    const interrupted = new Set<string>();
    await Promise.all(
      workers.map(async (w) => {
        for (let k = 0; k < Math.ceil(KILLS / PARALLEL); k++) {
          await runAndKill(w.dataDir, w.versionsFile);
          for (const [file, versions] of w.allowed) {
            const text = await readFile(path.join(w.root, file), 'utf8');
            expect(() => JSON.parse(text), `${file} after kill ${k}`).not.toThrow();
            expect(versions.has(text), `${file} after kill ${k} is neither version`).toBe(true);
            if (!seen.has(file)) seen.set(file, new Set());
            seen.get(file)!.add(text);
          }
          for (const dir of [w.root, path.join(w.root, PROFILES_DIR)]) {
            for (const name of await readdir(dir)) if (/\.json\.\d+$/.test(name)) interrupted.add(path.join(dir, name));
          }
        }
      }),
    );
    // the kills landed at different points of the loop, some in the middle of a write
    for (const [file, texts] of seen) expect(texts.size, file).toBeGreaterThan(1);
    expect(interrupted.size).toBeGreaterThan(0);
    // and the workspace still loads with no problem (stray temp files of killed writes are ignored)
    for (const w of workers) {
      const h = new WorkspaceHarness({ dataDir: w.dataDir });
      const { workspace } = await h.call('workspace.get', {});
      await h.close();
      expect(workspace.problems).toEqual([]);
      expect(workspace.profiles.map((p) => p.name)).toEqual(['Crash']);
    }
  }, 240_000);
});
