/**
 * session.json, the workspace's saved tabs, through WorkspaceService's
 * handlers with real files: written as pretty JSON with keys in a fixed
 * order (one change, a one-line diff), read back when the workspace opens,
 * never written into a workspace the tabs do not belong to, and a broken
 * file (not JSON, a wrong field, a newer format) named once in the view and
 * never written over until it is removed.
 */
import { describe, expect, it } from 'vitest';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SESSION_FILE, type SessionInput } from '../../shared/session-file.js';
import { WORKSPACE_FILE } from '../../shared/workspace.js';
import { tempDir, workspacesForEachTest } from '../support/workspace-harness.js';
import { callError } from '../support/call-error.js';

const start = workspacesForEachTest();

const tab = (id: string, url: string, draft = ''): SessionInput['tabs'][number] => ({
  id,
  kind: 'connection',
  settings: { url, headers: [['Authorization', 'Bearer {{token}}']] },
  draft: { kind: 'text', text: draft, binary: '' },
  view: 'messages',
  filter: { text: 'hello' },
  recordingId: null,
  wasLive: true,
});

describe('session.json', () => {
  it('is written as pretty JSON, keys in a fixed order, and read back when the workspace opens again', async () => {
    const { h, dataDir, root } = await start();
    expect(await h.call('workspace.session', {})).toEqual({ path: root, session: null });
    await h.call('workspace.saveSession', { path: root, session: { active: 'b', tabs: [tab('a', 'ws://one/'), tab('b', 'ws://two/', 'draft')] } });
    const text = await readFile(path.join(root, SESSION_FILE), 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(Object.keys(JSON.parse(text))).toEqual(['formatVersion', 'active', 'tabs']);
    expect(Object.keys(JSON.parse(text).tabs[0])).toEqual(['id', 'kind', 'profileId', 'settings', 'draft', 'view', 'filter', 'recordingId', 'wasLive']);

    // one change is a one-line diff
    await h.call('workspace.saveSession', { path: root, session: { active: 'b', tabs: [tab('a', 'ws://one/'), tab('b', 'ws://two/', 'draft 2')] } });
    const after = await readFile(path.join(root, SESSION_FILE), 'utf8');
    const changed = after.split('\n').filter((line, i) => line !== text.split('\n')[i]);
    expect(changed).toEqual(['        "text": "draft 2",']);

    await h.close();
    const again = await start(dataDir);
    const { session } = await again.h.call('workspace.session', {});
    expect(session?.active).toBe('b');
    expect(session?.tabs.map((t) => [t.id, t.settings.url, t.draft.text, t.view, t.filter.text, t.wasLive])).toEqual([
      ['a', 'ws://one/', '', 'messages', 'hello', true],
      ['b', 'ws://two/', 'draft 2', 'messages', 'hello', true],
    ]);
  });

  it('refuses the tabs of another workspace (a late save after a switch)', async () => {
    const { h, root } = await start();
    const other = path.join(await tempDir(), 'other');
    await h.call('workspace.open', { path: other, create: true });
    const e = await callError(h.call('workspace.saveSession', { path: root, session: { active: null, tabs: [tab('a', 'ws://one/')] } }));
    expect(e.code).toBe('STALE');
    await expect(readFile(path.join(other, SESSION_FILE), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readFile(path.join(root, SESSION_FILE), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.each([
    ['not JSON', '{ "formatVersion": 1, "tabs": [', /is not valid JSON.*ends too early.*not restored.*not saved over/],
    ['a wrong field', JSON.stringify({ formatVersion: 1, active: null, tabs: [{ id: 'a', kind: 'socket', settings: { url: 'ws://x/' } }] }), /tabs\.0\.kind|Invalid option/],
    ['an unknown field', JSON.stringify({ formatVersion: 1, tabs: [], windows: 2 }), /not a field Framescope knows/],
    ['a newer format', JSON.stringify({ formatVersion: 99, tabs: [] }), /newer Framescope/],
  ])('holding %s: named once in the view, no tabs given, never written over until removed', async (_what, broken, problem) => {
    const dataDir = await tempDir();
    const root = path.join(dataDir, 'ws');
    await mkdir(root);
    await writeFile(path.join(root, WORKSPACE_FILE), JSON.stringify({ formatVersion: 1, name: 'Broken' }) + '\n');
    await writeFile(path.join(root, SESSION_FILE), broken);
    const { h } = await start(dataDir);
    const { workspace } = await h.call('workspace.open', { path: root });
    const named = workspace.problems.filter((p) => p.file === SESSION_FILE);
    expect(named).toHaveLength(1);
    expect(`${named[0].field ?? ''} ${named[0].message}`).toMatch(problem);
    expect(await h.call('workspace.session', {})).toEqual({ path: root, session: null });

    const e = await callError(h.call('workspace.saveSession', { path: root, session: { active: null, tabs: [tab('a', 'ws://one/')] } }));
    expect(e.code).toBe('FILE_PROBLEM');
    expect(e.message).toContain(SESSION_FILE);
    expect(await readFile(path.join(root, SESSION_FILE), 'utf8')).toBe(broken);

    // removed by the person: saving starts afresh
    await rm(path.join(root, SESSION_FILE));
    await h.call('workspace.saveSession', { path: root, session: { active: null, tabs: [tab('a', 'ws://one/')] } });
    expect(JSON.parse(await readFile(path.join(root, SESSION_FILE), 'utf8')).tabs[0].settings.url).toBe('ws://one/');
  });
});
