import { parseConnectArgs, CONNECT_HELP } from './cli/connect-args.js';
import { runConnect } from './cli/connect-command.js';
import { INPUT_HELP } from './cli/input-line.js';
import { UsageError } from './cli/usage-error.js';

const HELP = `Framescope: every WebSocket frame as it went over the wire.

Usage:
  framescope connect <url> [options]   talk to a server from the terminal
  framescope run <file|folder>...      run scenario files (scripted checks for CI)
  framescope serve [options]           the desktop UI in a browser tab
  framescope --help | --version

${CONNECT_HELP}

${INPUT_HELP}

Exit status: 0 after a clean closing handshake, 1 when the connection failed
or ended without one, 2 on a usage error.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP + '\n');
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    const { createRequire } = await import('node:module');
    const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };
    process.stdout.write(pkg.version + '\n');
    return 0;
  }
  if (command === 'connect') {
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`${CONNECT_HELP}\n\n${INPUT_HELP}\n`);
      return 0;
    }
    const cmd = parseConnectArgs(rest);
    return runConnect(cmd, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
  }
  if (command === 'run') {
    const { runRun, RUN_HELP } = await import('./cli/run-command.js');
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`${RUN_HELP}\n`);
      return 0;
    }
    return runRun(rest, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
  }
  if (command === 'serve') {
    // loaded only here: connect starts without the services serve needs
    const { runServe, SERVE_HELP } = await import('./cli/serve-command.js');
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`${SERVE_HELP}\n`);
      return 0;
    }
    return runServe(rest);
  }
  throw new UsageError(`unknown command "${command}" (try framescope --help)`);
}

// a reader that went away (`framescope run ... | head`) takes nothing more; that is no crash
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
});

main(process.argv.slice(2)).then(
  (code) => exitAfterFlush(code),
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`framescope: ${e.message}\n`);
      exitAfterFlush(2);
      return;
    }
    process.stderr.write(`framescope: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    exitAfterFlush(1);
  },
);

/** Exits once stdout has taken everything, so piped NDJSON is never cut short. */
function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.exit(code));
}
