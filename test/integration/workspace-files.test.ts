/**
 * The workspace on disk, through WorkspaceService's handlers, with real files
 * in temp folders: the default workspace, the file format (pretty JSON, one
 * file per profile, secrets beside them and git-ignored), round trips, a git
 * diff of one edit, bad files (each named with its field and problem, none
 * overwritten), changes made on disk (picked up and pushed), conflicts kept
 * and resolved both ways, and the path checks of workspace.open (those of
 * permissions are in workspace-permissions.test.ts, run as an unprivileged user).
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { calls, type CallName } from '../../shared/ipc/schemas.js';
import { PROFILES_DIR, SECRETS_FILE, WORKSPACE_FILE, type WorkspaceView } from '../../shared/workspace.js';
import { tempDir, workspacesForEachTest, type WorkspaceHarness } from '../support/workspace-harness.js';
import { callError } from '../support/call-error.js';

const start = workspacesForEachTest();

const echo = {
  name: 'Echo server',
  settings: { url: 'ws://{{host}}:8080/echo', headers: [['Authorization', 'Bearer {{token}}']] as [string, string][], subprotocols: ['chat.v1'] },
  messages: [
    { name: 'hello', kind: 'text' as const, text: '{"hi":"{{user}}"}' },
    { name: 'bytes', kind: 'binary' as const, hex: '00ff10' },
  ],
  variables: { user: 'ada' },
};

const read = (root: string, rel: string) => readFile(path.join(root, rel), 'utf8');

async function snapshot(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else out.set(path.relative(root, p), await readFile(p, 'latin1'));
    }
  };
  await walk(root);
  return out;
}

describe('the default workspace and the file format', () => {
  it('starts with a default workspace in <dataDir>/workspaces/default, with its .gitignore excluding the secrets file', async () => {
    const { h, dataDir, root } = await start();
    expect(root).toBe(path.join(dataDir, 'workspaces', 'default'));
    const { workspace } = await h.call('workspace.get', {});
    expect(workspace).toMatchObject({ name: 'Default', environments: [], activeEnvironment: null, profiles: [], problems: [], conflicts: [] });
    expect(workspace.recent).toEqual([root]);
    expect(await read(root, WORKSPACE_FILE)).toBe(
      '{\n  "formatVersion": 1,\n  "name": "Default",\n  "environments": [],\n  "activeEnvironment": null\n}\n',
    );
    expect((await read(root, '.gitignore')).split('\n')).toContain(`/${SECRETS_FILE}`);
    expect(JSON.parse(await readFile(path.join(dataDir, 'recent-workspaces.json'), 'utf8'))).toEqual({ formatVersion: 1, recent: [root] });
    // every output matches its schema
    expect(calls['workspace.get'].output.safeParse({ workspace }).success).toBe(true);
  });

  it('saves a profile to its own pretty-printed file and reads it back unchanged, also after a restart', async () => {
    const { h, dataDir, root } = await start();
    const saved = await h.call('profiles.save', { profile: echo });
    expect(calls['profiles.save'].output.safeParse(saved).success).toBe(true);
    const { profile } = saved;
    expect(profile).toMatchObject({ formatVersion: 1, name: echo.name, messages: echo.messages, variables: echo.variables });
    expect(profile.settings).toMatchObject(echo.settings);
    const text = await read(root, `${PROFILES_DIR}/echo-server.json`);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
    expect(Object.keys(JSON.parse(text))).toEqual(['formatVersion', 'id', 'name', 'settings', 'messages', 'variables']);
    expect(JSON.parse(text)).toEqual(profile);

    await h.close();
    const again = await start(dataDir);
    expect(again.root).toBe(root);
    const back = await again.h.call('profiles.get', { id: profile.id });
    expect(back.profile).toEqual(profile);
    expect(back.revision).toBe(saved.revision);
    // saving it unchanged writes the same bytes
    await again.h.call('profiles.save', { profile: back.profile });
    expect(await read(root, `${PROFILES_DIR}/echo-server.json`)).toBe(text);
  });

  it('renames, duplicates and deletes profiles, their files following their names', async () => {
    const { h, root } = await start();
    const { profile } = await h.call('profiles.save', { profile: echo });
    const renamed = await h.call('profiles.rename', { id: profile.id, name: 'Staging API (EU)' });
    expect(renamed.profile.name).toBe('Staging API (EU)');
    expect(await readdir(path.join(root, PROFILES_DIR))).toEqual(['staging-api-eu.json']);
    const copy = await h.call('profiles.duplicate', { id: profile.id });
    expect(copy.profile.name).toBe('Staging API (EU) copy');
    expect(copy.profile.id).not.toBe(profile.id);
    expect(copy.profile.messages).toEqual(echo.messages);
    const twin = await h.call('profiles.save', { profile: { ...echo, name: 'Staging API (EU)' } });
    expect((await readdir(path.join(root, PROFILES_DIR))).sort()).toEqual(['staging-api-eu-2.json', 'staging-api-eu-copy.json', 'staging-api-eu.json']);
    await h.call('profiles.delete', { id: profile.id });
    const { workspace } = await h.call('workspace.get', {});
    expect(workspace.profiles.map((p) => [p.name, p.file])).toEqual([
      ['Staging API (EU)', `${PROFILES_DIR}/staging-api-eu-2.json`],
      ['Staging API (EU) copy', `${PROFILES_DIR}/staging-api-eu-copy.json`],
    ]);
    expect(workspace.profiles.find((p) => p.id === twin.profile.id)).toMatchObject({ url: echo.settings.url, messageCount: 2 });
    const gone = await callError(h.call('profiles.get', { id: profile.id }));
    expect(gone.code).toBe('NOT_FOUND');
  });

  it('clears old temp files that killed writes left behind, and nothing else', async () => {
    const { h, dataDir, root } = await start();
    await h.close();
    const dir = path.join(root, PROFILES_DIR);
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const name of ['echo.json.123456', 'fresh.json.42', 'notes.json.bak', 'mine.txt.123']) await writeFile(path.join(dir, name), 'x');
    for (const name of ['echo.json.123456', 'notes.json.bak', 'mine.txt.123']) await utimes(path.join(dir, name), hourAgo, hourAgo);
    await start(dataDir);
    expect((await readdir(dir)).sort()).toEqual(['fresh.json.42', 'mine.txt.123', 'notes.json.bak']);
  });

  it('clears none in a folder without a workspace file (opened for its profiles folder alone)', async () => {
    const { h } = await start();
    const base = await tempDir();
    await mkdir(path.join(base, PROFILES_DIR));
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const name of ['data.json.123456', `${PROFILES_DIR}/x.json.77`]) {
      await writeFile(path.join(base, name), 'theirs');
      await utimes(path.join(base, name), hourAgo, hourAgo);
    }
    await h.call('workspace.open', { path: base });
    expect(await readdir(base)).toContain('data.json.123456');
    expect(await readdir(path.join(base, PROFILES_DIR))).toEqual(['x.json.77']);
  });

  it('keeps secret values out of the shared files and out of the view: only which are set', async () => {
    const { h, root } = await start();
    const { workspace } = await h.call('workspace.saveEnvironments', {
      environments: [{ name: 'dev', variables: { host: '127.0.0.1' }, secrets: ['token'] }],
      activeEnvironment: 'dev',
      secretValues: { dev: { token: 's3cr3t-value' } },
    });
    expect(workspace.secretsSet).toEqual({ dev: ['token'] });
    expect(JSON.stringify(workspace)).not.toContain('s3cr3t-value');
    expect(await read(root, WORKSPACE_FILE)).not.toContain('s3cr3t-value');
    expect(JSON.parse(await read(root, SECRETS_FILE))).toEqual({ formatVersion: 1, values: { dev: { token: 's3cr3t-value' } } });
    // a secret left out keeps its value; one no longer listed loses it
    await h.call('workspace.saveEnvironments', { environments: [{ name: 'dev', variables: { host: 'h' }, secrets: ['token'] }], activeEnvironment: 'dev' });
    expect(JSON.parse(await read(root, SECRETS_FILE)).values).toEqual({ dev: { token: 's3cr3t-value' } });
    await h.call('workspace.saveEnvironments', { environments: [{ name: 'dev', variables: {}, secrets: [] }], activeEnvironment: null });
    expect(JSON.parse(await read(root, SECRETS_FILE)).values).toEqual({});
    const bad = await callError(
      h.call('workspace.saveEnvironments', { environments: [{ name: 'dev', variables: {}, secrets: [] }], activeEnvironment: 'prod' }),
    );
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.message).toMatch(/activeEnvironment.*prod/);
  });
});

describe('git sees one small change per edit', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'core.autocrlf=false', ...args], { cwd, encoding: 'utf8' });

  it('an edit to one profile touches one file, by one line; secrets never show', async () => {
    const { h, root } = await start();
    await h.call('workspace.saveEnvironments', {
      environments: [{ name: 'dev', variables: { host: '127.0.0.1' }, secrets: ['token'] }],
      activeEnvironment: 'dev',
      secretValues: { dev: { token: 'abc' } },
    });
    const { profile } = await h.call('profiles.save', { profile: echo });
    await h.call('profiles.save', { profile: { ...echo, name: 'Other' } });
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'start');
    expect(git(root, 'ls-files')).not.toContain(SECRETS_FILE);

    await h.call('profiles.save', { profile: { ...profile, settings: { ...profile.settings, url: 'ws://{{host}}:9090/echo' } } });
    expect(git(root, 'diff', '--numstat').trim()).toBe(`1\t1\t${PROFILES_DIR}/echo-server.json`);
    git(root, 'commit', '-q', '-am', 'port');

    await h.call('workspace.saveEnvironments', {
      environments: [{ name: 'dev', variables: { host: '10.0.0.2' }, secrets: ['token'] }],
      activeEnvironment: 'dev',
      secretValues: { dev: { token: 'changed' } },
    });
    expect(git(root, 'diff', '--numstat').trim()).toBe(`1\t1\t${WORKSPACE_FILE}`);
    expect(git(root, 'status', '--porcelain').trim()).toBe(`M ${WORKSPACE_FILE}`);
  });
});

describe('bad files: named, left untouched, the rest still loads', () => {
  async function withFiles(files: Record<string, string>): Promise<{ h: WorkspaceHarness; root: string; view: WorkspaceView; before: Map<string, string> }> {
    const dataDir = await tempDir();
    const first = await start(dataDir);
    const good = await first.h.call('profiles.save', { profile: echo });
    expect(good.profile.id).toBeTruthy();
    await first.h.close();
    for (const [rel, text] of Object.entries(files)) {
      if (text === '<delete>') await rm(path.join(first.root, rel));
      else await writeFile(path.join(first.root, rel), text);
    }
    const before = await snapshot(first.root);
    const { h, root } = await start(dataDir);
    const { workspace: view } = await h.call('workspace.get', {});
    return { h, root, view, before };
  }

  const goodProfile = (over: Record<string, unknown>) =>
    JSON.stringify({ formatVersion: 1, id: '3b241101-e2bb-4255-8caf-4136c566a962', name: 'Bad one', settings: { url: 'ws://x/' }, ...over }, null, 2);

  const cases: [string, Record<string, string>, { file: string; field: string | null; message: RegExp }][] = [
    ['truncated JSON', { [`${PROFILES_DIR}/bad.json`]: goodProfile({}).slice(0, 60) }, { file: `${PROFILES_DIR}/bad.json`, field: null, message: /not valid JSON: .* at line \d+, column \d+/ }],
    ['JSON cut between fields', { [`${PROFILES_DIR}/bad.json`]: '{\n  "formatVersion": 1,\n' }, { file: `${PROFILES_DIR}/bad.json`, field: null, message: /not valid JSON: it ends too early, at line 3, column 1 \(cut short\?\)/ }],
    ['an empty file', { [`${PROFILES_DIR}/bad.json`]: '' }, { file: `${PROFILES_DIR}/bad.json`, field: null, message: /not valid JSON: the file is empty/ }],
    ['a wrong type', { [`${PROFILES_DIR}/bad.json`]: goodProfile({ settings: { url: 42 } }) }, { file: `${PROFILES_DIR}/bad.json`, field: 'settings.url', message: /expected string, received number/ }],
    ['a wrong nested type', { [`${PROFILES_DIR}/bad.json`]: goodProfile({ messages: [{ name: 'm', kind: 'binary', hex: 'XYZ' }] }) }, { file: `${PROFILES_DIR}/bad.json`, field: 'messages.0.hex', message: /hex/ }],
    ['an unknown field', { [`${PROFILES_DIR}/bad.json`]: goodProfile({ ulr: 'ws://typo/' }) }, { file: `${PROFILES_DIR}/bad.json`, field: 'ulr', message: /not a field Framescope knows/ }],
    ['a future version', { [`${PROFILES_DIR}/bad.json`]: goodProfile({ formatVersion: 2 }) }, { file: `${PROFILES_DIR}/bad.json`, field: 'formatVersion', message: /is 2: this file was made by a newer Framescope/ }],
    ['no version', { [`${PROFILES_DIR}/bad.json`]: goodProfile({ formatVersion: undefined }) }, { file: `${PROFILES_DIR}/bad.json`, field: 'formatVersion', message: /is missing/ }],
    ['a bad workspace file', { [WORKSPACE_FILE]: '{"formatVersion": 1, "name": "W", "environments": [{"name": 5}]}\n' }, { file: WORKSPACE_FILE, field: 'environments.0.name', message: /expected string/ }],
    ['a workspace file from the future', { [WORKSPACE_FILE]: '{"formatVersion": 7, "name": "W", "shiny": true}\n' }, { file: WORKSPACE_FILE, field: 'formatVersion', message: /newer Framescope/ }],
    ['a missing workspace file', { [WORKSPACE_FILE]: '<delete>' }, { file: WORKSPACE_FILE, field: null, message: /is missing/ }],
    ['a bad secrets file', { [SECRETS_FILE]: '{"formatVersion": 1, "values": {"dev": {"token": 1}}}' }, { file: SECRETS_FILE, field: 'values.dev.token', message: /expected string/ }],
  ];

  for (const [what, files, expected] of cases) {
    it(`${what}: one problem naming file, field and problem; nothing overwritten`, async () => {
      const { h, root, view, before } = await withFiles(files);
      expect(view.problems).toEqual([{ file: expected.file, field: expected.field, message: expect.stringMatching(expected.message) }]);
      // the good profile still loads
      expect(view.profiles.map((p) => p.name)).toEqual([echo.name]);
      // saving around the bad file never writes over it
      if (expected.file.startsWith(PROFILES_DIR)) {
        const refused = await callError(h.call('profiles.save', { profile: { ...echo, id: '3b241101-e2bb-4255-8caf-4136c566a962', name: 'bad' } }));
        // a bad file whose id can still be read refuses that profile's saves; one that is not JSON has no profile to save
        expect(refused.code).toBe(/JSON/.test(expected.message.source) ? 'NOT_FOUND' : 'FILE_PROBLEM');
        const fresh = await h.call('profiles.save', { profile: { ...echo, name: 'bad' } });
        expect(fresh.profile.id).not.toBe('3b241101-e2bb-4255-8caf-4136c566a962');
        const { workspace } = await h.call('workspace.get', {});
        expect(workspace.profiles.find((p) => p.id === fresh.profile.id)?.file).toBe(`${PROFILES_DIR}/bad-2.json`);
      } else if (expected.file === WORKSPACE_FILE && !/missing/.test(expected.message.source)) {
        const refused = await callError(h.call('workspace.saveEnvironments', { environments: [], activeEnvironment: null }));
        expect(refused.code).toBe('FILE_PROBLEM');
        expect(refused.message).toContain(WORKSPACE_FILE);
      } else if (expected.file === SECRETS_FILE) {
        const refused = await callError(h.call('workspace.saveEnvironments', { environments: [], activeEnvironment: null }));
        expect(refused.message).toContain(SECRETS_FILE);
      }
      const after = await snapshot(root);
      for (const [rel, bytes] of before) expect(after.get(rel), rel).toBe(bytes);
    });
  }

  it('a profile file whose id another file already has is reported, not merged', async () => {
    const { h, root } = await start();
    const { profile } = await h.call('profiles.save', { profile: echo });
    const twin = `${PROFILES_DIR}/zz-copy-by-hand.json`;
    const push = h.nextView((v) => v.problems.length > 0);
    await writeFile(path.join(root, twin), await read(root, `${PROFILES_DIR}/echo-server.json`));
    const view = await push;
    expect(view.problems).toEqual([{ file: twin, field: 'id', message: expect.stringContaining(`${PROFILES_DIR}/echo-server.json`) }]);
    expect(view.profiles.map((p) => p.id)).toEqual([profile.id]);
  });

  it('a missing workspace file is written afresh by the next save of the environments, never a bad one', async () => {
    const { h, root } = await withFiles({ [WORKSPACE_FILE]: '<delete>' });
    const { workspace } = await h.call('workspace.saveEnvironments', { environments: [{ name: 'dev', variables: {}, secrets: [] }], activeEnvironment: 'dev' });
    expect(workspace.problems).toEqual([]);
    expect(JSON.parse(await read(root, WORKSPACE_FILE))).toMatchObject({ formatVersion: 1, name: 'default', activeEnvironment: 'dev' });
  });
});

describe('changes made on disk while the app is open', () => {
  it('picks up an edit, a new file and a deletion, and pushes each', async () => {
    const { h, root } = await start();
    const { profile } = await h.call('profiles.save', { profile: echo });
    const file = path.join(root, PROFILES_DIR, 'echo-server.json');

    let next = h.nextView((v) => v.profiles[0]?.url === 'ws://pulled/');
    await writeFile(file, JSON.stringify({ ...profile, settings: { ...profile.settings, url: 'ws://pulled/' } }, null, 2) + '\n');
    await next;
    expect((await h.call('profiles.get', { id: profile.id })).profile.settings.url).toBe('ws://pulled/');

    next = h.nextView((v) => v.profiles.length === 2);
    const added = { ...profile, id: 'a3bb189e-8bf9-3888-9912-ace4e6543002', name: 'From a colleague' };
    await writeFile(path.join(root, PROFILES_DIR, 'colleague.json'), JSON.stringify(added, null, 2) + '\n');
    expect((await next).profiles.map((p) => p.name)).toEqual(['Echo server', 'From a colleague']);

    next = h.nextView((v) => v.profiles.length === 1);
    await rm(file);
    expect((await next).profiles.map((p) => p.name)).toEqual(['From a colleague']);

    next = h.nextView((v) => v.environments.length === 1);
    await writeFile(path.join(root, WORKSPACE_FILE), JSON.stringify({ formatVersion: 1, name: 'Team', environments: [{ name: 'ci', variables: { host: 'ci' } }] }, null, 2));
    expect(await next).toMatchObject({ name: 'Team', environments: [{ name: 'ci', variables: { host: 'ci' }, secrets: [] }] });
  });

  it('follows the profiles folder when it is removed and made again (a git checkout)', async () => {
    const { h, root } = await start();
    const { profile } = await h.call('profiles.save', { profile: echo });
    const text = await read(root, `${PROFILES_DIR}/echo-server.json`);
    let next = h.nextView((v) => v.profiles.length === 0);
    await rm(path.join(root, PROFILES_DIR), { recursive: true });
    await next;
    next = h.nextView((v) => v.profiles.length === 1);
    await mkdir(path.join(root, PROFILES_DIR));
    await writeFile(path.join(root, PROFILES_DIR, 'back.json'), text);
    expect((await next).profiles[0].id).toBe(profile.id);
    next = h.nextView((v) => v.profiles[0]?.name === 'Edited after');
    await writeFile(path.join(root, PROFILES_DIR, 'back.json'), text.replace('"Echo server"', '"Edited after"'));
    await next;
  });
});

describe('conflicts: changed on disk and in the app', () => {
  async function conflicted(o: { viaRevision: boolean }) {
    // with a slow watcher, the disk change is not yet known when the app saves
    const { h, root } = await start(undefined, { watchDebounceMs: o.viaRevision ? 40 : 60_000 });
    const saved = await h.call('profiles.save', { profile: echo });
    const rel = `${PROFILES_DIR}/echo-server.json`;
    const theirs = JSON.stringify({ ...saved.profile, settings: { ...saved.profile.settings, url: 'ws://theirs/' } }, null, 2) + '\n';
    const picked = h.nextView((v) => v.profiles[0]?.url === 'ws://theirs/');
    await writeFile(path.join(root, rel), theirs);
    if (o.viaRevision) await picked;
    const ours = { ...saved.profile, settings: { ...saved.profile.settings, url: 'ws://ours/' } };
    const e = await callError(h.call('profiles.save', { profile: ours, baseRevision: saved.revision }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain(rel);
    const { workspace } = await h.call('workspace.get', {});
    expect(workspace.conflicts).toEqual([{ file: rel, profileId: saved.profile.id, ours: expect.stringContaining('ws://ours/'), theirs }]);
    // nothing was written over theirs, and the list shows the disk's version
    expect(await read(root, rel)).toBe(theirs);
    expect(workspace.profiles[0].url).toBe('ws://theirs/');
    // no further save of that file until the person chooses
    expect((await callError(h.call('profiles.save', { profile: ours }))).code).toBe('CONFLICT');
    return { h, root, rel, theirs, ours: workspace.conflicts[0].ours, id: saved.profile.id };
  }

  it('an edit based on an older revision: kept as a conflict, resolved by keeping ours', async () => {
    const { h, root, rel, ours, id } = await conflicted({ viaRevision: true });
    const { workspace } = await h.call('workspace.resolveConflict', { file: rel, keep: 'ours' });
    expect(workspace.conflicts).toEqual([]);
    expect(await read(root, rel)).toBe(ours);
    expect((await h.call('profiles.get', { id })).profile.settings.url).toBe('ws://ours/');
  });

  it('a save racing a change on disk the watcher has not seen yet: kept as a conflict, resolved by keeping theirs', async () => {
    const { h, root, rel, theirs, id } = await conflicted({ viaRevision: false });
    const { workspace } = await h.call('workspace.resolveConflict', { file: rel, keep: 'theirs' });
    expect(workspace.conflicts).toEqual([]);
    expect(await read(root, rel)).toBe(theirs);
    expect((await h.call('profiles.get', { id })).profile.settings.url).toBe('ws://theirs/');
    // and saving works again
    await h.call('profiles.rename', { id, name: 'Echo server' });
  });

  it('a conflict ends by itself when the disk comes to agree with ours', async () => {
    const { h, root, rel, ours } = await conflicted({ viaRevision: true });
    const next = h.nextView((v) => v.conflicts.length === 0);
    await writeFile(path.join(root, rel), ours);
    expect((await next).profiles[0].url).toBe('ws://ours/');
  });

  it('a profile deleted on disk while edited in the app is not brought back silently', async () => {
    const { h, root } = await start(undefined, { watchDebounceMs: 60_000 });
    const saved = await h.call('profiles.save', { profile: echo });
    await rm(path.join(root, PROFILES_DIR, 'echo-server.json'));
    const e = await callError(h.call('profiles.save', { profile: { ...saved.profile, name: 'Echo server' } }));
    expect(e.code).toBe('CONFLICT');
    const { workspace } = await h.call('workspace.get', {});
    expect(workspace.conflicts[0]).toMatchObject({ theirs: '', ours: expect.stringContaining('Echo server') });
    await h.call('workspace.resolveConflict', { file: workspace.conflicts[0].file, keep: 'ours' });
    expect((await h.call('profiles.get', { id: saved.profile.id })).profile.name).toBe('Echo server');
  });
});

describe('workspace.open checks the typed path and says what is wrong', () => {
  it('opens, creates and refuses with a reason each', async () => {
    const { h } = await start();
    const base = await tempDir();
    const refuse = async (typed: string, create: boolean, message: RegExp) => {
      const e = await callError(h.call('workspace.open', { path: typed, create }));
      expect(e.code, typed).toBe('INVALID_PATH');
      expect(e.message, typed).toMatch(message);
    };
    await refuse('some/relative/dir', false, /not a full path/);
    await refuse(path.join(base, 'nope'), false, /there is no folder at .*nope.*create/);
    await writeFile(path.join(base, 'a-file'), 'x');
    await refuse(path.join(base, 'a-file'), true, /is a file, not a folder/);
    await refuse(path.join(base, 'a-file', 'below'), true, /part of that path is a file/);
    await mkdir(path.join(base, 'empty'));
    await refuse(path.join(base, 'empty'), false, /empty folder, not a workspace yet/);
    await mkdir(path.join(base, 'stuff'));
    await writeFile(path.join(base, 'stuff', 'notes.txt'), 'mine');
    await refuse(path.join(base, 'stuff'), true, /not a Framescope workspace.*holds other files/);
    expect(await readdir(path.join(base, 'stuff'))).toEqual(['notes.txt']);

    const made = await h.call('workspace.open', { path: `  "${path.join(base, 'new', 'team')}"  `, create: true });
    expect(made.workspace).toMatchObject({ path: path.join(base, 'new', 'team'), name: 'team', problems: [] });
    await h.call('profiles.save', { profile: echo });
    const emptyMade = await h.call('workspace.open', { path: path.join(base, 'empty'), create: true });
    expect(emptyMade.workspace.profiles).toEqual([]);
    // switching back finds the profile, and the recent list has all three, newest first
    const back = await h.call('workspace.open', { path: path.join(base, 'new', 'team') });
    expect(back.workspace.profiles.map((p) => p.name)).toEqual([echo.name]);
    expect(back.workspace.recent.slice(0, 3)).toEqual([path.join(base, 'new', 'team'), path.join(base, 'empty'), expect.stringContaining('default')]);
  });

  it('reopens the most recent workspace on the next start', async () => {
    const { h, dataDir } = await start();
    const other = path.join(await tempDir(), 'w');
    await h.call('workspace.open', { path: other, create: true });
    await h.close();
    const again = await start(dataDir);
    expect(again.root).toBe(other);
  });
});

describe('every workspace call answers with its output schema', () => {
  it('profiles.*, workspace.*, variables.resolve', async () => {
    const { h } = await start();
    const check = async (name: CallName, input: unknown) => {
      const out = await h.call(name, input as never);
      const r = calls[name].output.safeParse(out);
      expect(r.success, `${name}: ${r.error?.message}`).toBe(true);
      return out;
    };
    const { profile } = (await check('profiles.save', { profile: echo })) as { profile: { id: string } };
    await check('profiles.get', { id: profile.id });
    await check('profiles.rename', { id: profile.id, name: 'x' });
    await check('profiles.duplicate', { id: profile.id, name: 'y' });
    await check('variables.resolve', { text: '{{user}}', profileId: profile.id });
    await check('workspace.saveEnvironments', { environments: [], activeEnvironment: null });
    await check('workspace.get', {});
    await check('profiles.delete', { id: profile.id });
  });
});
