import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startBrowserHost } from '../host/browser-host.js';
import { defaultDataDir } from '../host/data-dir.js';
import { UsageError } from './usage-error.js';

export const SERVE_HELP = `Usage: framescope serve [options]

      --host HOST       address to listen on (default 127.0.0.1)
      --port PORT       port (default: a free port)
      --no-open         do not open a browser tab
      --data-dir DIR    where profiles, workspaces and recordings live`;

const RENDERER_DIR = fileURLToPath(new URL('../../renderer/', import.meta.url));

/** Runs `framescope serve` until the process is stopped. */
export async function runServe(argv: string[]): Promise<number> {
  let v;
  try {
    v = parseArgs({
      args: argv,
      strict: true,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '0' },
        'no-open': { type: 'boolean' },
        'data-dir': { type: 'string' },
      },
    }).values;
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const port = Number(v.port);
  if (!/^\d+$/.test(v.port) || port > 65535) throw new UsageError(`--port needs a port number 0-65535, got "${v.port}"`);
  const dataDir = v['data-dir'] ?? defaultDataDir();
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (e) {
    throw new UsageError(`--data-dir: cannot create ${dataDir} (${(e as NodeJS.ErrnoException).code})`);
  }
  let host;
  try {
    host = await startBrowserHost({
      host: v.host,
      port,
      staticDir: RENDERER_DIR,
      dataDir,
      onProblem: (message) => process.stderr.write(`framescope: ${message}\n`),
    });
  } catch (e) {
    throw new UsageError(`cannot listen on ${v.host}:${port} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  // Listening before the URL is out: whoever has seen it may stop the server at once.
  const stopped = new Promise<void>((resolve) => {
    // `on`, not `once`: write-file-atomic's signal-exit re-raises a signal it finds no other
    // listener for, and that would kill the process by the signal halfway through closing.
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => resolve());
  });
  process.stdout.write(`Framescope UI: ${host.url}\n`);
  if (!v['no-open']) openBrowser(host.url);
  await stopped;
  await host.close();
  return 0;
}

function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => process.stderr.write(`framescope: could not open a browser; open the URL above yourself\n`));
  child.unref();
}
