import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type ElectronBinary = { path: string } | { missing: string };

/** The installed `electron` package's folder, found without loading the package (see findElectron). */
export function electronPackageDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
}

/**
 * The Electron binary, found the way the `electron` package's index.js finds
 * it (`path.txt` names the executable under `dist/`, or under
 * ELECTRON_OVERRIDE_DIST_PATH), or why there is none. Since Electron 42 that
 * index.js downloads a missing binary, from outside the npm registry, as it
 * is required; so the package is read here, never required.
 */
export function findElectron(dir: string = electronPackageDir(), env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  let executable: string | undefined;
  try {
    executable = readFileSync(path.join(dir, 'path.txt'), 'utf8');
  } catch {
    if (!env.ELECTRON_OVERRIDE_DIST_PATH) return { missing: 'it was never downloaded; `npx install-electron` downloads it' };
  }
  const binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(dir, 'dist'), executable ?? 'electron');
  return existsSync(binary) ? { path: binary } : { missing: `no file at ${binary}` };
}
