// Helpers for the UI end-to-end tests: `framescope serve` as a child process
// and Debian's Chromium driven by playwright-core (never a browser download).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { Cli, ROOT } from './processes.js';

const RENDERER_INDEX = join(ROOT, 'dist/renderer/index.html');
const CLI_JS = join(ROOT, 'dist/electron/cli.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (/\.(ts|tsx|css|html)$/.test(entry.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Makes sure dist/ holds both the CLI and the renderer bundle, no older than
 * their sources (`npm test` builds first; a lone `npx vitest run` may not).
 */
export function ensureUiBuilt(): void {
  const built = Math.min(existsSync(CLI_JS) ? statSync(CLI_JS).mtimeMs : 0, existsSync(RENDERER_INDEX) ? statSync(RENDERER_INDEX).mtimeMs : 0);
  const sources = Math.max(...['electron', 'shared', 'renderer'].map((d) => newestMtime(join(ROOT, d))));
  if (built >= sources) return;
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0 || !existsSync(RENDERER_INDEX)) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
}

export interface ServeProcess {
  cli: Cli;
  /** the printed URL, token included */
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts `framescope serve --no-open --port 0` with a throwaway data directory,
 * or in `given`, which stop() keeps, so a second server finds what the first saved.
 */
export async function startServe(given?: string): Promise<ServeProcess> {
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'framescope-ui-'));
  const cli = new Cli(['serve', '--no-open', '--port', '0', '--data-dir', dataDir], { timeoutMs: 60 * 60_000 });
  const url = await cli.waitFor(() => /^Framescope UI: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(cli.stdout)?.[1], 'the "Framescope UI:" line');
  return {
    cli,
    url,
    dataDir,
    async stop() {
      if (cli.child.exitCode === null && cli.child.signalCode === null) {
        cli.child.kill('SIGTERM');
        const timer = setTimeout(() => cli.child.kill('SIGKILL'), 5000);
        await cli.exited;
        clearTimeout(timer);
      }
      if (!given) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}
