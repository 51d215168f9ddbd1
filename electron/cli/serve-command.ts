import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startBrowserHost } from '../host/browser-host.js';
import { defaultDataDir } from '../host/data-dir.js';
import { parseCommandLine, UsageError } from './usage-error.js';
import { authority } from '../net/authority.js';
import { hostsServed, isLoopback } from '../host/listen-address.js';

export const SERVE_HELP = `Usage: framescope serve [options]

      --host HOST       address to listen on (default 127.0.0.1)
      --allow-remote    let --host be an address other machines can reach
                        (0.0.0.0, a LAN address): they can then use this
                        app's workspaces, connections and recordings with the token
      --port PORT       port (default: a free port)
      --no-open         do not open a browser tab
      --data-dir DIR    where profiles, workspaces and recordings live`;

const RENDERER_DIR = fileURLToPath(new URL('../../renderer/', import.meta.url));

/** Runs `framescope serve` until the process is stopped. */
export async function runServe(argv: string[]): Promise<number> {
  const v = parseCommandLine({
    args: argv,
    strict: true,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      'allow-remote': { type: 'boolean' },
      port: { type: 'string', default: '0' },
      'no-open': { type: 'boolean' },
      'data-dir': { type: 'string' },
    },
  }).values;
  const port = Number(v.port);
  if (!/^\d+$/.test(v.port) || port > 65535) throw new UsageError(`--port needs a port number 0-65535, got "${v.port}"`);
  const remote = !isLoopback(v.host);
  if (remote && !v['allow-remote']) {
    throw new UsageError(`--host ${v.host} can be reached from other machines; add --allow-remote to listen there (see framescope serve --help)`);
  }
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
      allowRemote: remote,
      onProblem: (message) => process.stderr.write(`framescope: ${message}\n`),
    });
  } catch (e) {
    throw new UsageError(`cannot listen on ${v.host}:${port} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (remote) process.stderr.write(remoteWarning(v.host, Number(new URL(host.url).port), dataDir));
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

/** What --allow-remote exposes, said where the person starting it reads. */
function remoteWarning(host: string, port: number, dataDir: string): string {
  const urls = hostsServed(host)
    .filter((h) => !isLoopback(h))
    .map((h) => `http://${authority(h, port)}/`);
  return [
    `framescope: warning: --allow-remote: listening on ${authority(host, port)}, reachable from other machines at ${urls.join(', ') || 'this address'}.`,
    '  Anyone who can reach it and has the token (in the URL below) can open connections from this machine, with its network access',
    `  and the client certificates handed to it; read and change the workspaces under ${dataDir} and any folder it opens as one,`,
    '  and their profiles and recordings (secret values stay masked). The page and its token travel as plain HTTP.',
    '',
  ].join('\n');
}

function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => process.stderr.write(`framescope: could not open a browser; open the URL above yourself\n`));
  child.unref();
}
