import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findElectron } from './launch/find-electron.js';

/**
 * `npm start`: the desktop app, or, where Electron's binary was never
 * downloaded (an offline install), the same UI in browser mode.
 * Arguments go to whichever starts.
 */
const APP_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('./cli.js', import.meta.url));
const args = process.argv.slice(2);

const electron = findElectron();
let child;
if ('path' in electron) {
  const env = { ...process.env };
  // Set, it would turn the binary into a plain Node.js and the app would never start.
  delete env.ELECTRON_RUN_AS_NODE;
  child = spawn(electron.path, [APP_ROOT, ...args], { stdio: 'inherit', env });
} else {
  process.stderr.write(`framescope: Electron's binary is missing (${electron.missing}); starting browser mode instead\n`);
  child = spawn(process.execPath, [CLI, 'serve', ...args], { stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
