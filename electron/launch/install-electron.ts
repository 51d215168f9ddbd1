import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { electronPackageDir, findElectron } from './find-electron.js';

/**
 * The download of Electron's binary that `npm install` does (the prepare
 * script). Electron 42 dropped its own install script and downloads on first
 * use instead; doing it here keeps the README's promise: `npm install` brings
 * the binary, and ELECTRON_SKIP_BINARY_DOWNLOAD=1 skips it, as before.
 */
if (!process.env.ELECTRON_SKIP_BINARY_DOWNLOAD && !('path' in findElectron())) {
  const run = spawnSync(process.execPath, [path.join(electronPackageDir(), 'install.js')], { stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
}
