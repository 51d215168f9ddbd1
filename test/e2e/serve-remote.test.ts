// `framescope serve --host` beyond loopback, as a user runs it: refused
// without --allow-remote (exit 2, before listening), and with it a warning
// on standard error that names the addresses reachable and what they expose.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cli, ensureBuilt, runCli } from '../support/processes.js';

let dataDir: string;
beforeAll(() => {
  ensureBuilt();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'framescope-remote-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('framescope serve --host', () => {
  it('refuses an address other machines can reach without --allow-remote', async () => {
    for (const host of ['0.0.0.0', '::']) {
      const r = await runCli(['serve', '--no-open', '--host', host, '--data-dir', dataDir]);
      expect(r.code, host).toBe(2);
      expect(r.stderr, host).toMatch(/--allow-remote/);
      expect(r.stdout, host).toBe('');
    }
  });

  it('with --allow-remote, warns what it exposes and where, then serves', async () => {
    const cli = new Cli(['serve', '--no-open', '--host', '0.0.0.0', '--allow-remote', '--data-dir', dataDir], { timeoutMs: 60_000 });
    try {
      const url = await cli.waitFor(() => /^Framescope UI: (http:\/\/\S+)$/m.exec(cli.stdout)?.[1], 'the "Framescope UI:" line');
      const port = new URL(url).port;
      expect(new URL(url).hostname).toBe('127.0.0.1');
      // standard error is its own pipe: its lines may come after standard output's
      await cli.waitFor(() => /plain HTTP/.test(cli.stderr), 'the whole warning');
      expect(cli.stderr).toMatch(/warning: --allow-remote: listening on 0\.0\.0\.0:\d+/);
      for (const a of Object.values(os.networkInterfaces()).flat()) {
        if (a && a.family === 'IPv4' && !a.internal) expect(cli.stderr).toContain(`http://${a.address}:${port}/`);
      }
      expect(cli.stderr).toContain(dataDir);
      expect(cli.stderr).toMatch(/open connections from this machine/);
      const page = await fetch(url);
      expect(page.status).toBe(200);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  });
});
