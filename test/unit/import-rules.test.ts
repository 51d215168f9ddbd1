// The design's dependency rules, read off the real import graph by
// dependency-cruiser with the project's .dependency-cruiser.cjs: the engine
// pure, the renderer reaching only shared/, shared/ reaching neither side,
// Electron imported only by the desktop shell, and no cycle between folders.
// A seeded tree that breaks each rule once shows the rules can fail.
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const CLI = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');
const SOURCES = ['electron', 'shared', 'renderer/src'];

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: { name: string }[];
}

async function violations(cwd: string): Promise<Violation[]> {
  // exit status is the violation count; the JSON is what matters
  const run = await promisify(execFile)(process.execPath, [CLI, '-c', CONFIG, '-T', 'json', ...SOURCES], { cwd, maxBuffer: 256 * 1024 * 1024 }).catch(
    (e: { stdout?: string; stderr?: string; message?: string }) => {
      if (!e.stdout) throw new Error(`dependency-cruiser failed: ${e.stderr || e.message}`);
      return { stdout: e.stdout };
    },
  );
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const readable = (v: Violation) => `${v.rule.name}: ${v.from} → ${v.cycle ? v.cycle.map((c) => c.name).join(' → ') : v.to}`;

describe('the dependency rules', () => {
  it('hold for the project', async () => {
    expect((await violations(ROOT)).map(readable)).toEqual([]);
  });

  const seeded: string[] = [];
  afterAll(() => Promise.all(seeded.map((d) => rm(d, { recursive: true, force: true }))));

  it('catch each kind of break in a seeded tree', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'framescope-rules-'));
    seeded.push(dir);
    const files: Record<string, string> = {
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', allowImportingTsExtensions: true, noEmit: true } }),
      'package.json': JSON.stringify({ name: 'seed', type: 'module', dependencies: { electron: '*' } }),
      'node_modules/electron/package.json': JSON.stringify({ name: 'electron', main: 'index.js' }),
      'node_modules/electron/index.js': 'module.exports = {};\n',
      'electron/protocol/engine.ts': "import { connect } from 'node:net';\nexport const c = connect;\n",
      'electron/services/service.ts': "import { app } from 'electron';\nexport const a = app;\n",
      'electron/main.ts': "import { app } from 'electron';\nexport const a = app;\n",
      'electron/a/one.ts': "import { two } from '../b/two.ts';\nexport const one = () => two;\n",
      'electron/b/two.ts': "import { three } from '../a/three.ts';\nexport const two = three;\n",
      'electron/a/three.ts': 'export const three = 3;\n',
      'shared/helper.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
      'renderer/src/view.ts': "import { one } from '../../electron/a/one.ts';\nexport const v = one;\n",
      'renderer/src/gone.ts': "import { x } from './missing.ts';\nexport const g = x;\n",
    };
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), text);
    }
    const found = (await violations(dir)).map(readable).sort();
    expect(found).toEqual(
      [
        'engine-is-pure: electron/protocol/engine.ts → net',
        'no-folder-cycles: electron/a → electron/b → electron/a',
        'no-folder-cycles: electron/b → electron/a → electron/b',
        'renderer-reaches-only-shared: renderer/src/view.ts → electron/a/one.ts',
        'resolvable: renderer/src/gone.ts → ./missing.ts',
        'services-free-of-electron: electron/services/service.ts → node_modules/electron/index.js',
        'shared-imports-only-shared: shared/helper.ts → fs',
      ].sort(),
    );
  });
});
